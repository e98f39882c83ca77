package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.agent.LocalAgentRunner;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.worker.WorkItems;
import io.agentcontrolplane.core.worker.Worker;
import io.agentcontrolplane.core.worker.Workspaces;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import io.agentcontrolplane.core.heartbeat.CommandDispatcher;
import java.util.Optional;
import java.util.stream.Stream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp worker}: one worker run in the foreground, as the heartbeat's local executor starts it. */
@Command(name = "worker", description = "Performs one worker run the heartbeat recorded, start to finish: prepares"
        + " its workspace, renders its prompt, runs the backend agent under supervision, checks and keeps its work,"
        + " and writes the run's terminal record. Never writes to GitHub.")
final class WorkerCommand implements Callable<Integer> {
    /** How long a stop signal waits for the agent's process tree to be stopped and the run recorded. */
    static final long STOP_GRACE_SECONDS = 30;

    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Option(names = "--run", paramLabel = "RUN_ID",
            description = "The run to perform (default: the ACP_RUN_ID environment variable, as the heartbeat sets"
                    + " it).")
    String runId;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The state directory (default: the profile's workspace.stateDir).")
    Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        String id = runId != null ? runId : acp.env.get("ACP_RUN_ID");
        if (id == null || id.isBlank()) {
            throw new AcpCommand.InputException("no run to perform: give --run RUN_ID (or set ACP_RUN_ID)");
        }
        Path file = profileFile;
        Path override = stateDir;
        Thread self = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: stop the agent's process tree and record the run as failed before the JVM exits.
        Thread hook = new Thread(() -> {
            self.interrupt();
            try {
                done.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "acp-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        RunRecord end;
        try {
            end = perform(file, override, acp.env, id);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs and sees done
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(end));
        out.flush();
        return exitCode(end);
    }

    /**
     * The worker run {@code id}, start to finish, on the calling thread: what {@code acp worker} does, and what a
     * resident worker thread of {@code acp run --workers threads} does. An interrupt stops the agent's process tree
     * and records the run as stopped.
     *
     * @throws AcpCommand.InputException when the profile is unusable or the run may not be performed
     */
    static RunRecord perform(Path profileFile, Path stateOverride, Map<String, String> env, String id)
            throws InterruptedException {
        Profile profile = Standalone.loadProfile(profileFile);
        Path state = Standalone.stateDir(profile, stateOverride);
        String token = Standalone.token(profile, env);
        // The item as the heartbeat last observed it (no request); the few live reads go through a forge of the
        // run's own, so that no two runs share an HTTP cache.
        Path forgeDir = state.resolve("worker-forge").resolve(StateStore.requireSafeName(id, "run id"));
        GitHubForge live = Standalone.forge(profile, env, forgeDir);
        WorkItems items = new WorkItems() {
            @Override
            public Observation observe() throws ForgeException {
                Optional<Observation> last = GitHubForges.lastObservation(state);
                return last.isPresent() ? last.get() : live.observe();
            }

            @Override
            public List<ForgeComment> comments(ItemRef item) throws ForgeException {
                return live.comments(item);
            }
        };
        Workspaces workspaces;
        try {
            workspaces = new Workspaces(profile.repository().effectiveCloneUrl(),
                    Standalone.expand(profile.workspace().root()).resolve("anchor.git"),
                    Standalone.expand(profile.workspace().worktreeRoot()),
                    new UsernamePasswordCredentialsProvider("x-access-token", token),
                    profile.workspace().retention(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException(profileFile + ": " + e.getMessage());
        }
        Worker worker = new Worker(profile, profileFile.toAbsolutePath().getParent(), StateStore.open(state), items,
                new LocalAgentRunner(Clock.systemUTC()), workspaces,
                Standalone.expand(profile.workspace().runsRoot()), Set.of(token), Clock.systemUTC());
        try {
            return worker.perform(id);
        } catch (Worker.RefusedException e) {
            throw new AcpCommand.InputException(e.getMessage());
        } finally {
            removeQuietly(forgeDir);
        }
    }

    /** The line {@code acp worker} prints at the end of a run. */
    static String describe(RunRecord end) {
        String id = end.runId();
        return switch (end.status()) {
            case SUCCEEDED -> "run " + id + ": succeeded (" + end.outcome() + ", " + end.action() + ")";
            case CANCELLED -> "run " + id + ": cancelled (" + end.reason() + "): " + end.detail();
            default -> "run " + id + ": failed (" + end.reason() + ")" + (end.detail() == null ? "" : ": "
                    + end.detail());
        };
    }

    /** {@code acp worker}'s exit code for a run's end: 0 unless it failed. */
    static int exitCode(RunRecord end) {
        return end.status() == RunRecord.Status.SUCCEEDED || end.status() == RunRecord.Status.CANCELLED ? 0
                : AcpCommand.EXIT_UNSUCCESSFUL;
    }

    /**
     * The resident mode's worker: {@link #perform} on the dispatcher's thread, with what {@code acp worker} would
     * print (and its exit code) going to the run's log.
     */
    static CommandDispatcher.ResidentWorker resident(Path profileFile, Path state, Map<String, String> env) {
        return (launch, log) -> {
            try {
                RunRecord end = perform(profileFile.toAbsolutePath(), state, env, launch.runId());
                log.println(describe(end));
                return exitCode(end);
            } catch (AcpCommand.InputException e) {
                log.println("acp worker: " + e.getMessage());
                return AcpCommand.EXIT_INVALID;
            }
        };
    }

    /** The run's own forge files are a cache: gone with the run, and a failure to remove them changes nothing. */
    private static void removeQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // left for the next cleanup of the state directory
        }
    }
}
