package io.agentcontrolplane.core.run;

import java.time.Instant;
import java.util.Optional;

/**
 * What a run directory says about its worker, as the reference's worker status does: in this order, a terminal run
 * record; a running record whose worker process is alive ({@code running}); a running record whose worker is gone
 * but whose valid result is there ({@code succeeded}, a result-only completion: the worker died after the agent
 * finished); a running record whose worker is gone without a result ({@code failed},
 * {@code runner-aborted-before-completion}: a crash); no record at all ({@code unknown}).
 *
 * @param state {@code running}, {@code succeeded}, {@code failed} or {@code unknown}
 * @param resultOnlyCompletion whether success was read from the result alone, the worker having died
 */
public record WorkerStatus(String state, String reason, String detail, String outcome, Instant endedAt,
        boolean resultOnlyCompletion) {
    public static final String CRASHED = "runner-aborted-before-completion";

    /** Whether the worker process is still the one the record names (a recycled pid has another start time). */
    public static boolean alive(RunRecord record) {
        Optional<ProcessHandle> h = ProcessHandle.of(record.pid());
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = h.get().info().startInstant();
        return record.processStartedAt() == null || start.isEmpty() || start.get().equals(record.processStartedAt());
    }

    public static WorkerStatus of(RunDirectory dir, Instant now) {
        return of(dir, now, WorkerStatus::alive);
    }

    /**
     * As {@link #of(RunDirectory, Instant)}, with the liveness of the record's worker decided by {@code alive}: a
     * worker that is a thread of a live process is gone when its thread is, not when the process is.
     */
    public static WorkerStatus of(RunDirectory dir, Instant now, java.util.function.Predicate<RunRecord> alive) {
        Optional<RunRecord> record;
        try {
            record = dir.readRecord();
        } catch (RunFileException e) {
            return new WorkerStatus("failed", "invalid-run-record", e.getMessage(), null, now, false);
        }
        if (record.isEmpty()) {
            return new WorkerStatus("unknown", null, "no " + RunFiles.RUN + " in " + dir.path(), null, null, false);
        }
        RunRecord r = record.get();
        if (r.terminal()) {
            return new WorkerStatus(r.status().wireName(), r.reason(), r.detail(), r.outcome(), r.endedAt(), false);
        }
        if (alive.test(r)) {
            return new WorkerStatus("running", null, null, null, null, false);
        }
        RunDirectory.ResultRead result = dir.readResult(r.lane());
        if (result.result() != null) {
            return new WorkerStatus("succeeded", null, "the worker ended before recording the run; its result was"
                    + " complete", result.result().outcome(), now, true);
        }
        return new WorkerStatus("failed", CRASHED, result.problem() != null ? result.problem()
                : "the worker process " + r.pid() + " is gone and left no result", null, now, false);
    }
}
