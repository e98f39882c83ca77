package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.CommandDispatcher;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.sandbox.Fault;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands against the GitHub sandbox: outbox, live plan, heartbeat with real worker processes. */
class OperateCommandsTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN = "sandbox-bot-token";
    private static final String TOKEN_ENV = "ACP_TEST_GITHUB_TOKEN";
    private static final Map<String, String> ENV = Map.of(TOKEN_ENV, TOKEN);

    @TempDir
    Path dir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    Path profile;
    Path workspace;
    Path stateDir;

    private static CliResult run(Map<String, String> env, String... args) {
        return CliResult.run(env, args);
    }

    private static CliResult run(String... args) {
        return run(ENV, args);
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GitHubSandbox.builder()
                .user("acp-bot", TOKEN)
                .user("walt", "walt-token")
                .repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN)
                .permission(REPO, "walt", Permission.WRITE)
                .build().start();
        repo = sandbox.repo(REPO);
        workspace = dir.resolve("ws");
        stateDir = workspace.resolve("state");
        profile = dir.resolve("widgets.yaml");
        Files.writeString(profile, "id: widgets\n"
                + "repository:\n  slug: " + REPO + "\n  apiUrl: " + sandbox.baseUrl() + "\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + "workspace:\n  root: " + workspace + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        awaitWorkers();
        sandbox.close();
    }

    private Outbox outbox() {
        return Outbox.open(stateDir, Profile.Schedules.DEFAULT_COOLDOWNS);
    }

    // ------------------------------------------------------------------------------------------------ outbox

    @Test
    void outboxListFlushRetryDropOnTheSandbox() {
        int issue = repo.createIssue("walt", "Fix it", "body");
        Outbox outbox = outbox();
        Intent label = outbox.enqueue(Intent.addLabels("ops/label", ItemRef.issue(issue), List.of("triaged")));
        Intent comment = outbox.enqueue(Intent.comment("ops/comment", ItemRef.issue(issue), "Looked at it"));
        Intent missing = outbox.enqueue(Intent.comment("ops/missing", ItemRef.issue(99), "Nobody reads this"));

        CliResult listed = run("outbox", "--profile", profile.toString(), "list");
        assertThat(listed.code()).isZero();
        assertThat(listed.out().lines()).hasSize(3);
        assertThat(listed.out()).contains(label.id() + " pending add-labels issue#" + issue + " ops/label attempts=0"
                + " next=- error=-").contains(missing.id() + " pending comment issue#99 ops/missing");

        CliResult flushed = run("outbox", "flush", "--profile", profile.toString());
        assertThat(flushed.code()).as(flushed.err()).isZero();
        assertThat(flushed.out()).contains("sent=2").contains("failed=1").contains(comment.id() + " SENT")
                .containsPattern("GitHub: \\d+ requests");
        assertThat(repo.labels(issue)).contains("triaged");
        assertThat(repo.comments(issue)).anySatisfy(c -> assertThat(c.body()).startsWith("Looked at it"));

        CliResult afterFlush = run("outbox", "--profile", profile.toString());
        assertThat(afterFlush.out().lines()).singleElement().asString()
                .startsWith(missing.id() + " failed comment issue#99").doesNotContain("error=-");

        CliResult retried = run("outbox", "--profile", profile.toString(), "retry", missing.id());
        assertThat(retried.code()).as(retried.err()).isZero();
        assertThat(run("outbox", "list", "--profile", profile.toString()).out())
                .contains(missing.id() + " pending comment");

        CliResult dropped = run("outbox", "drop", missing.id(), "--reason", "issue 99 does not exist",
                "--profile", profile.toString());
        assertThat(dropped.code()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("dropped " + missing.id() + ": issue 99 does not exist");
        assertThat(run("outbox", "list", "--profile", profile.toString()).out())
                .isEqualTo("no pending or failed intents\n");
        CliResult all = run("outbox", "list", "--all", "--profile", profile.toString());
        assertThat(all.out()).contains(label.id() + " done").contains(comment.id() + " done")
                .contains(missing.id() + " dropped").contains("issue 99 does not exist");

        CliResult again = run("outbox", "flush", "--profile", profile.toString(), "--limit", "5");
        assertThat(again.out()).contains("sent=0 confirmed=0 deferred=0 failed=0");
        assertThat(repo.comments(issue)).hasSize(1);
    }

    @Test
    void outboxStateDirCanBeGivenAndUnknownIdsAreRefused() {
        Path other = dir.resolve("other-state");
        Outbox outbox = Outbox.open(other, Profile.Schedules.DEFAULT_COOLDOWNS);
        Intent i = outbox.enqueue(Intent.addLabels("ops/x", ItemRef.issue(1), List.of("x")));
        assertThat(run("outbox", "--profile", profile.toString(), "--state", other.toString()).out())
                .contains(i.id());
        assertThat(run("outbox", "--profile", profile.toString()).out()).contains("no state yet in " + stateDir);

        CliResult unknown = run("outbox", "retry", "000000000999-comment", "--profile", profile.toString(),
                "--state", other.toString());
        assertThat(unknown.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(unknown.err()).contains("no outbox intent 000000000999-comment");
        CliResult pending = run("outbox", "retry", i.id(), "--profile", profile.toString(), "--state", other.toString());
        assertThat(pending.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(pending.err()).contains(i.id() + " is pending, not failed");
        CliResult dropUnknown = run("outbox", "drop", "nonsense", "--profile", profile.toString());
        assertThat(dropUnknown.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(dropUnknown.err()).contains("no outbox intent nonsense");
        assertThat(run("outbox", "list").code()).isEqualTo(AcpCommand.EXIT_USAGE);
    }

    @Test
    void aMissingTokenVariableIsNamed() {
        repo.createIssue("walt", "Fix it", "body");
        for (String[] args : List.of(
                new String[] {"outbox", "flush", "--profile", profile.toString()},
                new String[] {"plan", "--profile", profile.toString()},
                new String[] {"heartbeat", "--once", "--profile", profile.toString(), "--worker-command", "true"})) {
            CliResult r = run(Map.of("OTHER", "x"), args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(AcpCommand.EXIT_INVALID);
            assertThat(r.err()).contains("environment variable " + TOKEN_ENV + " is not set");
        }
        assertThat(sandbox.counters().requestsByRoute()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ live plan

    @Test
    void livePlanObservesGitHubAndReportsWhatTheReadsCost() {
        int a = repo.createIssue("walt", "First", "body");
        int b = repo.createIssue("walt", "Second", "body");
        CliResult first = run("plan", "--profile", profile.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("implement +issue#" + a).containsPattern("implement +issue#" + b)
                .containsPattern("GitHub: [1-9]\\d* requests \\(\\d+ answered 304\\), [1-9]\\d* rate-limit points,"
                        + " \\d+ remaining");
        CliResult second = run("plan", "--profile", profile.toString());
        assertThat(second.code()).isZero();
        assertThat(second.out()).containsPattern("implement +issue#" + a)
                .containsPattern("GitHub: [1-9]\\d* requests \\(\\d+ answered 304\\), 0 rate-limit points");
        // Nothing was written to GitHub.
        assertThat(repo.labels(a)).isEmpty();
        assertThat(repo.repoLabels()).doesNotContain("agent-running");

        CliResult json = run("plan", "--profile", profile.toString(), "--json");
        assertThat(json.out()).startsWith("{");
        assertThat(json.err()).contains("0 rate-limit points");
    }

    // ------------------------------------------------------------------------------------------------ heartbeat

    @Test
    void heartbeatLaunchesWorkersAndTheNextOneSettlesTheirRuns() throws Exception {
        int ok = repo.createIssue("walt", "Works", "body");
        int bad = repo.createIssue("walt", "Fails", "body");
        String worker = "sh -c 'echo \"$ACP_ITEM $ACP_LANE $ACP_RUN_ID $ACP_PROFILE $ACP_STATE_DIR\" >> out.txt;"
                + " test \"$ACP_ITEM\" != issue#" + bad + "'";
        CliResult first = run("heartbeat", "--once", "--profile", profile.toString(), "--worker-command", worker);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Heartbeat of profile widgets: completed")
                .contains("launched widgets-implement-issue-" + ok)
                .contains("launched widgets-implement-issue-" + bad).contains("GitHub: ").contains("Outbox: sent");
        assertThat(repo.labels(ok)).contains("agent-running");

        StateStore store = StateStore.open(stateDir);
        List<WorkerRun> launched = store.runs();
        assertThat(launched).hasSize(2).allSatisfy(r -> assertThat(r.phase()).isEqualTo(RunPhase.PENDING));
        for (WorkerRun run : launched) {
            assertThat(stateDir.resolve("processes/" + run.runId() + ".json")).exists();
        }
        awaitWorkers();
        List<String> lines = Files.readAllLines(workspace.resolve("out.txt"));
        assertThat(lines).hasSize(2);
        for (WorkerRun run : launched) {
            assertThat(lines).contains(run.item() + " implement " + run.runId() + " widgets " + stateDir);
            assertThat(workspace.resolve("runs/" + run.runId() + ".log")).exists();
        }

        Thread.sleep(1100); // the next heartbeat's run ids (to the second) differ from the first's
        CliResult second = run("heartbeat", "--profile", profile.toString(), "--worker-command", "true");
        assertThat(second.code()).as(second.err()).isZero();
        WorkerRun good = runOf(store, launched, ok);
        WorkerRun failed = runOf(store, launched, bad);
        // The heartbeat that sees a run finish reports it, once.
        assertThat(second.out()).contains("finished " + good.runId() + " (implement issue#" + ok + "): succeeded\n")
                .contains("finished " + failed.runId() + " (implement issue#" + bad + "): failed, worker-exit-1");
        CliResult third = run("heartbeat", "--profile", profile.toString(), "--worker-command", "true");
        assertThat(third.out()).doesNotContain("finished " + good.runId()).doesNotContain("finished " + failed.runId());
        assertThat(good.phase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(good.endedAt()).isNotNull();
        assertThat(failed.phase()).isEqualTo(RunPhase.FAILED);
        assertThat(failed.reason()).isEqualTo("worker-exit-1");
        assertThat(failed.endedAt()).isAfterOrEqualTo(failed.startedAt());
        for (WorkerRun run : launched) {
            assertThat(stateDir.resolve("processes/" + run.runId() + ".json")).doesNotExist();
            assertThat(store.pendingLaunch(run.item())).map(p -> p.runId()).isNotEqualTo(Optional.of(run.runId()));
        }
    }

    @Test
    void aRunningWorkerIsReportedRunningAcrossHeartbeats() throws Exception {
        int issue = repo.createIssue("walt", "Slow", "body");
        Path gate = dir.resolve("gate");
        String worker = "sh -c 'while [ ! -f " + gate + " ]; do sleep 0.1; done'";
        assertThat(run("heartbeat", "--profile", profile.toString(), "--worker-command", worker).code()).isZero();
        Thread.sleep(1100);
        CliResult second = run("heartbeat", "--profile", profile.toString(), "--worker-command", worker);
        assertThat(second.code()).isZero();
        assertThat(second.out()).doesNotContain("launched").contains("already-running");
        StateStore store = StateStore.open(stateDir);
        assertThat(store.runs()).singleElement().satisfies(r -> {
            assertThat(r.item()).isEqualTo(ItemRef.issue(issue));
            assertThat(r.phase()).isEqualTo(RunPhase.RUNNING);
        });
        Files.writeString(gate, "go");
        awaitWorkers();
    }

    @Test
    void badHeartbeatOptionsAreExplained() {
        CliResult unbalanced = run("heartbeat", "--profile", profile.toString(), "--worker-command", "sh -c 'oops");
        assertThat(unbalanced.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(unbalanced.err()).contains("--worker-command: unbalanced '");
        assertThat(run("heartbeat", "--once", "--interval", "5", "--profile", profile.toString(),
                "--worker-command", "true").code()).isEqualTo(AcpCommand.EXIT_USAGE);
    }

    @Test
    void aHeartbeatThatCannotObserveGitHubExitsNonZero() {
        sandbox.faults().on("GET", "/repos/acme/widgets/issues").always(Fault.status(404));
        CliResult r = run("heartbeat", "--once", "--profile", profile.toString(), "--worker-command", "true");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_HEARTBEAT_FAILED);
        assertThat(r.out()).contains("Heartbeat of profile widgets: failed (GitHub could not be observed");
    }

    @Test
    void aRepositoryTheTokenCannotSeeIsNamedBeforeAnyHeartbeat() {
        sandbox.faults().on("GET", "/repos/acme/widgets").always(Fault.status(404));
        CliResult r = run("heartbeat", "--once", "--profile", profile.toString(), "--worker-command", "true");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("repository not found, or the token in " + TOKEN_ENV + " cannot see it");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void workerCommandsSplitLikeASimpleShell() {
        assertThat(HeartbeatCommand.split("sh -c 'echo $ACP_ITEM >> out.txt'"))
                .containsExactly("sh", "-c", "echo $ACP_ITEM >> out.txt");
        assertThat(HeartbeatCommand.split("  agent  --prompt \"fix it\" x''y ''"))
                .containsExactly("agent", "--prompt", "fix it", "xy", "");
    }

    private static WorkerRun runOf(StateStore store, List<WorkerRun> launched, int issue) {
        String id = launched.stream().filter(r -> r.item().equals(ItemRef.issue(issue))).findFirst().orElseThrow()
                .runId();
        return store.run(id).orElseThrow();
    }

    /** Waits for every worker process recorded under the state directory to end. */
    private void awaitWorkers() throws IOException, InterruptedException {
        Path processes = stateDir.resolve("processes");
        if (!Files.isDirectory(processes)) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        try (Stream<Path> files = Files.list(processes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                CommandDispatcher.ProcessRecord rec = StateJson.mapper().readValue(f.toFile(),
                        CommandDispatcher.ProcessRecord.class);
                Optional<ProcessHandle> h = ProcessHandle.of(rec.pid());
                while (h.isPresent() && h.get().isAlive() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                Path exit = processes.resolve(rec.runId() + ".exit");
                while (!Files.exists(exit) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
            }
        }
    }
}
