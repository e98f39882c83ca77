package io.agentcontrolplane.core.agent;

/**
 * How one attempt ended, as a backend adapter judges it.
 *
 * @param failure {@code null} when the agent finished normally
 * @param detail one line a person can act on
 */
record Verdict(AgentFailure failure, String detail) {
    static Verdict completed(String detail) {
        return new Verdict(null, detail);
    }

    static Verdict failed(AgentFailure failure, String detail) {
        return new Verdict(failure, detail);
    }

    boolean ok() {
        return failure == null;
    }
}
