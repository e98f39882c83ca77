package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.CommandDispatcher;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acp heartbeat} against the sandbox with no {@code --worker-command}: it starts {@code acp worker} as a child
 * process, which runs the {@code command} backend (a script that commits, like an agent) in a workspace cloned over
 * the sandbox's git HTTP, and the next heartbeat records the run's end.
 */
class WorkerCommandTest {
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
        Path agent = dir.resolve("agent.sh");
        Files.writeString(agent, """
                set -e
                env > "$ACP_RUN_DIR/agent-env.txt"
                grep -q 'Implement issue' "$ACP_PROMPT_FILE"
                echo 'fixed' >> src/login.txt
                git add -A
                git commit -qm 'Fix the login'
                printf '%s\\n' '{"timestamp": "2026-11-24T12:00:00Z", "status": "pass", "command": "true"}' \\
                  >> "$ACP_RUN_DIR/verification.jsonl"
                printf '{"outcome": "implemented", "action": "host-publish-issue-pr", "detail": "fixed it"}' \\
                  > "$ACP_RUN_DIR/result.json"
                """);
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
        awaitWorkers();
        sandbox.close();
    }

    @Test
    void aHeartbeatRunsAcpWorkerAndTheRunEndsSucceededWithBranchPatchAndResult() throws Exception {
        int issue = repo.createIssue("walt", "Fix the login", "It fails on Mondays.");
        CliResult first = run("heartbeat", "--once", "--profile", profile.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("launched widgets-implement-issue-" + issue);
        StateStore store = StateStore.open(stateDir);
        WorkerRun launched = store.runs().get(0);
        awaitWorkers();
        Path runDir = workspace.resolve("runs").resolve(launched.runId());
        String log = Files.readString(workspace.resolve("runs").resolve(launched.runId() + ".log"));
        assertThat(log).contains("run " + launched.runId() + ": succeeded (implemented, host-publish-issue-pr)");

        Thread.sleep(1100);
        CliResult second = run("heartbeat", "--once", "--profile", profile.toString());
        assertThat(second.code()).as(second.err()).isZero();
        WorkerRun ended = store.run(launched.runId()).orElseThrow();
        assertThat(ended.phase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(ended.outcome()).isEqualTo("implemented");
        assertThat(store.retry(launched.item())).isEmpty();

        // Branch, patch and result in place, for reconcile to publish from.
        WorkspaceFacts facts = StateJson.mapper().readValue(runDir.resolve(RunFiles.WORKSPACE).toFile(),
                WorkspaceFacts.class);
        assertThat(facts.branch()).isEqualTo("agent/widgets/issue-" + issue + "-fix-the-login");
        assertThat(facts.hasNewCommits()).isTrue();
        try (Repository ws = new FileRepositoryBuilder().setGitDir(Path.of(facts.workspace()).resolve(".git")
                .toFile()).build()) {
            assertThat(ws.exactRef("refs/heads/" + facts.branch()).getObjectId().name()).isEqualTo(facts.headSha());
        }
        assertThat(Files.readString(runDir.resolve(RunFiles.PATCH))).contains("+fixed");
        assertThat(Files.readString(runDir.resolve(RunFiles.RESULT))).contains("host-publish-issue-pr");
        assertThat(Files.readString(runDir.resolve(RunFiles.RUN))).contains("\"status\" : \"succeeded\"");

        // The token reached acp worker but neither the agent nor any file the run wrote.
        String agentEnv = Files.readString(runDir.resolve("agent-env.txt"));
        assertThat(agentEnv).contains("ACP_RUN_ID=" + launched.runId()).doesNotContain(TOKEN)
                .doesNotContain(TOKEN_ENV);
        // The state directory too, the forge's HTTP cache included.
        for (Path written : new Path[] {workspace.resolve("runs"), workspace.resolve("worktrees"),
                workspace.resolve("anchor.git"), stateDir}) {
            assertNoFileHolds(written, TOKEN);
        }
    }

    @Test
    void workerExitCodesForAMissingRunAndAFailedRun() throws Exception {
        CliResult missing = run("worker", "--profile", profile.toString(), "--run", "nobody-launched-this");
        assertThat(missing.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(missing.err()).contains("run nobody-launched-this is not recorded");
        CliResult noRun = run("worker", "--profile", profile.toString());
        assertThat(noRun.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(noRun.err()).contains("give --run RUN_ID");

        int issue = repo.createIssue("walt", "Fix the login", "body");
        StateStore store = StateStore.open(stateDir);
        store.putRun(new WorkerRun("manual-1", io.agentcontrolplane.core.world.Lane.IMPLEMENT,
                io.agentcontrolplane.core.world.ItemRef.issue(issue), RunPhase.RUNNING, Instant.now(), null, false,
                false, false, null, null, null));
        Files.writeString(dir.resolve("agent.sh"), "exit 0\n");
        CliResult failed = run("worker", "--profile", profile.toString(), "--run", "manual-1");
        assertThat(failed.code()).as(failed.err()).isEqualTo(AcpCommand.EXIT_UNSUCCESSFUL);
        assertThat(failed.out()).contains("run manual-1: failed (invalid-result): the agent exited without writing"
                + " result.json");
    }

    static void assertNoFileHolds(Path root, String secret) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret);
            }
        }
    }

    private void awaitWorkers() throws IOException, InterruptedException {
        Path processes = stateDir.resolve("processes");
        if (!Files.isDirectory(processes)) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        try (Stream<Path> files = Files.list(processes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                CommandDispatcher.ProcessRecord rec = StateJson.mapper().readValue(f.toFile(),
                        CommandDispatcher.ProcessRecord.class);
                Optional<ProcessHandle> h = ProcessHandle.of(rec.pid());
                while (h.isPresent() && h.get().isAlive() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
            }
        }
    }
}
