package io.agentcontrolplane.core.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one agent process to its end under supervision: its output goes to the run log; it is stopped with its whole
 * process tree when it runs past the hard timeout or shows no sign of work (no output, no change in the workspace or
 * run directory) for the stall time. Processes it left behind after a normal exit are stopped too.
 */
final class ProcessSupervisor {
    /**
     * One process to run.
     *
     * @param command the program (resolved path) and its arguments
     * @param stdin the file fed to standard input, or {@code null} for none
     * @param watched directories whose changes count as progress
     */
    record Launch(List<String> command, Map<String, String> environment, Path directory, Path stdin,
            Duration timeout, Duration stall, List<Path> watched) {
        Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            watched = List.copyOf(watched);
        }
    }

    /**
     * How the process ended.
     *
     * @param exitCode its exit code, {@code null} when the supervisor stopped it
     * @param stoppedFor {@link AgentFailure#TIMEOUT} or {@link AgentFailure#STALL} when the supervisor stopped it
     */
    record Ended(Integer exitCode, AgentFailure stoppedFor, String detail) {
    }

    private final Duration poll;
    private final Duration killGrace;

    private final ProcessStarter starter;

    ProcessSupervisor(Duration poll, Duration killGrace) {
        this(poll, killGrace, ProcessStarter.LOCAL);
    }

    ProcessSupervisor(Duration poll, Duration killGrace, ProcessStarter starter) {
        this.poll = poll;
        this.killGrace = killGrace;
        this.starter = starter;
    }

    /**
     * Starts and supervises the process.
     *
     * @throws IOException when the process cannot be started at all
     */
    Ended run(Launch launch, RunLog log) throws IOException, InterruptedException {
        ProcessStarter.Started process = starter.start(launch.command(), launch.environment(), launch.directory(),
                launch.stdin());
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        Thread pump = new Thread(() -> pump(process, log, lastOutput), "acp-agent-output-" + process.name());
        pump.setDaemon(true);
        pump.start();

        WorkspaceActivity activity = new WorkspaceActivity(launch.watched());
        long started = System.nanoTime();
        long deadline = started + launch.timeout().toNanos();
        long stall = launch.stall().toNanos();
        // Scanning the files is the costly part: only after some silence, and not more often than this.
        long scanEvery = Math.max(Duration.ofSeconds(1).toNanos(), Math.min(stall / 4, Duration.ofSeconds(30).toNanos()));
        long fingerprint = activity.fingerprint();
        long lastChange = started;
        long lastScan = System.nanoTime();
        AgentFailure stoppedFor = null;
        String detail = null;
        try {
            while (!process.waitFor(poll)) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    stoppedFor = AgentFailure.TIMEOUT;
                    detail = "still running after the hard timeout of " + launch.timeout().toSeconds()
                            + " s (timeoutSeconds); stopped with its process tree";
                    break;
                }
                long quiet = now - Math.max(lastOutput.get(), lastChange);
                boolean stalled = quiet >= stall;
                if ((quiet >= scanEvery && now - lastScan >= scanEvery) || stalled) {
                    long current = activity.fingerprint();
                    lastScan = System.nanoTime();
                    if (current != fingerprint) {
                        fingerprint = current;
                        lastChange = lastScan;
                        stalled = false;
                    }
                }
                if (stalled) {
                    stoppedFor = AgentFailure.STALL;
                    detail = "no output and no change in the workspace for " + launch.stall().toSeconds()
                            + " s (stallSeconds); stopped with its process tree";
                    break;
                }
            }
        } catch (InterruptedException e) {
            log.note("interrupted: stopping the agent and its process tree");
            process.stopTree(killGrace);
            throw e;
        }
        if (stoppedFor != null) {
            log.note(detail);
            int killed = process.stopTree(killGrace);
            if (killed > 0) {
                log.note(killed + " process(es) ignored SIGTERM for " + killGrace.toSeconds() + " s and were killed");
            }
        } else {
            int left = process.stopLeftovers(killGrace);
            if (left > 0) {
                log.note("the agent exited and left " + left + " process(es) running; they were stopped");
            }
        }
        // Output still in the pipe is read before judging; a grandchild holding the pipe has been stopped above.
        pump.join(Duration.ofSeconds(5).toMillis());
        log.flushOutput();
        return stoppedFor != null
                ? new Ended(null, stoppedFor, detail)
                : new Ended(process.exitValue(), null, null);
    }

    private static void pump(ProcessStarter.Started process, RunLog log, AtomicLong lastOutput) {
        try (Reader reader = new InputStreamReader(process.output(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int read;
            while ((read = reader.read(buffer)) >= 0) {
                lastOutput.set(System.nanoTime());
                log.output(CharBuffer.wrap(buffer, 0, read));
            }
        } catch (IOException e) {
            // The pipe closes when the process tree is stopped; what was read is in the log.
        }
    }
}
