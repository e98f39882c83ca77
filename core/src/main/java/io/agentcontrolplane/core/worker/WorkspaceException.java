package io.agentcontrolplane.core.worker;

/** A workspace could not be prepared, kept or removed; the message names the path or ref and says why. */
public final class WorkspaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
