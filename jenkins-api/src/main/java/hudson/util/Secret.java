package hudson.util;

import java.io.Serializable;

/** Declaration of {@code hudson.util.Secret}. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String getEncryptedValue() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static Secret fromString(String data) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static String toString(Secret s) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
