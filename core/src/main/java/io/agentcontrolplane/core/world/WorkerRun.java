package io.agentcontrolplane.core.world;

import java.time.Instant;
import java.util.Objects;

/**
 * One worker run: a lane's work on one item. Active runs come from the executor (the world) and from the
 * durable run records; finished ones stay in the records and feed the lifetime budget.
 *
 * @param heavy whether it took the heavy slot when it launched
 * @param recurring whether its issue was recurring when it launched
 * @param exclusive whether its item was exclusive when it launched
 * @param provider the provider key it runs on
 * @param seenAt when the executor last reported it (recorded at most every few minutes); a run is lost only when the
 *     executor has not reported it for a while, however long it has been running
 */
public record WorkerRun(
        String runId,
        Lane lane,
        ItemRef item,
        RunPhase phase,
        Instant startedAt,
        Instant endedAt,
        boolean heavy,
        boolean recurring,
        boolean exclusive,
        String provider,
        String outcome,
        String reason,
        Instant seenAt) {
    /** The reason of a run whose backend could not be started as configured (see {@link #countsAsAttempt()}). */
    public static final String BACKEND_MISCONFIGURED = "backend-misconfigured";
    /**
     * The reason of a run that ended without working because its item was merged or closed before it could start:
     * superseded, not failed (no attempt, no retry, no backoff).
     */
    public static final String NO_LONGER_NEEDED = "no-longer-needed";

    public WorkerRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(item, "item");
        phase = Objects.requireNonNullElse(phase, RunPhase.PENDING);
        startedAt = Objects.requireNonNullElse(startedAt, Instant.EPOCH);
        if (lane.isPr() != (item.kind() == ItemRef.Kind.PR)) {
            throw new IllegalArgumentException("run " + runId + ": lane " + lane.wireName()
                    + " does not work on " + item);
        }
    }

    public WorkerRun(String runId, Lane lane, ItemRef item, RunPhase phase, Instant startedAt, Instant endedAt,
            boolean heavy, boolean recurring, boolean exclusive, String provider, String outcome, String reason) {
        this(runId, lane, item, phase, startedAt, endedAt, heavy, recurring, exclusive, provider, outcome, reason,
                null);
    }

    public static WorkerRun active(String runId, Lane lane, ItemRef item, RunPhase phase, Instant startedAt) {
        return new WorkerRun(runId, lane, item, phase, startedAt, null, false, false, false, null, null, null);
    }

    /**
     * Whether this run spends an attempt and the item's lifetime budget. A run that failed because its backend is
     * misconfigured (binary missing, unknown flag) never reached an agent: it costs neither, and the backend is held
     * until the profile changes instead. Nor does one whose item was merged or closed before it could work.
     */
    public boolean countsAsAttempt() {
        return !(phase == RunPhase.FAILED && BACKEND_MISCONFIGURED.equals(reason)) && !NO_LONGER_NEEDED.equals(reason);
    }

    /** When the run was last known to be alive: the executor's last report, else its start. */
    public Instant lastSignOfLife() {
        return seenAt != null && seenAt.isAfter(startedAt) ? seenAt : startedAt;
    }

    public WorkerRun withSeenAt(Instant at) {
        return new WorkerRun(runId, lane, item, phase, startedAt, endedAt, heavy, recurring, exclusive, provider,
                outcome, reason, at);
    }

    /** Minutes of agent time, counting a run still going up to {@code now}. */
    public long agentMinutes(Instant now) {
        Instant end = endedAt != null ? endedAt : (phase.terminal() ? startedAt : now);
        long seconds = Math.max(0, end.getEpochSecond() - startedAt.getEpochSecond());
        return (seconds + 59) / 60;
    }

    public WorkerRun withPhase(RunPhase newPhase, Instant ended) {
        return new WorkerRun(runId, lane, item, newPhase, startedAt, ended, heavy, recurring, exclusive, provider,
                outcome, reason, seenAt);
    }
}
