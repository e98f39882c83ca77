package io.agentcontrolplane.core.agent;

/** One backend's way of running an agent once (one attempt); {@link LocalAgentRunner} retries around it. */
interface AgentBackend {
    /** The backend's name, as in {@link io.agentcontrolplane.core.profile.Backends#SUPPORTED}. */
    String name();

    Attempted attempt(Attempt attempt) throws InterruptedException;

    /**
     * How one attempt went.
     *
     * @param exitCode the process's exit code, {@code null} when it was stopped or never started
     * @param started whether anything was started (a configuration failure found before starting costs no attempt)
     */
    record Attempted(Verdict verdict, Integer exitCode, boolean started) {
        static Attempted notStarted(AgentFailure failure, String detail) {
            return new Attempted(Verdict.failed(failure, detail), null, false);
        }
    }
}
