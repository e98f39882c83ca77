package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.CommandDispatcher;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.run.WorkerStatus;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.worker.Worker;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acp run --workers threads}: worker runs as threads of the {@code acp run} JVM, against the GitHub sandbox,
 * with the {@code command} backend (a script that commits, like an agent). What the heartbeat, a restart and a stop
 * see must be what they see of {@code acp worker} processes.
 */
class ResidentWorkersTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN = "ghp_e2eSandboxToken0123456789abcdefGHIJ";
    private static final String TOKEN_ENV = "ACP_TEST_GITHUB_TOKEN";
    private static final Map<String, String> ENV = Map.of(TOKEN_ENV, TOKEN);

    @TempDir
    Path dir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    Path profile;
    Path workspace;
    Path stateDir;
    /** The agent waits for this file before it works. */
    Path gate;
    final List<Process> started = new ArrayList<>();

    private static CliResult run(String... args) {
        return CliResult.run(ENV, args);
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GitHubSandbox.builder().user("acp-bot", TOKEN).user("walt", "walt-token").repo(REPO, "main", true)
                .permission(REPO, "acp-bot", Permission.ADMIN).permission(REPO, "walt", Permission.WRITE)
                .build().start();
        repo = sandbox.repo(REPO);
        repo.commit("main", Map.of("src/login.txt", "login\n"), "login");
        workspace = dir.resolve("ws");
        stateDir = workspace.resolve("state");
        gate = dir.resolve("gate");
        Path agent = dir.resolve("agent.sh");
        Files.writeString(agent, """
                set -e
                echo $$ > "%s"
                while [ ! -f "%s" ]; do sleep 0.1; done
                grep -q 'Implement issue' "$ACP_PROMPT_FILE"
                echo 'fixed' >> src/login.txt
                git add -A
                git commit -qm 'Fix the login'
                printf '%%s\\n' '{"timestamp": "2026-11-24T12:00:00Z", "status": "pass", "command": "true"}' \\
                  >> "$ACP_RUN_DIR/verification.jsonl"
                printf '{"outcome": "implemented", "action": "host-publish-issue-pr", "detail": "fixed it"}' \\
                  > "$ACP_RUN_DIR/result.json"
                """.formatted(dir.resolve("agent.pid"), gate));
        profile = dir.resolve("widgets.yaml");
        Files.writeString(profile, "id: widgets\n"
                + "repository:\n  slug: " + REPO + "\n  apiUrl: " + sandbox.baseUrl() + "\n  cloneUrl: "
                + sandbox.baseUrl() + "/" + REPO + ".git\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + "agent:\n  backend: command\n  backends:\n    command:\n      command: [sh, " + agent + "]\n"
                + "      timeoutSeconds: 120\n"
                + "workspace:\n  root: " + workspace + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(gate, "open");
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        agent().ifPresent(ProcessHandle::destroyForcibly);
        sandbox.close();
    }

    /** The agent process of the last run, while it lives. */
    private java.util.Optional<ProcessHandle> agent() throws IOException {
        Path pid = dir.resolve("agent.pid");
        if (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(Processes::running);
    }

    private Process acpRunProcess(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--profile", profile.toString(), "--workers", "threads",
                "--no-dashboard", "--interval", "1"));
        args.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(SandboxCommandTest.javaCommand(args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("run-" + started.size() + ".log").toFile());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private boolean agentStarted() {
        try {
            return agent().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aThreadRunCompletesAndIsReconciledAsAWorkerProcessIs() throws Exception {
        Files.writeString(gate, "open");
        int issue = repo.createIssue("walt", "Fix the login", "It fails on Mondays.");
        // One pass launches; the stop waits for the run to end; its last pass records and reconciles it.
        CliResult r = run("run", "--profile", profile.toString(), "--workers", "threads", "--passes", "1",
                "--stop-grace", "90", "--no-dashboard");
        assertThat(r.code()).as(r.err()).isZero();
        StateStore store = StateStore.open(stateDir);
        WorkerRun ended = store.runs().get(0);
        assertThat(r.out()).contains("launched widgets-implement-issue-" + issue)
                .contains("finished " + ended.runId() + " (implement issue#" + issue + "): succeeded (implemented)")
                .contains("acp: stopped\n");
        assertThat(ended.phase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(ended.outcome()).isEqualTo("implemented");
        assertThat(store.retry(ended.item())).isEmpty();
        // The run's files as acp worker writes them, naming the acp run JVM (this one) as the worker.
        Path runDir = workspace.resolve("runs").resolve(ended.runId());
        RunRecord record = StateJson.mapper().readValue(Files.readAllBytes(runDir.resolve("run.json")),
                RunRecord.class);
        assertThat(record.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(record.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Files.readString(workspace.resolve("runs").resolve(ended.runId() + ".log")))
                .contains("run " + ended.runId() + ": succeeded (implemented, host-publish-issue-pr)");
        // Acknowledged and forgotten, as a process is.
        assertThat(stateDir.resolve("processes/" + ended.runId() + ".json")).doesNotExist();
        // Reconciled: the PR is open on GitHub and the item is no longer running.
        assertThat(repo.issues()).anySatisfy(i -> {
            assertThat(i.pullRequest()).isTrue();
            assertThat(repo.pull(i.number()).headRef()).contains("issue-" + issue);
        });
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
    }

    @Test
    void aRestartAfterTheJvmDiedSettlesItsThreadRunAsLostWithARetry() throws Exception {
        int issue = repo.createIssue("walt", "Fix the login", "It fails on Mondays.");
        Process acp = acpRunProcess();
        await("the agent to start", this::agentStarted);
        acp.destroyForcibly(); // kill -9: the JVM and its worker threads die at once
        acp.waitFor(10, TimeUnit.SECONDS);
        WorkerRun inFlight = StateStore.open(stateDir).runs().get(0);
        assertThat(inFlight.phase().terminal()).isFalse();
        CommandDispatcher.ProcessRecord held = StateJson.mapper().readValue(Files.readAllBytes(
                stateDir.resolve("processes/" + inFlight.runId() + ".json")), CommandDispatcher.ProcessRecord.class);
        assertThat(held.pid()).isEqualTo(acp.pid());
        assertThat(held.command()).isEqualTo(CommandDispatcher.RESIDENT_COMMAND);
        // What the dead JVM's supervision can no longer do: its agent outlives it until killed.
        agent().ifPresent(ProcessHandle::destroyForcibly);

        CliResult restarted = run("run", "--profile", profile.toString(), "--workers", "threads", "--passes", "1",
                "--stop-grace", "5", "--no-dashboard");
        assertThat(restarted.code()).as(restarted.err()).isZero();
        assertThat(restarted.out()).contains("finished " + inFlight.runId() + " (implement issue#" + issue
                + "): failed, " + WorkerStatus.CRASHED);
        StateStore store = StateStore.open(stateDir);
        assertThat(store.run(inFlight.runId()).orElseThrow().phase()).isEqualTo(RunPhase.FAILED);
        assertThat(store.retry(inFlight.item())).isPresent();
        assertThat(stateDir.resolve("processes/" + inFlight.runId() + ".json")).doesNotExist();
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
    }

    @Test
    void stopInterruptsARunningThreadWorkerStopsItsAgentAndHandsTheItemBack() throws Exception {
        int issue = repo.createIssue("walt", "Slow work", "body");
        Process acp = acpRunProcess("--stop-grace", "1");
        await("the agent to start", this::agentStarted);
        ProcessHandle agent = agent().orElseThrow();
        assertThat(repo.labels(issue)).contains("agent-running");

        CliResult stopped = run("stop", "--profile", profile.toString());
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(acp.isAlive()).isFalse();
        await("the agent to be stopped", () -> !Processes.running(agent));
        String out = Files.readString(dir.resolve("run-0.log"));
        WorkerRun run = StateStore.open(stateDir).runs().get(0);
        assertThat(out).contains("acp: stopping: 1 worker running, 1 s to finish")
                .contains("finished " + run.runId() + " (implement issue#" + issue + "): failed, "
                        + Worker.INTERRUPTED)
                .contains("repair: remove-label issue#" + issue + " 'agent-running'")
                .contains("acp: stopped; 1 run was handed back");
        assertThat(run.phase()).isEqualTo(RunPhase.FAILED);
        assertThat(StateStore.open(stateDir).retry(run.item())).isPresent();
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(stateDir.resolve("processes/" + run.runId() + ".json")).doesNotExist();
    }

    @Test
    void aCustomWorkerCommandCannotRunAsAThread() {
        CliResult r = run("run", "--profile", profile.toString(), "--workers", "threads", "--worker-command", "true",
                "--passes", "1", "--no-dashboard");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("--worker-command runs a process per run: it cannot be combined with"
                + " --workers threads");
        CliResult bad = run("run", "--profile", profile.toString(), "--workers", "fibres", "--passes", "1");
        assertThat(bad.code()).isEqualTo(AcpCommand.EXIT_USAGE);
        assertThat(bad.err()).contains("'fibres' is not processes or threads");
    }
}
