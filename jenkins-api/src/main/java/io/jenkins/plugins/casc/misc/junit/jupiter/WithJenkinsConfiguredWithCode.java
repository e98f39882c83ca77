package io.jenkins.plugins.casc.misc.junit.jupiter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declaration of casc-test-harness' JUnit 5 {@code @WithJenkinsConfiguredWithCode}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WithJenkinsConfiguredWithCode {
}
