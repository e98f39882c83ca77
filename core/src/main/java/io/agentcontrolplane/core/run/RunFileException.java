package io.agentcontrolplane.core.run;

/** A run directory file that must not or cannot be read; the message names the file and the reason. */
public final class RunFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public RunFileException(String message) {
        super(message);
    }
}
