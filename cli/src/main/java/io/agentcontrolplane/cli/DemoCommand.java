package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.agent.BackendDoctor;
import io.agentcontrolplane.core.profile.Backends;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.worker.BackendHealth;
import io.agentcontrolplane.dashboard.DashboardServer;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.SandboxMain;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code acp demo}: the product doing its job on a fresh machine, with no network, token or agent installed. The
 * GitHub sandbox with the demo project, a scripted agent that makes real commits (the {@code command} backend), and
 * heartbeats until every seeded issue reaches its end state; then the story, item by item.
 */
@Command(name = "demo", description = "Runs the control plane on a seeded GitHub sandbox (demo/calc) with a scripted"
        + " agent that makes real commits, until every issue reaches its end state (PRs opened, reviewed, repaired,"
        + " merged; the untrusted issue untouched), prints the story, and serves the sandbox until interrupted."
        + " Needs no network, token or agent.")
final class DemoCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "ACP_DEMO_TOKEN";
    static final String PROFILE_ID = "calc";

    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Exit when the story ends: 0 if every end state was reached, else 4.")
    boolean once;

    @Option(names = "--backend", paramLabel = "NAME", description = "A real agent CLI instead of the scripted agent"
            + " (claude, codex, ...), when one is installed; same sandbox, same story.")
    String backend;

    @Option(names = "--workers", paramLabel = "MODE", converter = ProfileRuntime.WorkerMode.Option.class, defaultValue = "threads",
            description = "How worker runs execute: threads of this process (the default: the demo is one short"
                    + " story on one machine, and a JVM start per run would be most of its time) or processes (an"
                    + " acp worker process per run, as acp run does by default).")
    ProfileRuntime.WorkerMode workers;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its profile, workspace and"
            + " sandbox data (default: a new temporary directory).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", description = "The sandbox's port (default: a free one).")
    int port;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between heartbeats (default: ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up waiting for the end states after this long (default: ${DEFAULT-VALUE}).")
    long timeout;

    /** Sees the sandbox's repository when the story ends, before it is closed: a test's look at GitHub's state. */
    static volatile java.util.function.Consumer<SandboxRepo> storyEnd = repo -> { };


    @Override
    public Integer call() throws IOException, InterruptedException {
        if (backend != null && !Backends.isSupported(backend)) {
            throw new AcpCommand.InputException("--backend: '" + backend + "' is not one of "
                    + String.join(", ", Backends.SUPPORTED));
        }
        if (interval < 1 || timeout < 1) {
            throw new AcpCommand.InputException("--interval and --timeout must be at least 1 second");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (backend != null) {
            requireInstalled(backend, out);
        }
        Path home = (dir != null ? dir : Files.createTempDirectory("acp-demo-")).toAbsolutePath().normalize();
        Files.createDirectories(home);
        out.println("acp demo in " + home);
        out.println("Starting the GitHub sandbox with the demo project demo/calc...");
        out.flush();
        GitHubSandbox sandbox = SandboxCommand.start(SandboxMain.DEMO, port, home.resolve("sandbox"),
                new LinkedHashMap<>());
        try {
            SandboxRepo repo = sandbox.repo(SandboxMain.DEMO_REPO);
            Path profileFile = writeProfile(home, sandbox.baseUrl());
            Profile profile = Standalone.loadProfile(profileFile);
            Map<String, String> env = new HashMap<>(acp.env);
            env.put(TOKEN_ENV, SandboxMain.DEMO_BOT_TOKEN);
            ProfileRuntime runtime = ProfileRuntime.open(profileFile, profile, null, env, workers);
            out.println("Sandbox at " + sandbox.baseUrl() + "; profile " + profileFile + "; agent: "
                    + (backend == null ? "the scripted demo agent" : backend));
            out.println("Heartbeats every " + interval + " s until every issue reaches its end state"
                    + " (at most " + timeout + " s):");
            out.flush();
            boolean reached = loop(runtime, repo, out);
            List<WorkerRun> runs = runtime.store.runs();
            out.println();
            out.println("The story of demo/calc:");
            out.print(DemoScenario.story(repo, runs, DemoScenario.check(repo)));
            out.flush();
            storyEnd.accept(repo);
            if (once) {
                return reached ? 0 : AcpCommand.EXIT_UNSUCCESSFUL;
            }
            DashboardServer dashboard = Dashboards.start(
                    Dashboards.service(List.of(profileFile)), DashboardServer.DEFAULT_BIND, 0, null,
                    Dashboards.OptionNames.DASHBOARD);
            out.println();
            out.println("Dashboard: " + dashboard.url());
            out.println("The sandbox keeps serving at " + sandbox.baseUrl() + " (token " + SandboxMain.DEMO_BOT_TOKEN
                    + "); acp status --profile " + profileFile + " shows the same. Ctrl-C stops.");
            out.flush();
            awaitInterrupt(sandbox, dashboard);
            return reached ? 0 : AcpCommand.EXIT_UNSUCCESSFUL;
        } finally {
            sandbox.close();
        }
    }

    /** Heartbeats with one progress line each, until the end states are reached or the time is up. */
    private boolean loop(ProfileRuntime runtime, SandboxRepo repo, PrintWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        runtime.dispatcher.onWorkerEnd(wake::release);
        String unchecked = runtime.checkAccess();
        if (unchecked != null) {
            throw new AcpCommand.InputException("the demo sandbox does not answer: " + unchecked);
        }
        for (int pass = 1; ; pass++) {
            ProfileRuntime.Beat beat = runtime.beat();
            List<DemoScenario.Check> checks = DemoScenario.check(repo);
            long done = checks.stream().filter(DemoScenario.Check::reached).count();
            out.printf("  pass %d: %s, %d of %d end states%n", pass, beat.report().outcome(), done, checks.size());
            beat.finished().forEach(r -> out.println("    finished " + r.lane().wireName() + " " + r.item() + ": "
                    + r.phase().wireName() + (r.outcome() == null || r.outcome().equals(r.phase().wireName()) ? ""
                            : " (" + r.outcome() + ")") + (r.reason() == null ? "" : ", " + r.reason())));
            if (beat.report().plan() != null) {
                beat.report().plan().launches().stream().filter(l -> beat.report().launched().stream()
                        .anyMatch(x -> x.contains(l.lane().wireName() + " " + l.item())))
                        .forEach(l -> out.println("    launched " + l.lane().wireName() + " " + l.item()));
            }
            beat.report().failures().forEach(f -> out.println("    FAILED " + f));
            out.flush();
            if (DemoScenario.allReached(checks)) {
                return true;
            }
            Optional<BackendHealth.Mark> unusable = new BackendHealth(runtime.stateDir).unusable(agentBackend(),
                    runtime.profile);
            if (unusable.isPresent()) {
                out.println("  the agent backend " + agentBackend() + " cannot run (" + unusable.get().detail()
                        + "): the story cannot go on");
                return false;
            }
            if (System.nanoTime() > deadline) {
                out.println("  time is up (--timeout " + timeout + ")");
                return false;
            }
            // The next pass after the interval, or as soon as a worker ends.
            wake.tryAcquire(interval, java.util.concurrent.TimeUnit.SECONDS);
            wake.drainPermits();
        }
    }

    /** The backend the demo's agent runs on: {@code --backend}, else the scripted agent's {@code command}. */
    private String agentBackend() {
        return backend != null ? backend : "command";
    }

    /** The demo's profile: the sandbox repository, the scripted agent (or --backend), short backoffs. */
    private Path writeProfile(Path home, String apiUrl) throws IOException {
        Path agent = home.resolve("demo-agent.sh");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-agent.sh")) {
            if (in == null) {
                throw new IllegalStateException("demo-agent.sh is missing from the acp jar");
            }
            Files.write(agent, in.readAllBytes());
        }
        String agentSection = backend == null
                ? "agent:\n  backend: command\n  backends:\n    command:\n      command: [sh, " + agent
                        + ", \"{prompt}\"]\n      timeoutSeconds: 120\n      stallSeconds: 60\n"
                : "agent:\n  backend: " + backend + "\n";
        String text = "# The profile of acp demo: the sandbox's demo/calc, worked by "
                + (backend == null ? "the scripted demo agent" : backend) + ".\n"
                + "schemaVersion: 1\n"
                + "id: " + PROFILE_ID + "\n"
                + "repository:\n  slug: " + SandboxMain.DEMO_REPO + "\n  apiUrl: " + apiUrl + "\n  cloneUrl: "
                + apiUrl + "/" + SandboxMain.DEMO_REPO + ".git\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + agentSection
                + "schedules:\n  retryCooldowns: [5, 10, 20, 40]\n  providerCooldowns: [5, 10, 20, 40]\n"
                + "workspace:\n  root: " + home.resolve("ws") + "\n";
        Path file = home.resolve("calc.yaml");
        LoadedProfile loaded = ProfileLoader.load(text, file.toString());
        if (!loaded.isValid()) {
            throw new IllegalStateException("the demo profile is invalid: " + loaded.problems().stream()
                    .map(ProfileProblem::toString).collect(Collectors.joining("; ")));
        }
        Files.writeString(file, text);
        return file;
    }

    /**
     * The backend's CLI must be there before anything starts (as {@code acp doctor} checks it): a missing or broken
     * program is an {@link AcpCommand.InputException}; a doubt (no credential visible) is printed and the demo goes on.
     */
    private void requireInstalled(String name, PrintWriter out) throws InterruptedException {
        List<BackendDoctor.Finding> findings = new BackendDoctor(acp.env).check(name, Backends.defaultSettings(name));
        for (BackendDoctor.Finding f : findings) {
            if (f.status() == BackendDoctor.Status.FAIL) {
                throw new AcpCommand.InputException("--backend " + name + ": " + f.message() + " (acp doctor checks"
                        + " a backend without starting the demo)");
            }
            if (f.status() == BackendDoctor.Status.WARN) {
                out.println("acp demo: " + f.subject() + ": " + f.message());
            }
        }
    }

    private static void awaitInterrupt(GitHubSandbox sandbox, DashboardServer dashboard)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            sandbox.close();
            stop.countDown();
        }, "acp-demo-stop"));
        stop.await();
    }
}
