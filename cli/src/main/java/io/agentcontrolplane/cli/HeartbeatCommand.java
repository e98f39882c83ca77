package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Profile;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp heartbeat}: the engine's heartbeat on GitHub, launching workers as local processes. */
@Command(name = "heartbeat", description = "Runs heartbeats of a profile: observes GitHub, plans, launches a worker"
        + " (acp worker, or the --worker-command) for each launch as a local process, records finished runs and"
        + " flushes the write outbox.")
final class HeartbeatCommand implements Callable<Integer> {
    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The state directory (default: the profile's workspace.stateDir).")
    Path stateDir;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--once", description = "One heartbeat, then exit (the default).")
        boolean once;

        @Option(names = "--interval", paramLabel = "SECONDS",
                description = "A heartbeat every SECONDS until interrupted (SIGINT/SIGTERM stop after the current"
                        + " pass).")
        Long interval;
    }

    @Option(names = "--worker-command", paramLabel = "CMD",
            description = "A custom worker command instead of acp worker, split at spaces; quotes ('...' or \"...\")"
                    + " group words and nothing else is interpreted. Use sh -c '...' for pipes, redirections or"
                    + " variables.")
    String workerCommand;

    @Override
    public Integer call() {
        if (mode.interval != null && mode.interval < 1) {
            throw new AcpCommand.InputException("--interval: must be at least 1 second, got " + mode.interval);
        }
        Profile profile = Standalone.loadProfile(profileFile);
        List<String> command = workerCommand != null ? split(workerCommand)
                : acpWorker(profileFile, profile, Standalone.stateDir(profile, stateDir));
        // A custom command gets the environment as it is.
        Map<String, String> extra = workerCommand != null ? Map.of() : acpWorkerEnvironment(profile, acp.env);
        ProfileRuntime runtime = ProfileRuntime.open(profile, stateDir, acp.env, command, extra);
        PrintWriter out = spec.commandLine().getOut();
        if (mode.interval == null) {
            // Unreachable: the heartbeat itself says so (and fails); a bad or read-only token stops here.
            runtime.checkAccess();
            ProfileRuntime.Beat beat = runtime.beat();
            out.print(beat.text());
            out.flush();
            return beat.failed() ? AcpCommand.EXIT_HEARTBEAT_FAILED : 0;
        }
        return loop(runtime, mode.interval, out);
    }

    /**
     * {@code acp worker} on this very installation: the running Java, its class path (absolute: workers start in the
     * workspace), the profile and state given absolutely; the run id comes from {@code ACP_RUN_ID}.
     */
    static List<String> acpWorker(Path profileFile, Profile profile, Path state) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived process on a small machine: the quick compiler, and the serial collector (no GC threads to
        // start, the least memory).
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        String classPath = Standalone.absoluteClassPath();
        Path archive = Path.of(classPath).resolveSibling("acp.jsa");
        if (!classPath.contains(File.pathSeparator) && Files.isRegularFile(archive)) {
            // The launcher's class-data archive of this very jar: a worker starts faster too.
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off"));
        }
        command.addAll(List.of("-cp", classPath, AcpCommand.class.getName(), "worker", "--profile",
                profileFile.toAbsolutePath().toString(), "--state", state.toString()));
        return List.copyOf(command);
    }

    /** What {@code acp worker} needs beyond the environment: the token (it keeps it from the agent). */
    static Map<String, String> acpWorkerEnvironment(Profile profile, Map<String, String> env) {
        return Map.of(profile.credentials().tokenEnv(), Standalone.token(profile, env));
    }

    /**
     * Heartbeats until a shutdown signal (or an interrupt) asks to stop; the pass under way finishes first. No
     * heartbeat runs before the token is known to be fit: while GitHub is unreachable each interval prints one line.
     */
    private static int loop(ProfileRuntime runtime, long seconds, PrintWriter out) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "acp-heartbeat-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (stop.getCount() > 0) {
                String unchecked = runtime.checkAccess();
                if (unchecked != null) {
                    out.println("acp: " + unchecked + "; the token is checked before the first launch");
                } else {
                    out.print(runtime.beat().text());
                }
                out.flush();
                if (stop.await(seconds, TimeUnit.SECONDS)) {
                    break;
                }
            }
            out.println("acp: heartbeat stopped");
        } catch (InterruptedException e) {
            out.println("acp: heartbeat interrupted");
        } finally {
            out.flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and waits for done
            }
        }
        return 0;
    }

    /**
     * Splits a command line at unquoted whitespace; single or double quotes group words (and are removed). No
     * escapes, variables, globs or redirections: {@code sh -c '...'} is the way to those.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new AcpCommand.InputException("--worker-command: unbalanced " + quote + " in: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new AcpCommand.InputException("--worker-command: empty");
        }
        return words;
    }
}
