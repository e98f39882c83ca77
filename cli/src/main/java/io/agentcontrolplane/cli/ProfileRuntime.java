package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.heartbeat.CommandDispatcher;
import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.FinishedRun;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.JGitHost;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.forge.github.GitHubForge;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One profile as the standalone runtime runs it: its forge, state, outbox, local-process executor and heartbeat,
 * the check that its token may write, and each heartbeat's report with the runs that heartbeat saw finish.
 */
final class ProfileRuntime {
    final Profile profile;
    final Path stateDir;
    final GitHubForge forge;
    final StateStore store;
    final Outbox outbox;
    final CommandDispatcher dispatcher;
    final Heartbeat heartbeat;
    /** The same heartbeat, but it launches nothing: for the passes of a stop, which only record ends and repair. */
    final Heartbeat drainingHeartbeat;
    private boolean accessChecked;

    /** How worker runs execute: {@code acp worker} processes, or threads of this JVM running the same code. */
    enum WorkerMode {
        PROCESSES, THREADS;

        /** The option's value: {@code processes} or {@code threads}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The {@code --workers} option's value, in plain words when it is neither. */
        static final class Option implements picocli.CommandLine.ITypeConverter<WorkerMode> {
            @Override
            public WorkerMode convert(String value) {
                for (WorkerMode m : values()) {
                    if (m.toString().equals(value)) {
                        return m;
                    }
                }
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not processes or threads");
            }
        }
    }

    /** Makes the executor of a profile from its state store. */
    private interface Executor {
        CommandDispatcher of(StateStore store, Path workDir, Path runsRoot);
    }

    private ProfileRuntime(Profile profile, Path stateDir, GitHubForge forge, String token, Executor executor) {
        this.profile = profile;
        this.stateDir = stateDir;
        this.forge = forge;
        this.store = StateStore.open(stateDir);
        this.outbox = Outbox.open(stateDir, profile.schedules().retryCooldowns());
        this.dispatcher = executor.of(store, Standalone.expand(profile.workspace().root()),
                Standalone.expand(profile.workspace().runsRoot()));
        // Finished runs are reconciled by each heartbeat: the host pushes with the profile's token.
        Reconciler reconciler = new Reconciler(profile, store, outbox, forge,
                new JGitHost(profile.repository().effectiveCloneUrl(), token), Standalone.expand(profile.workspace().runsRoot()),
                Clock.systemUTC());
        this.heartbeat = new Heartbeat(profile, forge, store, outbox, dispatcher, Clock.systemUTC(), reconciler);
        this.drainingHeartbeat = new Heartbeat(profile, forge, store, outbox, new Draining(dispatcher),
                Clock.systemUTC(), reconciler);
    }

    /** An executor that reports and forgets runs as usual but starts none: {@code acp} is stopping. */
    private record Draining(Dispatcher real) implements Dispatcher {
        static final String STOPPING = "acp is stopping: nothing new starts";

        @Override
        public List<WorkerRun> activeRuns() throws DispatchException {
            return real.activeRuns();
        }

        @Override
        public List<FinishedRun> finishedRuns() throws DispatchException {
            return real.finishedRuns();
        }

        @Override
        public void acknowledge(String runId) throws DispatchException {
            real.acknowledge(runId);
        }

        @Override
        public void dispatch(WorkerLaunch launch) throws DispatchException {
            throw new DispatchException(STOPPING);
        }
    }

    /** How many workers of this profile still run: worker processes, and worker threads of this JVM. */
    int runningWorkers() {
        return liveWorkers().size() + dispatcher.residentThreads().size();
    }

    /** The worker processes of this profile that are still alive (never this JVM, whose threads are workers). */
    List<ProcessHandle> liveWorkers() {
        List<ProcessHandle> live = new ArrayList<>();
        try {
            for (CommandDispatcher.ProcessRecord rec : dispatcher.records()) {
                if (CommandDispatcher.ofThisJvm(rec.pid(), rec.processStartedAt())) {
                    continue;
                }
                ProcessHandle.of(rec.pid()).filter(Processes::running).ifPresent(live::add);
            }
        } catch (Dispatcher.DispatchException e) {
            // unreadable records: nothing this runtime can stop
        }
        return live;
    }

