package hudson;

import java.io.IOException;

/** Declaration of {@code hudson.AbortException}: fails a build or step with just its message (no stack trace). */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
