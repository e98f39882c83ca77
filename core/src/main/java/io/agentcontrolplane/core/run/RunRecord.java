package io.agentcontrolplane.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import java.time.Instant;
import java.util.Objects;

/**
 * The worker's record of one run, {@link RunFiles#RUN} in its run directory: written {@code running} when the worker
 * starts (with its process, for crash detection) and rewritten once, terminal, when it ends. The executor reports
 * the terminal record to the heartbeat as the run's end; nobody else writes it.
 *
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param reason why it failed, e.g. {@code timeout}, {@code invalid-result}, {@code backend-misconfigured}
 * @param detail one line a person can act on (what is missing, which file is wrong)
 * @param outcome the result's outcome when the run produced a valid result
 * @param action the result's action when the run produced a valid result
 * @param pid the worker process, and {@code processStartedAt} its start (a reused pid has another)
 * @param attempts how many times the agent was started
 */
public record RunRecord(String runId, String profileId, Lane lane, ItemRef item, String backend, Status status,
        String reason, String detail, String outcome, String action, Instant startedAt, Instant endedAt, long pid,
        Instant processStartedAt, int attempts) {
    /** Where a run is, as its worker records it. */
    public enum Status {
        RUNNING("running"), SUCCEEDED("succeeded"), FAILED("failed"),
        /** Ended without doing the work because it was no longer needed (its item was merged or closed). */
        CANCELLED("cancelled");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** The phase the heartbeat records for a run its worker left in this status. */
        public RunPhase phase() {
            return switch (this) {
                case RUNNING -> RunPhase.RUNNING;
                case SUCCEEDED -> RunPhase.SUCCEEDED;
                case FAILED -> RunPhase.FAILED;
                case CANCELLED -> RunPhase.CANCELLED;
            };
        }

        @JsonCreator
        public static Status parse(String text) {
            for (Status s : values()) {
                if (s.wireName.equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown run status '" + text + "' (expected running, succeeded, failed"
                    + " or cancelled)");
        }
    }

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static RunRecord running(String runId, String profileId, Lane lane, ItemRef item, String backend,
            Instant startedAt, ProcessHandle worker) {
        return new RunRecord(runId, profileId, lane, item, backend, Status.RUNNING, null, null, null, null, startedAt,
                null, worker.pid(), worker.info().startInstant().orElse(null), 0);
    }

    public RunRecord succeeded(RunResult result, Instant at, int attemptCount) {
        return new RunRecord(runId, profileId, lane, item, backend, Status.SUCCEEDED, null, result.detail(),
                result.outcome(), result.action(), startedAt, at, pid, processStartedAt, attemptCount);
    }

    public RunRecord failed(String why, String text, Instant at, int attemptCount) {
        return new RunRecord(runId, profileId, lane, item, backend, Status.FAILED, why, text, null, null, startedAt,
                at, pid, processStartedAt, attemptCount);
    }

    /** Ended without doing the work, for {@code why} (see {@link Status#CANCELLED}); not a failure. */
    public RunRecord cancelled(String why, String text, Instant at) {
        return new RunRecord(runId, profileId, lane, item, backend, Status.CANCELLED, why, text, null, null, startedAt,
                at, pid, processStartedAt, 0);
    }

    public boolean terminal() {
        return status != Status.RUNNING;
    }
}