    /**
     * Hands running work back: each live worker process and everything it started is asked to stop (SIGTERM), and
     * killed if it has not within {@code grace}; each worker thread is interrupted (as {@code acp worker} is on
     * SIGTERM: it stops the agent's process tree and records the run) and awaited as long. The next (draining)
     * heartbeat records their ends and removes {@code agent-running} from their items.
     *
     * @return how many workers were stopped
     */
    int handBack(java.time.Duration grace) throws InterruptedException {
        List<ProcessHandle> workers = liveWorkers();
        List<Thread> threads = dispatcher.residentThreads();
        for (ProcessHandle w : workers) {
            w.descendants().forEach(ProcessHandle::destroy);
            w.destroy();
        }
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        for (ProcessHandle w : workers) {
            while (Processes.running(w) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (Processes.running(w)) {
                w.descendants().forEach(ProcessHandle::destroyForcibly);
                w.destroyForcibly();
            }
        }
        return workers.size() + threads.size();
    }

    /** A draining heartbeat: records the ends, repairs labels, flushes; launches nothing. */
    Beat drain() {
        return beat(drainingHeartbeat);
    }

    /** The runtime of {@code profile}; the token must be set (an {@link AcpCommand.InputException} names it). */
    static ProfileRuntime open(Profile profile, Path stateOverride, Map<String, String> env,
            List<String> workerCommand) {
        return open(profile, stateOverride, env, workerCommand, Map.of());
    }

    /** As {@link #open(Profile, Path, Map, List)}, with variables added to each worker's environment. */
    static ProfileRuntime open(Profile profile, Path stateOverride, Map<String, String> env,
            List<String> workerCommand, Map<String, String> workerEnvironment) {
        Path state = Standalone.stateDir(profile, stateOverride);
        return new ProfileRuntime(profile, state, Standalone.forge(profile, env, state), Standalone.token(profile, env),
                (store, workDir, runsRoot) -> new CommandDispatcher(workerCommand, workerEnvironment, workDir,
                        runsRoot, store, Clock.systemUTC()));
    }

    /**
     * The runtime of the profile in {@code profileFile}, whose runs perform {@code acp worker}'s code: as child
     * processes, or as threads of this JVM.
     */
    static ProfileRuntime open(Path profileFile, Profile profile, Path stateOverride, Map<String, String> env,
            WorkerMode mode) {
        Path state = Standalone.stateDir(profile, stateOverride);
        if (mode == WorkerMode.PROCESSES) {
            return open(profile, stateOverride, env, HeartbeatCommand.acpWorker(profileFile, profile, state),
                    HeartbeatCommand.acpWorkerEnvironment(profile, env));
        }
        return resident(profile, stateOverride, env, WorkerCommand.resident(profileFile, state, Map.copyOf(env)));
    }

    /** The runtime of {@code profile} whose runs are performed by {@code worker} on threads of this JVM. */
    static ProfileRuntime resident(Profile profile, Path stateOverride, Map<String, String> env,
            CommandDispatcher.ResidentWorker worker) {
        Path state = Standalone.stateDir(profile, stateOverride);
        return new ProfileRuntime(profile, state, Standalone.forge(profile, env, state), Standalone.token(profile, env),
                (store, workDir, runsRoot) -> CommandDispatcher.resident(worker, workDir, runsRoot, store,
                        Clock.systemUTC()));
    }

    /**
     * Checks once that the token may write to the repository. A rejected or read-only token, or a repository the
     * token cannot see, is an {@link AcpCommand.InputException}; an unreachable GitHub returns its one-line
     * description (and the check is made again next time).
     *
     * @return null when the token is fit, else why it could not be checked now
     */
    String checkAccess() {
        if (accessChecked) {
            return null;
        }
        try {
            Standalone.requireWriteAccess(profile, forge);
            accessChecked = true;
            return null;
        } catch (ForgeException e) {
            if (e.kind() == ForgeException.Kind.TRANSIENT || e.kind() == ForgeException.Kind.RATE_LIMITED) {
                return Standalone.explain(profile, e).getMessage();
            }
            throw Standalone.explain(profile, e);
        }
    }

    /** What one heartbeat did, as text, and whether it failed. */
    record Beat(HeartbeatReport report, List<WorkerRun> finished, String text) {
        boolean failed() {
            return "failed".equals(report.outcome());
        }
    }

    /**
     * Runs one heartbeat. The runs that were unfinished before it and are finished after it are the ones it saw
     * finish (the executor settles them within the pass): each is reported once, with its outcome and reason.
     */
    Beat beat() {
        return beat(heartbeat);
    }

    private Beat beat(Heartbeat which) {
        Map<String, WorkerRun> before = new HashMap<>();
        for (WorkerRun run : store.runs()) {
            if (!run.phase().terminal()) {
                before.put(run.runId(), run);
            }
        }
        HeartbeatReport report = which.run();
        List<WorkerRun> finished = new ArrayList<>();
        if (!before.isEmpty()) {
            for (WorkerRun run : store.runs()) {
                if (run.phase().terminal() && before.containsKey(run.runId())) {
                    finished.add(run);
                }
            }
        }
        return new Beat(report, finished, render(report, finished));
    }

    /** The report, with a {@code finished} line per run that ended, right after its first line. */
    static String render(HeartbeatReport report, List<WorkerRun> finished) {
        String text = report.render();
        if (finished.isEmpty()) {
            return text;
        }
        StringBuilder lines = new StringBuilder();
        for (WorkerRun run : finished) {
            lines.append(finishedLine(run)).append('\n');
        }
        int eol = text.indexOf('\n');
        return text.substring(0, eol + 1) + lines + text.substring(eol + 1);
    }

    /** {@code finished widgets-implement-issue-3-... (implement issue#3): succeeded (implemented)}, or failed with the reason. */
    static String finishedLine(WorkerRun run) {
        String outcome = run.outcome() == null || run.outcome().equals(run.phase().wireName()) ? ""
                : " (" + run.outcome() + ")";
        return "finished " + run.runId() + " (" + run.lane().wireName() + " " + run.item() + "): "
                + run.phase().wireName() + outcome + (run.reason() == null ? "" : ", " + run.reason());
    }
}
