package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.world.WorkerRun;
import java.util.List;

/**
 * Where worker runs execute: a Jenkins worker job (one build per launch), or local processes in the standalone
 * runtime. The heartbeat asks it what runs and what has ended, records both, and hands it each launch. The
 * executor never writes the state store itself: the whole life of a run goes through this contract.
 */
public interface Dispatcher {
    /** The worker runs of this profile the executor knows as queued or running. */
    List<WorkerRun> activeRuns() throws DispatchException;

    /**
     * The worker runs of this profile that have ended and that the heartbeat has not yet {@linkplain #acknowledge
     * acknowledged}. Reporting one again is harmless (the heartbeat records an end once), forgetting one is not: a
     * run the executor neither reports active nor finished is settled as lost after a grace period.
     */
    List<FinishedRun> finishedRuns() throws DispatchException;

    /**
     * The heartbeat has recorded run {@code runId}'s end: the executor may forget it. An executor that reports only
     * what it can always look up again (a build history) need not do anything.
     */
    default void acknowledge(String runId) throws DispatchException {
    }

    /** Starts (or queues) the worker run for a launch. Must not start a second run for the same run id. */
    void dispatch(WorkerLaunch launch) throws DispatchException;

    /** A dispatch or a query that failed; the heartbeat rolls the launch back. */
    final class DispatchException extends Exception {
        private static final long serialVersionUID = 1L;

        public DispatchException(String message, Throwable cause) {
            super(message, cause);
        }

        public DispatchException(String message) {
            super(message);
        }
    }
}
