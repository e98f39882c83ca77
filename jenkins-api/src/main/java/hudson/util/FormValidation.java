package hudson.util;

import java.io.IOException;

/** Declaration of {@code hudson.util.FormValidation}. */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    public final Kind kind;

    private FormValidation() {
        this.kind = null;
    }

    /** Declaration of {@code hudson.util.FormValidation$Kind}. */
    public enum Kind {
        OK, WARNING, ERROR
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static FormValidation validateRequired(String value) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
