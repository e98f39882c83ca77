package io.jenkins.plugins.acp;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.StringParameterValue;
import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.FinishedRun;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    /**
     * How far back the worker job's history is read for running and finished builds: far longer than a worker run
     * lasts (the backends' timeouts are minutes) and than the heartbeat takes to see an end.
     */
    static final Duration HISTORY = Duration.ofHours(24);
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
     * The finished builds of this profile's launches in the worker job's recent history, each with its result and
     * end. Reported again at every heartbeat while in {@link #HISTORY} (the heartbeat records an end once), so
     * {@link #acknowledge} has nothing to forget.
     */
    @Override
    public List<FinishedRun> finishedRuns() throws DispatchException {
        List<FinishedRun> out = new ArrayList<>();
        for (Run<?, ?> build : recentBuilds(workerJob())) {
            AcpCause c = build.getCause(AcpCause.class);
            if (!build.isBuilding() && c != null && profileId.equals(c.getProfileId()) && c.getRunId() != null) {
                Instant end = Instant.ofEpochMilli(build.getStartTimeInMillis() + build.getDuration());
                WorkerEnd worker = build.getActions(WorkerEnd.class).stream()
                        .filter(w -> c.getRunId().equals(w.getRunId())).findFirst().orElse(null);
                out.add(worker != null ? finished(worker, end) : finished(c.getRunId(), build.getResult(), end));
            }
        }
        return out;
    }

    /** A build whose worker ended its run: as the worker ended it, whatever became of the build after. */
    static FinishedRun finished(WorkerEnd worker, Instant endedAt) {
        RunPhase phase;
        try {
            phase = RunRecord.Status.parse(worker.getStatus()).phase();
        } catch (IllegalArgumentException e) {
            phase = RunPhase.FAILED;
        }
        if (!phase.terminal()) {
            phase = RunPhase.FAILED; // a worker that recorded no end on its build did not finish its run
        }
        return new FinishedRun(worker.getRunId(), phase, endedAt, worker.getOutcome(), worker.getReason());
    }

    /** A finished build as the engine records it: SUCCESS succeeded, ABORTED cancelled, anything else failed. */
    static FinishedRun finished(String runId, Result result, Instant endedAt) {
        if (result == Result.SUCCESS) {
            return new FinishedRun(runId, RunPhase.SUCCEEDED, endedAt, null, null);
        }
        if (result == Result.ABORTED) {
            return new FinishedRun(runId, RunPhase.CANCELLED, endedAt, null, "build-aborted");
        }
        String name = result == null ? "without-result" : result.toString().toLowerCase(Locale.ROOT);
        return new FinishedRun(runId, RunPhase.FAILED, endedAt, null, "build-" + name.replace('_', '-'));
    }

    /**
     * The worker job's builds started within {@link #HISTORY}, newest first: walked back from the last build, so a
     * long history costs nothing and a build running in it is never missed however many came after it.
     */
    private static List<Run<?, ?>> recentBuilds(Job<?, ?> job) {
        long since = System.currentTimeMillis() - HISTORY.toMillis();
        List<Run<?, ?>> out = new ArrayList<>();
        for (Run<?, ?> build = job.getLastBuild(); build != null && build.getStartTimeInMillis() >= since;
                build = build.getPreviousBuild()) {
            out.add(build);
        }
        return out;
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
        for (Run<?, ?> build : recentBuilds(job)) {
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
