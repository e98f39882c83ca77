package io.jenkins.plugins.acp;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.StringParameterValue;
import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.FinishedRun;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.ParameterizedJobMixIn;

/**
 * Runs the workers of one profile as builds of its worker job: one build per launch, with the parameters of
 * {@link WorkerParameters} and an {@link AcpCause}. The queued and running builds carrying this profile's cause are
 * its active runs. Called by the heartbeat, which runs as SYSTEM.
 */
public class JenkinsDispatcher implements Dispatcher {
    /** How many recent builds of the worker job are looked at for running ones. */
    static final int RECENT_BUILDS = 200;
    private static final Logger LOGGER = Logger.getLogger(JenkinsDispatcher.class.getName());

    private final String profileId;
    private final String workerJob;
    private final JenkinsFacade jenkins;

    public JenkinsDispatcher(String profileId, String workerJob, JenkinsFacade jenkins) {
        this.profileId = profileId;
        this.workerJob = workerJob;
        this.jenkins = jenkins;
    }

    @Override
    public void dispatch(WorkerLaunch launch) throws DispatchException {
        if (!profileId.equals(launch.profileId())) {
            throw new DispatchException("launch " + launch.runId() + " is for profile '" + launch.profileId()
                    + "', not '" + profileId + "'");
        }
        Job<?, ?> job = workerJob();
        if (!job.isBuildable()) {
            throw new DispatchException("worker job '" + workerJob + "' of profile '" + profileId
                    + "' is not buildable (disabled?)");
        }
        for (WorkerRun run : activeRuns(job)) {
            if (run.runId().equals(launch.runId())) {
                return; // already queued or running: never a second run for the same id
            }
        }
        List<String> missing = WorkerParameters.missingParameters(jenkins.parameterNames(job));
        if (!missing.isEmpty()) {
            // e.g. a Jenkinsfile declaring them in parameters {} before its first build: the values still reach
            // the build as safe parameters (below), so this is worth a warning, not a refusal
            LOGGER.log(Level.WARNING, "Worker job ''{0}'' of profile ''{1}'' does not define the string parameters "
                    + "{2}; they are passed anyway", new Object[] {workerJob, profileId, missing});
        }
        Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(job, -1, new CauseAction(new AcpCause(launch)),
                parameters(job, launch));
        if (item == null) {
            throw new DispatchException("Jenkins refused to schedule worker job '" + workerJob + "' for "
                    + launch.description());
        }
    }

    /**
     * The launch's four values, plus the default of every other parameter the job defines (a ParametersAction
     * replaces all of a build's values); the four are safe parameters, so they reach the build even when the job
     * does not define them yet.
     */
    static ParametersAction parameters(Job<?, ?> job, WorkerLaunch launch) {
        Map<String, String> ours = WorkerParameters.of(launch);
        List<ParameterValue> values = new ArrayList<>();
        ours.forEach((name, value) -> values.add(new StringParameterValue(name, value)));
        ParametersDefinitionProperty defined = job.getProperty(ParametersDefinitionProperty.class);
        if (defined != null) {
            for (ParameterDefinition d : defined.getParameterDefinitions()) {
                ParameterValue value = ours.containsKey(d.getName()) ? null : d.getDefaultParameterValue();
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return new ParametersAction(values, WorkerParameters.NAMES);
    }

    @Override
    public List<WorkerRun> activeRuns() throws DispatchException {
        return activeRuns(workerJob());
    }

    /**
     * Not yet reported: until the plugin reads finished worker builds (their result and end), a finished build's run
     * is settled by the heartbeat as lost after {@code Heartbeat.LOST_RUN_GRACE}. The plugin's own issue fixes this.
     */
    @Override
    public List<FinishedRun> finishedRuns() {
        return List.of();
    }

    private List<WorkerRun> activeRuns(Job<?, ?> job) {
        Map<String, WorkerRun> runs = new LinkedHashMap<>();
        for (Queue.Item item : jenkins.queueItems(job)) {
            for (Cause cause : item.getCauses()) {
                if (cause instanceof AcpCause c && profileId.equals(c.getProfileId())) {
                    c.toWorkerRun(RunPhase.PENDING, Instant.ofEpochMilli(item.getInQueueSince()))
                            .ifPresent(r -> runs.put(r.runId(), r));
                }
            }
        }
        for (Run<?, ?> build : job.getBuilds().limit(RECENT_BUILDS)) {
            if (!build.isBuilding()) {
                continue;
            }
            AcpCause c = build.getCause(AcpCause.class);
            if (c != null && profileId.equals(c.getProfileId())) {
                // a build that left the queue meanwhile counts once, as running
                c.toWorkerRun(RunPhase.RUNNING, Instant.ofEpochMilli(build.getStartTimeInMillis()))
                        .ifPresent(r -> runs.put(r.runId(), r));
            }
        }
        return List.copyOf(runs.values());
    }

    private Job<?, ?> workerJob() throws DispatchException {
        if (workerJob == null || workerJob.isBlank()) {
            throw new DispatchException("profile '" + profileId + "' has no worker job configured");
        }
        return jenkins.findJob(workerJob).orElseThrow(() -> new DispatchException("worker job '" + workerJob
                + "' of profile '" + profileId + "' does not exist (or is not visible)"));
    }
}
