package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
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

/** {@code acp run} and {@code acp stop} as separate processes, against the GitHub sandbox, with real workers. */
class RunCommandTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN_ENV = "ACP_TEST_GITHUB_TOKEN";
    private static final Map<String, String> ENV = Map.of(TOKEN_ENV, "bot-token");

    @TempDir
    Path dir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    Path profile;
    Path stateDir;
    final List<Process> started = new ArrayList<>();

    static CliResult run(String... args) {
        return CliResult.run(ENV, args);
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GitHubSandbox.builder().user("acp-bot", "bot-token").user("walt", "walt-token").repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN).permission(REPO, "walt", Permission.WRITE)
                .build().start();
        repo = sandbox.repo(REPO);
        stateDir = dir.resolve("ws/state");
        profile = dir.resolve("widgets.yaml");
        Files.writeString(profile, "id: widgets\n"
                + "repository:\n  slug: " + REPO + "\n  apiUrl: " + sandbox.baseUrl() + "\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + "workspace:\n  root: " + dir.resolve("ws") + "\n");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        sandbox.close();
    }

    private Process acpRun(String worker, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--profile", profile.toString(), "--worker-command", worker,
                "--dashboard-port", "0"));
        args.addAll(List.of(more));
        if (!args.contains("--interval")) {
            args.addAll(List.of("--interval", "1"));
        }
        ProcessBuilder pb = new ProcessBuilder(SandboxCommandTest.javaCommand(args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("run-" + started.size() + ".log").toFile());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String log(int n) throws IOException {
        return Files.readString(dir.resolve("run-" + n + ".log"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void stopFinishesOrHandsBackRunningWorkAndRemovesTheRunningLabel() throws Exception {
        int issue = repo.createIssue("walt", "Slow work", "body");
        Process acp = acpRun("sh -c 'sleep 60'", "--stop-grace", "1");
        await("the launch to be labelled", () -> repo.labels(issue).contains("agent-running"));
        List<ProcessHandle> workers = new ArrayList<>(acp.descendants().filter(p -> p.info().command()
                .map(c -> !c.contains("java")).orElse(true)).toList());
        assertThat(workers).isNotEmpty();

        CliResult twice = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--no-dashboard");
        assertThat(twice.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(twice.err()).contains("profile widgets is already run by acp run (pid " + acp.pid() + ")");

        CliResult stopped = run("stop", "--profile", profile.toString());
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains("stopping acp run (pid " + acp.pid() + ")")
                .contains("acp run (pid " + acp.pid() + ") stopped");
        assertThat(acp.isAlive()).isFalse();
        assertThat(workers).noneMatch(Processes::running);
        String out = log(0);
        assertThat(out).contains("acp: stopping: 1 worker running, 1 s to finish")
                .containsPattern("finished widgets-implement-issue-" + issue + "-\\S+ \\(implement issue#" + issue
                        + "\\): failed")
                .contains("repair: remove-label issue#" + issue + " 'agent-running'")
                .contains("acp: stopped; 1 run was handed back");
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(StateStore.open(stateDir).runs()).singleElement()
                .satisfies(r -> assertThat(r.phase().terminal()).isTrue());
        assertThat(stateDir.resolve(RunMarker.FILE)).doesNotExist();
        assertThat(run("stop", "--profile", profile.toString()).out()).contains("no acp run is running it");
    }

    @Test
    void aRestartAfterACrashLosesNothing() throws Exception {
        int issue = repo.createIssue("walt", "Work", "body");
        Path gate = dir.resolve("gate");
        Process acp = acpRun("sh -c 'while [ ! -f " + gate + " ]; do sleep 0.1; done'");
        await("the launch to be labelled", () -> repo.labels(issue).contains("agent-running"));
        acp.destroyForcibly(); // kill -9: no clean stop, the worker keeps running
        acp.waitFor(10, TimeUnit.SECONDS);
        assertThat(stateDir.resolve(RunMarker.FILE)).exists();
        WorkerRun inFlight = StateStore.open(stateDir).runs().get(0);
        assertThat(inFlight.phase().terminal()).isFalse();
        Files.writeString(gate, "done");
        await("the worker to end", () -> !Files.exists(stateDir.resolve("processes/" + inFlight.runId() + ".json"))
                || Files.exists(stateDir.resolve("processes/" + inFlight.runId() + ".exit")));

        CliResult restarted = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--stop-grace", "5", "--no-dashboard");
        assertThat(restarted.code()).as(restarted.err()).isZero();
        assertThat(restarted.out()).contains("finished " + inFlight.runId() + " (implement issue#" + issue
                + "): succeeded");
        assertThat(StateStore.open(stateDir).run(inFlight.runId()).orElseThrow().phase())
                .isEqualTo(RunPhase.SUCCEEDED);
        assertThat(stateDir.resolve(RunMarker.FILE)).doesNotExist();
    }

    @Test
    void theDashboardServesWhileAcpRunsAndStopsWithIt() throws Exception {
        int issue = repo.createIssue("walt", "Seen on the dashboard", "body");
        Process acp = acpRun("sh -c 'sleep 60'", "--stop-grace", "0");
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("acp: dashboard at (http://127\\.0\\.0\\.1:\\d+/)");
        await("the dashboard address", () -> {
            try {
                return line.matcher(log(0)).find();
            } catch (IOException e) {
                return false;
            }
        });
        java.util.regex.Matcher m = line.matcher(log(0));
        assertThat(m.find()).isTrue();
        java.net.URI snapshot = java.net.URI.create(m.group(1) + "api/snapshot");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        await("the launch to show", () -> {
            try {
                String body = http.send(java.net.http.HttpRequest.newBuilder(snapshot).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                return body.contains("widgets-implement-issue-" + issue);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        CliResult stopped = run("stop", "--profile", profile.toString());
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(acp.isAlive()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(java.net.http.HttpRequest.newBuilder(
                snapshot).build(), java.net.http.HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theDashboardOfAcpRunBindsElsewhereOnlyWithAToken() throws Exception {
        CliResult refused = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--dashboard-bind", "0.0.0.0", "--dashboard-port", "0");
        assertThat(refused.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(refused.err()).contains("requires a token (--dashboard-token)");
        assertThat(refused.out()).doesNotContain("acp: running");
        CliResult shortToken = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--dashboard-bind", "0.0.0.0", "--dashboard-port", "0", "--dashboard-token", "short");
        assertThat(shortToken.err()).contains("at least 16 characters");
        CliResult bound = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--dashboard-bind", "0.0.0.0", "--dashboard-port", "0", "--dashboard-token", "a-long-enough-token-1");
        assertThat(bound.code()).as(bound.err()).isZero();
        assertThat(bound.out()).containsPattern("acp: dashboard at http://127\\.0\\.0\\.1:\\d+/");
        CliResult bad = run("run", "--profile", profile.toString(), "--worker-command", "true", "--passes", "1",
                "--dashboard-port", "70000");
        assertThat(bad.err()).contains("--dashboard-port: must be 0 to 65535, got 70000");
    }

    @Test
    void aWorkersEndStartsTheNextPassWithoutWaitingForTheInterval() throws Exception {
        int issue = repo.createIssue("walt", "Quick work", "body");
        Process acp = acpRun("true", "--interval", "600");
        Instant start = Instant.now();
        await("the run's end to be recorded", () -> {
            try {
                return log(0).contains("(implement issue#" + issue + "): ");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(Duration.between(start, Instant.now())).as("long before the 600 s interval")
                .isLessThan(Duration.ofSeconds(60));
        assertThat(run("stop", "--profile", profile.toString()).code()).isZero();
        assertThat(acp.isAlive()).isFalse();
    }
}
