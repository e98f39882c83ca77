package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.world.RunPhase;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker run the executor saw end, as it reports it to the heartbeat: the heartbeat records it (the run's terminal
 * record, retry backoff or clearing) and then {@linkplain Dispatcher#acknowledge acknowledges} it, so no executor
 * writes the state store behind the engine's back and a finished run is never settled as lost.
 *
 * @param phase {@link RunPhase#SUCCEEDED}, {@link RunPhase#FAILED} or {@link RunPhase#CANCELLED}
 * @param endedAt when the run ended (the worker's terminal record, else when its process was seen gone)
 * @param outcome the result's outcome when the worker wrote one (e.g. {@code implemented}), else the phase's name
 * @param reason why it failed (e.g. {@code timeout}, {@code backend-misconfigured}, {@code worker-exit-2}); null
 *     on success
 */
public record FinishedRun(String runId, RunPhase phase, Instant endedAt, String outcome, String reason) {
    public FinishedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(endedAt, "endedAt");
        if (!phase.terminal()) {
            throw new IllegalArgumentException("run " + runId + ": a finished run cannot be " + phase.wireName());
        }
        outcome = outcome == null || outcome.isBlank() ? phase.wireName() : outcome;
    }
}
