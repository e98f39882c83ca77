package io.jenkins.plugins.acp;

import hudson.model.Action;

/**
 * How the worker of a build ended its run, as the {@code acpWorker} step recorded it on the build. The heartbeat
 * records a finished worker build with it rather than with the build's result: a build aborted or failed after its
 * worker ended (before {@code acpReconcile}) still has the worker's result to publish.
 */
public interface WorkerEnd extends Action {
    String getRunId();

    /** {@code succeeded}, {@code failed} or {@code cancelled} (the run was no longer needed). */
    String getStatus();

    String getOutcome();

    String getReason();
}
