package io.agentcontrolplane.core.agent;

/** Why an agent invocation did not complete, in the classes reconcile and retry decide on. */
public enum AgentFailure {
    /** Provider quota or usage limit: no retry; the provider cools down and the pool fails over. */
    QUOTA("provider-quota-limit"),
    AUTH("auth-failure"),
    NETWORK("network-connection"),
    TIMEOUT("timeout"),
    STALL("stalled"),
    CRASH("agent-crashed"),
    INVALID_RESULT("invalid-result"),
    /** Binary not found, exit 126/127, unknown flag: costs no attempt; the backend is unusable until fixed. */
    CONFIGURATION("backend-misconfigured");

    private final String reason;

    AgentFailure(String reason) {
        this.reason = reason;
    }

    /** The run's reason as recorded and shown, e.g. {@code provider-quota-limit}. */
    public String reason() {
        return reason;
    }
}
