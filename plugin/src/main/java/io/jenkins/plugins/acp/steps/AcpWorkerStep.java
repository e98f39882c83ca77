package io.jenkins.plugins.acp.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.StreamBuildListener;
import hudson.model.TaskListener;
import io.agentcontrolplane.core.heartbeat.KeptRuns;
import io.agentcontrolplane.core.run.RunDirectory;
import io.agentcontrolplane.core.run.RunFileException;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.worker.Worker;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code acpWorker()} inside {@code node {}}, on any node: performs one worker run with the engine's {@link Worker}
 * (the same code as {@code acp worker}) on the node itself ({@link NodeWorker}): the workspace prepared under the
 * node's workspace ({@code .acp/anchor.git}, {@code .acp/worktrees/<run>}), the prompt rendered, the backend agent
 * started through that JVM's {@link Launcher} with the engine's command line, environment allow-list, supervision and
 * classification. The run directory comes back to the controller's {@code workspace.runsRoot} and the build's
 * artifacts ({@code acp-run/}), and a remote node's commits with it ({@link NodeCommits}). Returns {@code [status:,
 * outcome:, action:, reason:, detail:, runId:]}; a failed run also marks the build failed, and the step still returns
 * so that {@code acpReconcile()} can publish the failure.
 *
 * <p>A controller restart while the step runs fails it (see {@link Execution#onResume()}); the heartbeat records the
 * run failed and backs its item off, and the next attempt is a new build. docs/worker-job.md says so.
 */
public class AcpWorkerStep extends RunStep {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String NAME = "acpWorker";
    /** Where the run directory goes among the build's artifacts. */
    public static final String ARTIFACTS = "acp-run/";

    private String lane;
    private String item;

    @DataBoundConstructor
    public AcpWorkerStep() {
    }

    public String getLane() {
        return lane;
    }

    @DataBoundSetter
    public void setLane(String lane) {
        this.lane = Util.fixEmptyAndTrim(lane);
    }

    public String getItem() {
        return item;
    }

    @DataBoundSetter
    public void setItem(String item) {
        this.item = Util.fixEmptyAndTrim(item);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Runs off the CPS VM thread; a restart fails it (see the class comment). */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final AcpWorkerStep step;
        /** The run it performs, once known (saved with the Pipeline, for {@link #onResume()}). */
        private volatile String runId;

        Execution(StepContext context, AcpWorkerStep step) {
            super(context);
            this.step = step;
        }

        /**
         * A restart ends the step: the node's worker was stopped with the controller's channel (or the controller's
         * JVM), so there is nothing to resume. The build fails, and the heartbeat records the run failed and backs
         * its item off; the next attempt is a new build.
         */
        @Override
        public void onResume() {
            getContext().onFailure(new AbortException(NAME + ": Jenkins restarted while run "
                    + (runId != null ? runId : "(not yet known)") + " was in progress; the run has ended failed, the heartbeat records it and retries the item"
                    + " in a new build"));
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            TaskListener listener = context.get(TaskListener.class);
            PrintStream log = listener.getLogger();
            Run<?, ?> build = context.get(Run.class);
            EnvVars env = context.get(EnvVars.class);
            WorkerArguments args = step.arguments(step.lane, step.item, env);
            fail(args.problems(NAME, null));
            runId = args.run();
            StepProfile p = StepProfile.of(NAME, args.profile(), build);
            StateStore store = p.store();
            Optional<WorkerRun> recorded = store.run(StateStore.requireSafeName(args.run(), "run id"));
            if (recorded.isEmpty()) {
                throw new AbortException(NAME + ": run " + args.run() + " is not recorded for profile '"
                        + args.profile() + "' (the heartbeat records each run it launches)");
            }
            fail(args.problems(NAME, recorded.get()));
            FilePath ws = context.get(FilePath.class);
            Computer computer = context.get(Computer.class);
            String node = computer.getName().isEmpty() ? "the built-in node" : "agent '" + computer.getName() + "'";
            log.println("Agent Control Plane: " + recorded.get().lane().wireName() + " " + recorded.get().item()
                    + ", run " + args.run() + " (profile " + args.profile() + ") on " + node + " in "
                    + ws.child(NodeWorker.ACP_DIR).getRemote());
            Path runDir = p.runsRoot().resolve(args.run());
            RunRecord end = ended(runDir).orElse(null);
            if (end == null) {
                end = perform(p, recorded.get(), ws, runDir, build, context.get(Launcher.class), listener);
            } else {
                log.println("Agent Control Plane: run " + args.run() + " has already ended; not running it again");
            }
            build.addAction(new WorkerRunAction(args.profile(), end, WorkerRunAction.itemUrl(p.profile(),
                    end.item())));
            Map<String, Object> result = result(end);
            log.println("Agent Control Plane: run " + end.runId() + " " + end.status().wireName()
                    + (end.outcome() == null ? "" : " (" + end.outcome() + ", " + end.action() + ")")
                    + (end.reason() == null ? "" : ": " + end.reason()
                            + (end.detail() == null ? "" : " - " + end.detail())));
            if (end.status() == RunRecord.Status.CANCELLED) {
                context.setResult(Result.NOT_BUILT); // no work was needed: not a failure, and nothing was built
            } else if (end.status() != RunRecord.Status.SUCCEEDED) {
                context.setResult(Result.FAILURE);
            }
            return result;
        }
    }


    /**
     * The run on the node: what it reads of the controller shipped to it, the engine's worker invoked on the node's
     * workspace, its run directory copied back to {@code runDir} on the controller and archived, and, from a remote
     * node, its commits brought to the controller ({@link NodeCommits}).
     */
    static RunRecord perform(StepProfile p, WorkerRun run, FilePath ws, Path runDir, Run<?, ?> build,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        Path scratch = p.stateDir().resolve("worker-forge").resolve(run.runId());
        deleteQuietly(scratch);
        WorkerShipment shipment;
        GitHubForge live = p.forge(scratch.resolve("forge"));
        try {
            shipment = WorkerShipment.read(p, run, live, new JenkinsFacade().rootDir().toPath(),
                    scratch.resolve("state"));
        } finally {
            GitHubForges.close(live);
            deleteQuietly(scratch);
        }
        ws.mkdirs();
        Map<String, byte[]> changed = ws.act(new NodeWorker(shipment, p.token(), listener, ws.isRemote()));
        WorkerShipment.keep(p.stateDir(), changed);
        FilePath there = NodeWorker.runDirectory(ws, run.runId());
        Files.createDirectories(runDir);
        there.copyRecursiveTo(new FilePath(runDir.toFile()));
        archive(build, launcher, listener, runDir);
        if (ws.isRemote()) {
            String problem = NodeCommits.receive(runDir, p.stateDir().resolve(NodeCommits.REPOSITORY), p.cloneUrl(),
                    p.token(), run.item(), run.runId());
            if (problem != null) {
                listener.getLogger().println(NAME + ": " + problem + "; reconcile publishes from the kept patch"
                        + " or the remote branch");
            }
            pruneNodeCommits(p, listener);
        }
        return ended(runDir).orElseThrow(() -> new AbortException(NAME + ": run " + run.runId()
                + " has no terminal run.json in " + there.getRemote() + " after its worker ended"));
    }

    /**
     * The node commits of runs retention has removed go with them; a failure is logged, never fails the run, and the
     * next remote run's pass retries.
     */
    private static void pruneNodeCommits(StepProfile p, TaskListener listener) {
        try {
            String done = NodeCommits.prune(p.stateDir().resolve(NodeCommits.REPOSITORY),
                    KeptRuns.of(p.store(), p.runsRoot()));
            if (done != null) {
                listener.getLogger().println(NAME + ": " + done);
            }
        } catch (IOException | RuntimeException e) {
            listener.getLogger().println(NAME + ": " + e.getMessage() + "; retried after the next run from a node");
        }
    }

    /** The run's terminal record in {@code runDir}, if its worker has ended it. */
    static Optional<RunRecord> ended(Path runDir) throws AbortException {
        try {
            return new RunDirectory(runDir).readRecord().filter(RunRecord::terminal);
        } catch (RunFileException e) {
            throw new AbortException(NAME + ": " + e.getMessage());
        }
    }

    /** The step's value: plain strings only, so a sandboxed Pipeline can read it. */
    static Map<String, Object> result(RunRecord end) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", end.runId());
        out.put("status", end.status().wireName());
        out.put("outcome", end.outcome());
        out.put("action", end.action());
        out.put("reason", end.reason());
        out.put("detail", end.detail());
        return out;
    }

    static void fail(List<String> problems) throws AbortException {
        if (!problems.isEmpty()) {
            throw new AbortException(String.join("\n", problems));
        }
    }

    /** The run directory's regular files (never a link) as the build's artifacts under {@link #ARTIFACTS}. */
    static void archive(Run<?, ?> build, Launcher launcher, TaskListener listener, Path runDir)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(runDir)) {
            list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> String.valueOf(f.getFileName()))
                    .forEach(name -> files.put(ARTIFACTS + name, name));
        }
        build.getArtifactManager().archive(new FilePath(runDir.toFile()), launcher,
                new StreamBuildListener(listener.getLogger(), StandardCharsets.UTF_8), files);
    }

    private static void deleteQuietly(Path dir) {
        try {
            new FilePath(dir.toFile()).deleteRecursive();
        } catch (IOException | InterruptedException e) {
            // a leftover HTTP cache of one run: harmless, and the next run of the same id never comes
        }
    }

    @Extension
    @Symbol(NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class,
                    Computer.class);
        }

        @Override
        public String getFunctionName() {
            return NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AcpWorkerStep_DisplayName();
        }
    }
}
