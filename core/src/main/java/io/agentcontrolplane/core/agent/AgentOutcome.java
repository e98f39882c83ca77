package io.agentcontrolplane.core.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * How an agent invocation ended.
 *
 * @param failure {@code null} when the agent exited normally (exit 0); otherwise why it did not
 * @param exitCode the process's exit code, {@code null} when it was killed or never started
 * @param detail one line a person can act on (what is missing, which limit was hit), never a stack trace
 * @param attempts how many times the agent was started (retries on transient network failures and timeouts)
 */
public record AgentOutcome(AgentFailure failure, Integer exitCode, String detail, Instant startedAt, Instant endedAt,
        int attempts) {
    public AgentOutcome {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public boolean completed() {
        return failure == null;
    }
}
