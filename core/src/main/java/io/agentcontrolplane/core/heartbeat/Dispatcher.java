package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.world.WorkerRun;
import java.util.List;

/**
 * Where worker runs execute: a Jenkins worker job (one build per launch), or local processes in the standalone
 * runtime. The heartbeat asks it what runs, and hands it each launch.
 */
public interface Dispatcher {
    /** The worker runs of this profile the executor knows as queued or running. */
    List<WorkerRun> activeRuns() throws DispatchException;

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
