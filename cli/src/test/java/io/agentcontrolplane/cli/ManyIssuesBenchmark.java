package io.agentcontrolplane.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.SandboxMain;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * N issues to N merged PRs in the GitHub sandbox with the scripted agent (each issue adds one test file, so no two
 * PRs conflict): the control plane's own time per run, everything but the agent, and the GitHub requests and
 * rate-limit points per merged PR. A main, not a test: figures go to docs/benchmarks.md.
 *
 * <p>{@code ManyIssuesBenchmark [issues=100] [maxWorkers=4] [dir] [processes|threads]}: the last, how worker runs
 * execute, as {@code acp run --workers} (default processes). A worker process's CPU is measured by {@code time(1)},
 * a worker thread's by {@link java.lang.management.ThreadMXBean} (the agent, a process of its own, excluded).
 */
public final class ManyIssuesBenchmark {
    private ManyIssuesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path home = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("acp-bench-");
        ProfileRuntime.WorkerMode mode = new ProfileRuntime.WorkerMode.Option().convert(args.length > 3 ? args[3]
                : "processes");
        AcpCommand.silenceLibraryLogging();
        ObjectNode seed = (ObjectNode) SandboxMain.demoSeed();
        ArrayNode list = ((ObjectNode) seed.withArray("repos").get(0)).putArray("issues");
        for (int n = 1; n <= issues; n++) {
            list.addObject().put("title", "Add test " + n).put("author", "maria")
                    .put("body", "Add a test of add with " + n + ".\n\nDemo script: add-test " + n);
        }
        Path seedFile = home.resolve("seed.json");
        Files.writeString(seedFile, Json.write(seed));
        GitHubSandbox sandbox = SandboxCommand.start(seedFile.toString(), 0, home.resolve("sandbox"), new HashMap<>());
        try {
            run(sandbox, home, issues, workers, mode);
        } finally {
            sandbox.close();
        }
    }

    private static void run(GitHubSandbox sandbox, Path home, int issues, int workers, ProfileRuntime.WorkerMode mode)
            throws Exception {
        SandboxRepo repo = sandbox.repo(SandboxMain.DEMO_REPO);
        Path agent = home.resolve("demo-agent.sh");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-agent.sh")) {
            Files.write(agent, in.readAllBytes());
        }
        // The agent's own wall time, kept beside its run so that it can be taken out of the worker's.
        Path timed = home.resolve("timed-agent.sh");
        Files.writeString(timed, "s=$(date +%s%N); sh " + agent + " \"$1\"; c=$?; e=$(date +%s%N); echo $(( e - s ))"
                + " > \"$ACP_RUN_DIR/agent-nanos\"; echo \"$s $e\" > \"$ACP_RUN_DIR/agent-span\";"
                + " times > \"$ACP_RUN_DIR/agent-times\"; exit $c\n");
        String api = sandbox.baseUrl();
        Path profileFile = home.resolve("bench.yaml");
        Files.writeString(profileFile, "id: bench\nrepository:\n  slug: demo/calc\n  apiUrl: " + api
                + "\n  cloneUrl: " + api + "/demo/calc.git\ncredentials:\n  tokenEnv: ACP_DEMO_TOKEN\n"
                + "agent:\n  backend: command\n  backends:\n    command:\n      command: [sh, " + timed
                + ", \"{prompt}\"]\n      timeoutSeconds: 300\nlimits:\n  maxWorkers: " + workers
                + "\n  maxPrWorkers: " + workers + "\n  maxLaunchesPerHeartbeat: " + workers
                + "\nschedules:\n  retryCooldowns: [5, 10, 20, 40]\nworkspace:\n  root: " + home.resolve("ws") + "\n");
        Profile profile = ProfileLoader.load(profileFile).profile();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("ACP_DEMO_TOKEN", SandboxMain.DEMO_BOT_TOKEN);
        // Each worker under time(1): its CPU (the JVM and, waited for, the agent) beside its log.
        Path runsRoot = Standalone.expand(profile.workspace().runsRoot());
        List<String> worker = new ArrayList<>(List.of("sh", "-c", "exec /usr/bin/time -f '%U %S %e' -o \"" + runsRoot
                + "/$ACP_RUN_ID.cpu\" \"$@\"", "timed-worker"));
        worker.addAll(HeartbeatCommand.acpWorker(profileFile, profile, Standalone.stateDir(profile, null)));
        ProfileRuntime runtime = mode == ProfileRuntime.WorkerMode.PROCESSES
                ? ProfileRuntime.open(profile, null, env, worker, HeartbeatCommand.acpWorkerEnvironment(profile, env))
                : ProfileRuntime.resident(profile, null, env, threadTimed(WorkerCommand.resident(profileFile,
                        Standalone.stateDir(profile, null), env), runsRoot));
        // As acp run: the next pass after a second, or as soon as a worker ends.
        java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        runtime.dispatcher.onWorkerEnd(wake::release);
        runtime.checkAccess();
        var threads = ManagementFactory.getThreadMXBean();
        long heartbeatNanos = 0;
        long heartbeatCpu = 0;
        int passes = 0;
        long start = System.nanoTime();
        int merged = 0;
        while (merged < issues) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            runtime.beat();
            heartbeatNanos += System.nanoTime() - t0;
            heartbeatCpu += threads.getCurrentThreadCpuTime() - c0;
            passes++;
            merged = (int) repo.issues().stream().filter(SandboxRepo.IssueView::pullRequest)
                    .filter(i -> repo.pull(i.number()).merged()).count();
            System.out.printf("pass %d: %d of %d PRs merged, %.0f s%n", passes, merged, issues,
                    (System.nanoTime() - start) / 1e9);
            if (passes % 20 == 0) {
                report(sandbox, runtime, profile, issues, merged, passes, System.nanoTime() - start, heartbeatNanos,
                        heartbeatCpu);
            }
            if (Duration.ofNanos(System.nanoTime() - start).toMinutes() > 60) {
                System.out.println("giving up after an hour");
                break;
            }
            wake.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS);
            wake.drainPermits();
        }
        report(sandbox, runtime, profile, issues, merged, passes, System.nanoTime() - start, heartbeatNanos,
                heartbeatCpu);
    }

    /**
     * The resident worker, its thread's CPU written to {@code <runId>.thread-cpu} (nanoseconds): the agent is a
     * process of its own, so none of its CPU is in it; JIT compilation and GC, on threads of their own, are not
     * either.
     */
    private static io.agentcontrolplane.core.heartbeat.CommandDispatcher.ResidentWorker threadTimed(
            io.agentcontrolplane.core.heartbeat.CommandDispatcher.ResidentWorker worker, Path runsRoot) {
        var threads = ManagementFactory.getThreadMXBean();
        return (launch, log) -> {
            long c0 = threads.getCurrentThreadCpuTime();
            try {
                return worker.perform(launch, log);
            } finally {
                long cpu = threads.getCurrentThreadCpuTime() - c0;
                try {
                    Files.writeString(runsRoot.resolve(launch.runId() + ".thread-cpu"), Long.toString(cpu));
                } catch (java.io.IOException e) {
                    log.println("cannot record the thread's CPU: " + e.getMessage());
                }
            }
        };
    }

    /** The figures so far: every run that has ended is counted. */
    private static void report(GitHubSandbox sandbox, ProfileRuntime runtime, Profile profile, int issues, int merged,
            int passes, long wall, long heartbeatNanos, long heartbeatCpu) throws java.io.IOException {
        List<WorkerRun> runs = runtime.store.runs();
        List<Long> overheads = new ArrayList<>();
        // The phases of a run outside the agent: launch to the worker's own start (a JVM starting, the profile and
        // state read), its start to the agent's (GitHub read, workspace, prompt), the agent's end to the worker's
        // (work kept, result checked), and the worker's end to the heartbeat that reconciled it.
        List<Long> toWorker = new ArrayList<>();
        List<Long> toAgent = new ArrayList<>();
        List<Long> afterAgent = new ArrayList<>();
        List<Long> toReconciled = new ArrayList<>();
        // CPU, not wall: what a run costs the machine whatever the load. The worker's includes the agent's.
        List<Long> workerCpu = new ArrayList<>();
        List<Long> agentCpu = new ArrayList<>();
        long workerNanos = 0;
        long agentNanos = 0;
        Path runsRoot = Standalone.expand(profile.workspace().runsRoot());
        for (WorkerRun r : runs) {
            Path dir = runsRoot.resolve(r.runId());
            Path nanos = dir.resolve("agent-nanos");
            Path record = dir.resolve("run.json");
            if (!Files.exists(nanos) || !Files.exists(record)) {
                continue;
            }
            RunRecord rec = StateJson.mapper().readValue(Files.readAllBytes(record), RunRecord.class);
            if (rec.endedAt() == null) {
                continue;
            }
            long worker = Duration.between(rec.startedAt(), rec.endedAt()).toNanos();
            Path cpu = runsRoot.resolve(r.runId() + ".cpu");
            Path times = dir.resolve("agent-times");
            Path threadCpu = runsRoot.resolve(r.runId() + ".thread-cpu");
            if (Files.exists(threadCpu)) {
                workerCpu.add(Long.parseLong(Files.readString(threadCpu).trim()));
                agentCpu.add(0L);
            } else if (Files.exists(cpu) && Files.exists(times)) {
                String[] us = Files.readString(cpu).trim().split("\\s+");
                long workerMs = Math.round((Double.parseDouble(us[us.length - 3]) + Double.parseDouble(
                        us[us.length - 2])) * 1000);
                long agentMs = 0;
                // times(1): the shell's user and system time, then its children's, as 0m0.010s.
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s")
                        .matcher(Files.readString(times));
                while (m.find()) {
                    agentMs += Math.round((Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))) * 1000);
                }
                workerCpu.add(workerMs * 1_000_000);
                agentCpu.add(agentMs * 1_000_000);
            }
            Path span = dir.resolve("agent-span");
            if (Files.exists(span)) {
                String[] se = Files.readString(span).trim().split(" ");
                java.time.Instant agentStart = java.time.Instant.EPOCH.plusNanos(Long.parseLong(se[0]));
                java.time.Instant agentEnd = java.time.Instant.EPOCH.plusNanos(Long.parseLong(se[1]));
                toWorker.add(Duration.between(r.startedAt(), rec.startedAt()).toNanos());
                toAgent.add(Duration.between(rec.startedAt(), agentStart).toNanos());
                afterAgent.add(Duration.between(agentEnd, rec.endedAt()).toNanos());
                Path reconciled = dir.resolve("reconciled.json");
                if (Files.exists(reconciled)) {
                    java.time.Instant at = java.time.Instant.parse(StateJson.mapper().readTree(
                            reconciled.toFile()).path("reconciledAt").asText());
                    toReconciled.add(Duration.between(rec.endedAt(), at).toNanos());
                }
            }
            long agentOnly = Long.parseLong(Files.readString(nanos).trim());
            workerNanos += worker;
            agentNanos += agentOnly;
            overheads.add(worker - agentOnly);
        }
        Collections.sort(overheads);
        long requests = sandbox.counters().totalRequests();
        long points = 5000 - sandbox.rateLimitRemaining(SandboxMain.DEMO_BOT_TOKEN);
        int finished = overheads.size();
        System.out.println();
        System.out.printf("%d issues -> %d merged PRs in %.0f s wall, %d heartbeats, %d worker runs (%d timed)%n",
                issues, merged, wall / 1e9, passes, runs.size(), finished);
        System.out.printf("heartbeat (acp's own process): %.0f ms wall, %.0f ms CPU per run%n",
                heartbeatNanos / 1e6 / Math.max(1, runs.size()), heartbeatCpu / 1e6 / Math.max(1, runs.size()));
        if (finished > 0) {
            System.out.printf("worker outside the agent: median %.0f ms, p90 %.0f ms, mean %.0f ms per run;"
                    + " agent itself: mean %.0f ms%n", overheads.get(finished / 2) / 1e6,
                    overheads.get(Math.min(finished - 1, finished * 9 / 10)) / 1e6,
                    (workerNanos - agentNanos) / 1e6 / finished, agentNanos / 1e6 / finished);
        }
        System.out.printf("phases, median (p90) ms: launch to worker start %s, worker start to agent %s, agent end"
                + " to worker end %s, worker end to reconciled %s%n", median(toWorker), median(toAgent),
                median(afterAgent), median(toReconciled));
        List<Long> ownCpu = new ArrayList<>();
        for (int i = 0; i < workerCpu.size(); i++) {
            ownCpu.add(workerCpu.get(i) - agentCpu.get(i));
        }
        System.out.printf("CPU per run, median (p90) ms: worker process (or thread) %s, of it the agent %s; the worker's"
                + " own %s%n",
                median(workerCpu), median(agentCpu), median(ownCpu));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            // An upper bound: the sandbox (GitHub's side), the heartbeats, worker threads, JIT and GC of this JVM.
            System.out.printf("this JVM's CPU (sandbox, heartbeats, worker threads, JIT, GC): %.0f ms per run%n",
                    os.getProcessCpuTime() / 1e6 / Math.max(1, runs.size()));
        }
        try {
            String[] la = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            System.out.printf("load average now: %s %s %s (%d cores)%n", la[0], la[1], la[2],
                    Runtime.getRuntime().availableProcessors());
        } catch (java.io.IOException e) {
            System.out.println("load average: unknown");
        }
        System.out.printf("GitHub: %d requests (%.1f per merged PR), %d rate-limit points (%.1f per merged PR)%n",
                requests, requests / (double) Math.max(1, merged), points, points / (double) Math.max(1, merged));
    }

    private static String median(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("%.0f (%.0f)", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)) / 1e6);
    }
}
