package io.agentcontrolplane.core.prompt;

/** A prompt template that cannot be used: the message names the template and what is wrong with it. */
public final class PromptException extends Exception {
    private static final long serialVersionUID = 1L;

    public PromptException(String message) {
        super(message);
    }
}
