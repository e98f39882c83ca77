package io.jenkins.plugins.acp.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.agentcontrolplane.core.outbox.FlushReport;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.reconcile.ReconcileReport;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.run.RunDirectory;
import io.agentcontrolplane.core.run.RunFileException;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.state.HeartbeatLock;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.jenkins.plugins.acp.ProfileReconcilers;
import java.io.PrintStream;
import java.io.Serial;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code acpReconcile()} on the controller, after {@code acpWorker()}: turns the run's result into GitHub writes with
 * the engine's {@link Reconciler} (the same code as the standalone heartbeat's), under the profile's heartbeat lock.
 * The worker's terminal {@code run.json} is recorded in the state first, exactly as the heartbeat records a finished
 * run (the heartbeat later finds it recorded and only acknowledges the build). Then it reconciles and flushes the
 * outbox until the run is reconciled, at most {@link #PASSES} times; what still waits (GitHub unreachable, a rate
 * limit) stays in the outbox for the heartbeat to send; a repeated {@code acpReconcile} goes on from what is done.
 * Returns {@code [status:, result:, detail:]}.
 */
public class AcpReconcileStep extends RunStep {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String NAME = "acpReconcile";
    static final int PASSES = 4;
    /** How long the step waits for a heartbeat of the profile to release the lock. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(2);

    @DataBoundConstructor
    public AcpReconcileStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Runs off the CPS VM thread; after a restart it fails, and running it again goes on from what is done. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final AcpReconcileStep step;

        Execution(StepContext context, AcpReconcileStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            PrintStream log = context.get(TaskListener.class).getLogger();
            EnvVars env = context.get(EnvVars.class);
            WorkerArguments args = step.arguments(null, null, env);
            AcpWorkerStep.fail(args.problems(NAME, null));
            StepProfile p = StepProfile.of(NAME, args.profile(), context.get(Run.class));
            String runId = StateStore.requireSafeName(args.run(), "run id");
            StateStore store = p.store();
            Clock clock = Clock.systemUTC();
            try (HeartbeatLock lock = lock(store)) {
                WorkerRun recorded = store.run(runId).orElseThrow(() -> new AbortException(NAME + ": run " + runId
                        + " is not recorded for profile '" + args.profile() + "'"));
                if (!recorded.phase().terminal()) {
                    store.putRun(ended(recorded, new RunDirectory(p.runsRoot().resolve(runId))));
                }
                Outbox outbox = Outbox.open(p.stateDir(), p.profile().schedules().retryCooldowns());
                GitHubForge forge = p.forge(p.stateDir());
                try {
                    Reconciler reconciler = ProfileReconcilers.create(p.profile(), store, outbox, forge, p.token(),
                            clock);
                    ReconcileReport report = null;
                    for (int pass = 1; pass <= PASSES; pass++) {
                        report = reconciler.reconcile(runId);
                        log.print(report.render());
                        if (!"waiting".equals(report.status())) {
                            break;
                        }
                        flush(outbox, forge, log);
                    }
                    if ("reconciled".equals(report.status())) {
                        // what the last pass queued (the "Opened PR" comment, labels) goes out now
                        flush(outbox, forge, log);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("runId", runId);
                    out.put("status", report.status());
                    out.put("result", report.result());
                    out.put("detail", report.detail());
                    return out;
                } finally {
                    GitHubForges.close(forge);
                }
            }
        }

        private static void flush(Outbox outbox, GitHubForge forge, PrintStream log) {
            FlushReport flush = outbox.flush(forge, 50);
            log.println("outbox: " + flush.sent() + " sent, " + flush.confirmed() + " confirmed, "
                    + flush.deferred() + " deferred, " + flush.failed() + " failed"
                    + (flush.note() == null ? "" : " (" + flush.note() + ")"));
        }

        private static HeartbeatLock lock(StateStore store) throws InterruptedException, AbortException {
            long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
            while (true) {
                Optional<HeartbeatLock> lock = store.tryLockHeartbeat();
                if (lock.isPresent()) {
                    return lock.get();
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AbortException(NAME + ": a heartbeat of the profile held its lock for "
                            + LOCK_WAIT.toMinutes() + " minutes; the next heartbeat reconciles the run");
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * The recorded run ended as its worker's terminal {@code run.json} says (as the heartbeat records a finished
     * run); AbortException when the worker has not ended it.
     */
    static WorkerRun ended(WorkerRun r, RunDirectory dir) throws AbortException {
        Optional<RunRecord> record;
        try {
            record = dir.readRecord();
        } catch (RunFileException e) {
            throw new AbortException(NAME + ": run " + r.runId() + ": " + e.getMessage());
        }
        if (record.isEmpty() || !record.get().terminal()) {
            throw new AbortException(NAME + ": run " + r.runId() + " has not ended ("
                    + (record.isEmpty() ? "no run.json in " + dir.path() : "run.json says running")
                    + "); call acpReconcile after acpWorker");
        }
        RunRecord end = record.get();
        RunPhase phase = end.status().phase();
        return new WorkerRun(r.runId(), r.lane(), r.item(), phase, r.startedAt(), end.endedAt(), r.heavy(),
                r.recurring(), r.exclusive(), r.provider(), end.outcome(), end.reason(), r.seenAt());
    }

    @Extension
    @Symbol(NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AcpReconcileStep_DisplayName();
        }
    }
}
