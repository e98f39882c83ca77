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
        String reason) {
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

    public static WorkerRun active(String runId, Lane lane, ItemRef item, RunPhase phase, Instant startedAt) {
        return new WorkerRun(runId, lane, item, phase, startedAt, null, false, false, false, null, null, null);
    }

    /** Minutes of agent time, counting a run still going up to {@code now}. */
    public long agentMinutes(Instant now) {
        Instant end = endedAt != null ? endedAt : (phase.terminal() ? startedAt : now);
        long seconds = Math.max(0, end.getEpochSecond() - startedAt.getEpochSecond());
        return (seconds + 59) / 60;
    }

    public WorkerRun withPhase(RunPhase newPhase, Instant ended) {
        return new WorkerRun(runId, lane, item, newPhase, startedAt, ended, heavy, recurring, exclusive, provider,
                outcome, reason);
    }
}
