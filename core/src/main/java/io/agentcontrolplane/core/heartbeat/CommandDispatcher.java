package io.agentcontrolplane.core.heartbeat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.run.RunDirectory;
import io.agentcontrolplane.core.run.WorkerStatus;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The standalone runtime's executor: each launch runs a worker command as a local child process.
 *
 * <p>The command runs under {@code /bin/sh} as {@code "$@"} (its arguments are passed as they are, never re-split),
 * with stdin closed, stdout and stderr appended to {@code <runsRoot>/<runId>.log}, in the profile's workspace
 * root, and with {@code ACP_PROFILE}, {@code ACP_LANE}, {@code ACP_ITEM} ({@code issue#12}), {@code ACP_RUN_ID},
 * {@code ACP_STATE_DIR} and, when a pool was chosen, {@code ACP_PROVIDER} added to the environment. The small shell
 * wrapper records the command's exit code in {@code <stateDir>/processes/<runId>.exit} when it ends, so a run
 * that outlives this process (or the {@code acp} that started it) is still settled with its real outcome.
 *
 * <p>Each run is recorded durably in {@code <stateDir>/processes/<runId>.json} (pid, the process's start time
 * against pid reuse). {@link #activeRuns()} reports a run {@code running} while its process is alive; once it has
 * ended {@link #finishedRuns()} reports it (as the worker recorded it in its run directory ({@code succeeded}, {@code failed}, or {@code cancelled} when the
 * work was no longer needed), else {@code succeeded} on exit 0, else {@code failed} with reason
 * {@code worker-exit-<code>}, or {@code worker-exit-unknown} when the wrapper itself was killed) until the heartbeat
 * {@linkplain #acknowledge acknowledges} it, and only then is the process forgotten. It never writes run records.
 *
 * <p>In the resident mode ({@link #resident}) a launch runs as a thread of this JVM instead, performing the same
 * worker code in-process, with its output appended to the same log. Everything else is as for a process: the
 * record names this JVM (pid and start time), the exit code is written to the same exit file when the thread ends,
 * and a run is alive while its thread is. Should this JVM die, a restarted runtime finds the records of a dead
 * process and settles their runs exactly as for a dead worker process.
 */
public final class CommandDispatcher implements Dispatcher {
    /** Runs {@code "$@"} and writes its exit code to the file in {@code $1} (shifted away first), atomically. */
    static final String WRAPPER = "f=$1; shift; \"$@\"; c=$?; printf '%s\\n' \"$c\" > \"$f.tmp\" && mv -f \"$f.tmp\" \"$f\";"
            + " exit $c";

    /** The {@code command} of a resident run's record: what ran it, for a person reading the record. */
    public static final List<String> RESIDENT_COMMAND = List.of("acp-worker-thread");

    /** A worker run performed by a thread of this JVM (the resident mode). */
    @FunctionalInterface
    public interface ResidentWorker {
        /**
         * Performs the launch's run to its end, as the worker command would.
         *
         * @param log the run's log (what the worker command would print)
         * @return the worker command's exit code for the same end
         * @throws InterruptedException when stopped; the run must then be recorded as the worker records a stop
         */
        int perform(WorkerLaunch launch, java.io.PrintStream log) throws InterruptedException;
    }

    /** One worker process, as {@code processes/<runId>.json} holds it. */
    public record ProcessRecord(String runId, Lane lane, ItemRef item, long pid, Instant processStartedAt,
            Instant startedAt, List<String> command, String log) {
        public ProcessRecord {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(item, "item");
            command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
        }
    }

    private final List<String> command;
    /** Null in the process mode. */
    private final ResidentWorker resident;
    /** The resident runs' threads, until acknowledged. */
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path runsRoot;
    private final Path stateDir;
    private final Path processes;
    private final StateStore store;
    private final Clock clock;
    private final ObjectMapper json = StateJson.mapper();
    /** The children this process started, for their exit codes should the wrapper not record one. */
    private final Map<String, Process> children = new ConcurrentHashMap<>();
    private volatile Runnable onWorkerEnd = () -> { };

    /**
     * @param command the worker command and its arguments (not interpreted by a shell)
     * @param workDir where workers run (the profile's workspace root); created if missing
     * @param runsRoot where their logs go; created if missing
     * @param store the profile's state store: its root holds {@code processes/}; run records are read, never written
     */
    public CommandDispatcher(List<String> command, Path workDir, Path runsRoot, StateStore store, Clock clock) {
        this(command, Map.of(), workDir, runsRoot, store, clock);
    }

    /**
     * @param environment variables added to every worker's environment (the standalone runtime passes the token
     *     variable to {@code acp worker}, which keeps it from the agent)
     */
    public CommandDispatcher(List<String> command, Map<String, String> environment, Path workDir, Path runsRoot,
            StateStore store, Clock clock) {
        this(command, null, environment, workDir, runsRoot, store, clock);
    }

    /** The resident mode: each launch runs {@code worker} on a thread of its own in this JVM. */
    public static CommandDispatcher resident(ResidentWorker worker, Path workDir, Path runsRoot, StateStore store,
            Clock clock) {
        return new CommandDispatcher(RESIDENT_COMMAND, Objects.requireNonNull(worker, "worker"), Map.of(), workDir,
                runsRoot, store, clock);
    }

    private CommandDispatcher(List<String> command, ResidentWorker resident, Map<String, String> environment,
            Path workDir, Path runsRoot, StateStore store, Clock clock) {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("the worker command is empty");
        }
        this.command = List.copyOf(command);
        this.resident = resident;
        this.environment = Map.copyOf(environment);
        this.workDir = workDir.toAbsolutePath().normalize();
        this.runsRoot = runsRoot.toAbsolutePath().normalize();
        this.store = Objects.requireNonNull(store, "store");
        this.stateDir = store.root();
        this.processes = stateDir.resolve("processes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code listener} (on another thread) each time a worker this dispatcher started ends, so a runtime can
     * hold its next heartbeat for the end instead of for a whole interval. Workers of an earlier process are seen
     * by the heartbeat's own listing only.
     */
    public void onWorkerEnd(Runnable listener) {
        this.onWorkerEnd = Objects.requireNonNull(listener, "listener");
    }

    /** The file recording run {@code runId}'s process. */
    public Path recordFile(String runId) {
        return processes.resolve(StateStore.requireSafeName(runId, "run id") + ".json");
    }

    private Path exitFile(String runId) {
        return processes.resolve(runId + ".exit");
    }

    /** The log of run {@code runId}. */
    public Path logFile(String runId) {
        return runsRoot.resolve(StateStore.requireSafeName(runId, "run id") + ".log");
    }

    @Override
    public void dispatch(WorkerLaunch launch) throws DispatchException {
        Path record = recordFile(launch.runId());
        if (Files.exists(record)) {
            throw new DispatchException("run " + launch.runId() + " was already started (" + record + ")");
        }
        Path log = logFile(launch.runId());
        if (resident != null) {
            startThread(launch, record, log);
            return;
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "acp-worker",
                exitFile(launch.runId()).toString()));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(environment);
        env.put("ACP_PROFILE", launch.profileId());
        env.put("ACP_LANE", launch.lane().wireName());
        env.put("ACP_ITEM", launch.item().toString());
        env.put("ACP_RUN_ID", launch.runId());
        env.put("ACP_STATE_DIR", stateDir.toString());
        if (launch.provider() != null) {
            env.put("ACP_PROVIDER", launch.provider());
        } else {
            env.remove("ACP_PROVIDER");
        }
        Process process;
        try {
            DurableFiles.ensureDirectory(workDir);
            DurableFiles.ensureDirectory(runsRoot);
            DurableFiles.ensureDirectory(processes);
            Files.deleteIfExists(exitFile(launch.runId()));
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            throw new DispatchException("cannot start the worker command " + command.get(0) + ": " + e.getMessage(), e);
        }
        children.put(launch.runId(), process);
        process.onExit().thenRun(() -> onWorkerEnd.run());
        Instant processStart = process.info().startInstant().orElse(null);
        ProcessRecord rec = new ProcessRecord(launch.runId(), launch.lane(), launch.item(), process.pid(), processStart,
                clock.instant(), command, log.toString());
        try {
            DurableFiles.writeAtomically(record, json.writeValueAsBytes(rec));
        } catch (IOException e) {
            // It runs, but a restarted runtime would not know it: stop it rather than leave it unaccounted for.
            process.destroy();
            children.remove(launch.runId());
            throw new DispatchException("cannot record run " + launch.runId() + " in " + record + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The record is written before the thread starts, so that no run is ever unaccounted for; the exit file is the
     * thread's last act, as it is the wrapper's.
     */
    private void startThread(WorkerLaunch launch, Path record, Path log) throws DispatchException {
        ProcessHandle self = ProcessHandle.current();
        ProcessRecord rec = new ProcessRecord(launch.runId(), launch.lane(), launch.item(), self.pid(),
                self.info().startInstant().orElse(null), clock.instant(), command, log.toString());
        try {
            DurableFiles.ensureDirectory(workDir);
            DurableFiles.ensureDirectory(runsRoot);
            DurableFiles.ensureDirectory(processes);
            Files.deleteIfExists(exitFile(launch.runId()));
            DurableFiles.writeAtomically(record, json.writeValueAsBytes(rec));
        } catch (IOException e) {
            throw new DispatchException("cannot record run " + launch.runId() + " in " + record + ": "
                    + e.getMessage(), e);
        }
        Thread thread = new Thread(() -> runThread(launch, log), "acp-worker-" + launch.runId());
        // A daemon: a JVM that exits leaves its runs to the next runtime's repair, as a dead worker process would.
        thread.setDaemon(true);
        threads.put(launch.runId(), thread);
        thread.start();
    }

    private void runThread(WorkerLaunch launch, Path log) {
        int code = 1;
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(log,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            try {
                code = resident.perform(launch, out);
            } catch (InterruptedException e) {
                code = STOPPED_EXIT;
            } catch (RuntimeException | Error e) {
                e.printStackTrace(out);
            }
        } catch (IOException e) {
            // no log: the run directory and the exit code still tell how it ended
        } finally {
            try {
                DurableFiles.writeAtomically(exitFile(launch.runId()),
                        (code + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the thread's end is seen all the same (ended: its thread is gone)
            }
            onWorkerEnd.run();
        }
    }

    /** The exit code of a resident run that was stopped: a process's on SIGTERM. */
    static final int STOPPED_EXIT = 143;

    /** The resident runs' threads still running, for a stop to interrupt and await. */
    public List<Thread> residentThreads() {
        return threads.values().stream().filter(Thread::isAlive).toList();
    }

    /** Whether the record names this very JVM (a resident run of this runtime). */
    public static boolean ofThisJvm(long pid, Instant processStartedAt) {
        ProcessHandle self = ProcessHandle.current();
        return pid == self.pid() && (processStartedAt == null
                || processStartedAt.equals(self.info().startInstant().orElse(null)));
    }

    @Override
    public List<WorkerRun> activeRuns() throws DispatchException {
        List<WorkerRun> active = new ArrayList<>();
        for (ProcessRecord rec : records()) {
            if (!ended(rec) || workerStatus(rec.runId()).state().equals("running")) {
                active.add(store.run(rec.runId()).map(r -> r.withPhase(RunPhase.RUNNING, null))
                        .orElseGet(() -> WorkerRun.active(rec.runId(), rec.lane(), rec.item(), RunPhase.RUNNING,
                                rec.startedAt())));
            }
        }
        return active;
    }

    @Override
    public List<FinishedRun> finishedRuns() throws DispatchException {
        List<FinishedRun> finished = new ArrayList<>();
        for (ProcessRecord rec : records()) {
            if (ended(rec)) {
                ending(rec).ifPresent(finished::add);
            }
        }
        return finished;
    }

    /** Forgets the ended process (a crash before this only means its end is reported once more). */
    @Override
    public void acknowledge(String runId) throws DispatchException {
        Path record = recordFile(runId);
        try {
            DurableFiles.delete(record);
            DurableFiles.delete(exitFile(runId));
        } catch (IOException e) {
            throw new DispatchException("cannot remove " + record + ": " + e.getMessage(), e);
        }
        children.remove(runId);
        threads.remove(runId);
    }

    /** Every process record, in run id order; unreadable ones are reported rather than guessed at. */
    public List<ProcessRecord> records() throws DispatchException {
        if (!Files.isDirectory(processes)) {
            return List.of();
        }
        List<ProcessRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(processes)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(json.readValue(Files.readAllBytes(f), ProcessRecord.class));
                } catch (NoSuchFileException e) {
                    // settled meanwhile
                } catch (IOException | RuntimeException e) {
                    throw new DispatchException("unreadable process record " + f + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new DispatchException("cannot list " + processes + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Whether the command has ended: the wrapper's exit file is its last act, so once it exists the command is over
     * even while the wrapper itself is still exiting; otherwise the process is gone.
     */
    private boolean ended(ProcessRecord rec) {
        return Files.exists(exitFile(rec.runId())) || !alive(rec);
    }

    /** Alive, and the same process (a recycled pid has another start time). */
    private boolean alive(ProcessRecord rec) {
        if (ofThisJvm(rec.pid(), rec.processStartedAt())) {
            return threadAlive(rec.runId());
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(rec.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return rec.processStartedAt() == null || start.isEmpty() || start.get().equals(rec.processStartedAt());
    }

    /** What the run directory {@code <runsRoot>/<runId>/} says of the run (an {@code acp worker} writes it). */
    private WorkerStatus workerStatus(String runId) {
        // A worker thread of this JVM is gone when its thread is, though the process (this one) lives on.
        return WorkerStatus.of(new RunDirectory(runsRoot.resolve(runId)), clock.instant(),
                r -> ofThisJvm(r.pid(), r.processStartedAt()) ? threadAlive(runId) : WorkerStatus.alive(r));
    }

    private boolean threadAlive(String runId) {
        Thread t = threads.get(runId);
        return t != null && t.isAlive();
    }

    /**
     * How an ended process's run ended: as the worker recorded it in its run directory (outcome and reason), else
     * by the exit code as the wrapper recorded it or this process saw it. Empty while the worker, outliving its
     * wrapper, still runs.
     */
    private Optional<FinishedRun> ending(ProcessRecord rec) throws DispatchException {
        WorkerStatus status = workerStatus(rec.runId());
        switch (status.state()) {
            case "running" -> {
                return Optional.empty();
            }
            case "succeeded" -> {
                return Optional.of(new FinishedRun(rec.runId(), RunPhase.SUCCEEDED, status.endedAt() != null
                        ? status.endedAt() : clock.instant(), status.outcome(), null));
            }
            case "cancelled" -> {
                return Optional.of(new FinishedRun(rec.runId(), RunPhase.CANCELLED, status.endedAt() != null
                        ? status.endedAt() : clock.instant(), null, status.reason()));
            }
            case "failed" -> {
                return Optional.of(new FinishedRun(rec.runId(), RunPhase.FAILED, status.endedAt() != null
                        ? status.endedAt() : clock.instant(), null, status.reason()));
            }
            default -> {
                // A custom worker command that keeps no run directory: its exit code is its outcome.
            }
        }
        Path exit = exitFile(rec.runId());
        Integer code = null;
        Instant endedAt = clock.instant();
        try {
            code = Integer.parseInt(Files.readString(exit).trim());
            endedAt = Files.getLastModifiedTime(exit).toInstant();
        } catch (NoSuchFileException | NumberFormatException e) {
            Process child = children.get(rec.runId());
            if (child != null && !child.isAlive()) {
                code = child.exitValue();
            }
        } catch (IOException e) {
            throw new DispatchException("cannot read " + exit + ": " + e.getMessage(), e);
        }
        RunPhase phase = code != null && code == 0 ? RunPhase.SUCCEEDED : RunPhase.FAILED;
        String reason = phase == RunPhase.SUCCEEDED ? null : "worker-exit-" + (code == null ? "unknown" : code);
        return Optional.of(new FinishedRun(rec.runId(), phase, endedAt, null, reason));
    }
}
