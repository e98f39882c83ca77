package io.jenkins.plugins.casc.misc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declaration of casc-test-harness' {@code @ConfiguredWithCode} (the YAML resources to apply before the test). */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ConfiguredWithCode {
    String[] value();

    // The real defaults are not part of the signature data; only their presence is.
    Class<? extends Throwable> expected() default Throwable.class;

    String message() default "";
}
