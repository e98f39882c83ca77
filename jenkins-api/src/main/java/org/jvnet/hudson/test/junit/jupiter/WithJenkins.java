package org.jvnet.hudson.test.junit.jupiter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declaration of jenkins-test-harness' JUnit 5 {@code @WithJenkins} (injects a JenkinsRule parameter). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WithJenkins {
}
