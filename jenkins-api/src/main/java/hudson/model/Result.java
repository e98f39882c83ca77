package hudson.model;

import java.io.Serializable;

/** Declaration of {@code hudson.model.Result} (constants used by the plugin's {@code *ITest}s). */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Result SUCCESS = null;
    public static final Result FAILURE = null;

    private Result() {
    }
}
