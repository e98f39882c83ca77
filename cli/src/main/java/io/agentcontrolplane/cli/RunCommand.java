package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.profile.ProfileSet;
import io.agentcontrolplane.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code acp run}: the standalone runtime in the foreground. A heartbeat of every profile each interval; on SIGTERM
 * or SIGINT the pass under way finishes, running workers get {@code --stop-grace} to finish, the rest are handed
 * back (stopped), and a last pass that launches nothing records every end, removes {@code agent-running} from their
 * items and flushes the outbox.
 */
@Command(name = "run", description = "Runs the control plane in the foreground: a heartbeat of each profile every"
        + " interval, launching workers as local processes (or threads: --workers), until SIGTERM or SIGINT (then running work finishes or is"
        + " handed back, and agent-running is removed from its items). acp stop stops it.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, arity = "1..*", paramLabel = "FILE",
            description = "The profiles (YAML): --profile a.yaml b.yaml, or --profile a.yaml --profile b.yaml.")
    List<Path> profileFiles;

    @Option(names = "--worker-command", paramLabel = "CMD",
            description = "A custom worker command instead of acp worker (as for acp heartbeat).")
    String workerCommand;

    @Option(names = "--workers", paramLabel = "MODE", converter = ProfileRuntime.WorkerMode.Option.class, defaultValue = "processes",
            description = "How worker runs execute: processes (each an acp worker process: its memory and crashes"
                    + " are its own) or threads (threads of this process running the same code: no JVM start per"
                    + " run). Default: ${DEFAULT-VALUE}.")
    ProfileRuntime.WorkerMode workers;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between the starts of two passes (default: ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--pass-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "A profile's heartbeat that takes longer is interrupted and reported (default:"
                    + " ${DEFAULT-VALUE}).")
    long passTimeout;

    @Option(names = "--stop-grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On stop, how long running workers may take to finish before they are handed back"
                    + " (default: ${DEFAULT-VALUE}).")
    long stopGrace;

    @Option(names = "--dashboard-port", paramLabel = "N", defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "The dashboard's port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int dashboardPort;

    @Option(names = "--dashboard-bind", paramLabel = "ADDR", defaultValue = DashboardServer.DEFAULT_BIND,
            description = "The address the dashboard listens on (default: ${DEFAULT-VALUE}). Any other than a"
                    + " loopback address needs --dashboard-token.")
    String dashboardBind;

    @Option(names = "--dashboard-token", paramLabel = "T",
            description = "The token dashboard readers must present, as for acp dashboard --token. Default: the "
                    + Dashboards.TOKEN_ENV + " environment variable.")
    String dashboardToken;

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard.")
    boolean noDashboard;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "0",
            description = "Stop (as on SIGTERM) after N passes; 0, the default, runs until stopped.")
    int passes;

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1 || passTimeout < 1 || stopGrace < 0 || passes < 0) {
            throw new AcpCommand.InputException("--interval and --pass-timeout must be at least 1, --stop-grace and"
                    + " --passes at least 0");
        }
        if (workerCommand != null && workers == ProfileRuntime.WorkerMode.THREADS) {
            throw new AcpCommand.InputException("--worker-command runs a process per run: it cannot be combined with"
                    + " --workers threads");
        }
        List<ProfileRuntime> runtimes = open(workerCommand == null ? null : HeartbeatCommand.split(workerCommand));
        PrintWriter out = spec.commandLine().getOut();
        RunMarker marker = RunMarker.ofThisProcess(runtimes.stream().map(r -> r.profile.id()).toList());
        for (ProfileRuntime r : runtimes) {
            RunMarker.read(r.stateDir).flatMap(m -> m.process().map(p -> m)).ifPresent(m -> {
                throw new AcpCommand.InputException("profile " + r.profile.id() + " is already run by acp run (pid "
                        + m.pid() + "); acp stop --profile FILE stops it");
            });
        }
        for (ProfileRuntime r : runtimes) {
            // A bad or read-only token stops here, before anything launches; unreachable is checked each pass.
            String unchecked = r.checkAccess();
            if (unchecked != null) {
                out.println("acp: " + r.profile.id() + ": " + unchecked);
            }
        }
        DashboardServer dashboard = noDashboard ? null : Dashboards.start(Dashboards.service(profileFiles),
                dashboardBind, dashboardPort, Dashboards.token(dashboardToken, acp.env), Dashboards.OptionNames.RUN);
        try {
            return run(runtimes, marker, dashboard, out);
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
        }
    }

    private int run(List<ProfileRuntime> runtimes, RunMarker marker, DashboardServer dashboard, PrintWriter out)
            throws InterruptedException {
        runtimes.forEach(r -> marker.write(r.stateDir));
        out.println("acp: running " + runtimes.stream().map(r -> r.profile.id()).collect(Collectors.joining(", "))
                + ": a pass every " + interval + " s (pid " + marker.pid() + "; acp stop or Ctrl-C stops it)");
        if (dashboard != null) {
            out.println("acp: dashboard at " + dashboard.url());
        }
        out.flush();

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // The next pass starts after the interval, or as soon as a worker ends (its result is then reconciled at
        // once rather than up to an interval later), or on a stop.
        Semaphore wake = new Semaphore(0);
        runtimes.forEach(r -> r.dispatcher.onWorkerEnd(wake::release));
        Thread hook = new Thread(() -> {
            stop.countDown();
            wake.release();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "acp-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "acp-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            int n = 0;
            while (stop.getCount() > 0) {
                for (ProfileRuntime r : runtimes) {
                    pass(r, pool, out, false);
                }
                n++;
                if (passes > 0 && n >= passes) {
                    break;
                }
                wake.tryAcquire(interval, TimeUnit.SECONDS);
                wake.drainPermits();
                if (stop.getCount() == 0) {
                    break;
                }
            }
            stopCleanly(runtimes, pool, out);
        } finally {
            runtimes.forEach(r -> marker.remove(r.stateDir));
            out.flush();
            pool.shutdownNow();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and waits for done
            }
        }
        return 0;
    }

    private List<ProfileRuntime> open(List<String> command) {
        List<LoadedProfile> loaded = new ArrayList<>();
        for (Path file : profileFiles) {
            loaded.add(ProfileLoader.load(file));
        }
        List<ProfileProblem> problems = ProfileSet.of(loaded).problems();
        if (!problems.isEmpty()) {
            throw new AcpCommand.InputException("invalid profiles:\n" + problems.stream().map(ProfileProblem::toString)
                    .collect(Collectors.joining("\n")));
        }
        List<ProfileRuntime> runtimes = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            Profile p = loaded.get(i).profile();
            runtimes.add(command != null ? ProfileRuntime.open(p, null, acp.env, command, java.util.Map.of())
                    : ProfileRuntime.open(profileFiles.get(i), p, null, acp.env, workers));
        }
        return runtimes;
    }

    /** One heartbeat of one profile within the pass timeout; its report, or one line saying what went wrong. */
    private void pass(ProfileRuntime r, ExecutorService pool, PrintWriter out, boolean draining) {
        if (!draining) {
            String unchecked = r.checkAccess();
            if (unchecked != null) {
                out.println("acp: " + r.profile.id() + ": " + unchecked + "; nothing launches before the token is"
                        + " checked");
                out.flush();
                return;
            }
        }
        Future<ProfileRuntime.Beat> beat = pool.submit(() -> draining ? r.drain() : r.beat());
        try {
            ProfileRuntime.Beat b = beat.get(passTimeout, TimeUnit.SECONDS);
            out.print(draining ? drainText(b) : b.text());
        } catch (TimeoutException e) {
            beat.cancel(true);
            out.println("acp: " + r.profile.id() + ": the heartbeat took longer than " + passTimeout
                    + " s (--pass-timeout) and was interrupted; the next pass repairs what it left");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            out.println("acp: " + r.profile.id() + ": the heartbeat failed: " + (c instanceof AcpCommand.InputException
                    ? c.getMessage() : c.toString()));
        } catch (InterruptedException e) {
            beat.cancel(true);
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** What a stop's pass says: the runs it saw end and its repairs, not the launches it declined. */
    private static String drainText(ProfileRuntime.Beat b) {
        StringBuilder s = new StringBuilder();
        b.finished().forEach(run -> s.append(ProfileRuntime.finishedLine(run)).append('\n'));
        if (b.report().plan() != null) {
            b.report().plan().effects().forEach(e -> s.append("repair: ").append(e.kind().code()).append(' ')
                    .append(e.item()).append(e.label() == null ? "" : " '" + e.label() + "'").append('\n'));
        }
        if (b.report().outbox() != null) {
            s.append("Outbox: ").append(b.report().outbox()).append('\n');
        }
        return s.toString();
    }

    /**
     * Running work finishes within the grace or is handed back; then one last pass that launches nothing records
     * every end, removes agent-running from the items and flushes the outbox.
     */
    private void stopCleanly(List<ProfileRuntime> runtimes, ExecutorService pool, PrintWriter out)
            throws InterruptedException {
        int running = runtimes.stream().mapToInt(ProfileRuntime::runningWorkers).sum();
        out.println("acp: stopping" + (running == 0 ? "" : ": " + running + (running == 1 ? " worker" : " workers")
                + " running, " + stopGrace + " s to finish"));
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stopGrace);
        while (runtimes.stream().anyMatch(r -> r.runningWorkers() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        int handedBack = 0;
        for (ProfileRuntime r : runtimes) {
            handedBack += r.handBack(Duration.ofSeconds(10));
        }
        for (ProfileRuntime r : runtimes) {
            pass(r, pool, out, true);
        }
        out.println("acp: stopped" + (handedBack == 0 ? "" : "; " + handedBack
                + (handedBack == 1 ? " run was" : " runs were") + " handed back"));
    }
}
