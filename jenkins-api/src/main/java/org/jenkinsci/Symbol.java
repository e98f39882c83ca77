package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declaration of {@code org.jenkinsci.Symbol} from org.jenkins-ci:symbol-annotation 1.26, which is not on Maven
 * Central. Its shape (String[] value(), RUNTIME, TYPE) is stated in ../shared/jenkins-api/README.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Symbol {
    String[] value();
}
