package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.state.HeartbeatLock;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HeartbeatService with the real engine and GitHub adapter against the sandbox; the dispatcher is a fake. */
class HeartbeatServiceTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN = "ghp_SECRETtoken0123456789abcdef";

    /** Records launches; reports them as pending runs, as the Jenkins queue would. */
    static final class RecordingDispatcher implements Dispatcher {
        final List<WorkerLaunch> launches = new ArrayList<>();

        @Override
        public void dispatch(WorkerLaunch launch) {
            launches.add(launch);
        }

        @Override
        public List<WorkerRun> activeRuns() {
            return launches.stream().map(l -> new WorkerRun(l.runId(), l.lane(), l.item(), RunPhase.PENDING,
                    Instant.now(), null, l.traits().contains("heavy"), l.traits().contains("recurring"),
                    l.traits().contains("exclusive"), l.provider(), null, null)).toList();
        }

        @Override
        public List<io.agentcontrolplane.core.heartbeat.FinishedRun> finishedRuns() {
            return List.of();
        }
    }

    @TempDir
    Path jenkinsHome;
    GitHubSandbox sandbox;
    RecordingDispatcher dispatcher = new RecordingDispatcher();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    int issue;

    @BeforeEach
    void start() {
        sandbox = GitHubSandbox.builder().user("acp-bot", TOKEN).repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN).build().start();
        issue = sandbox.repo(REPO).createIssue("acp-bot", "Add a widget", "Please.", "agent-ready");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ProfileConfig profile(String credentialsId) {
        ProfileConfig config = new ProfileConfig("""
                id: demo
                repository: {slug: %s, apiUrl: "%s"}
                """.formatted(REPO, sandbox.baseUrl()));
        config.setCredentialsId(credentialsId);
        config.setWorkerJob("worker");
        return config;
    }

    private HeartbeatService service(Path root) {
        return new HeartbeatService(root, (config, profile, stateDir, governor) -> new HeartbeatService.OpenedForge(
                GitHubForges.standalone(sandbox.baseUrl(), TOKEN, GitHubForge.Settings.of(profile), stateDir,
                        governor, new GitHubForges.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))), TOKEN, null),
                config -> dispatcher, Clock.systemUTC());
    }

    private Path root() {
        return jenkinsHome.resolve(HeartbeatService.STATE_ROOT);
    }

    @Test
    void aHeartbeatLaunchesTheReadyIssueKeepsItsStateAndLogsTheReport() throws Exception {
        HeartbeatReport report = service(root()).run(profile("gh-token"), out);

        assertThat(report.outcome()).as(report.render()).isEqualTo("completed");
        assertThat(dispatcher.launches).singleElement().satisfies(l -> {
            assertThat(l.profileId()).isEqualTo("demo");
            assertThat(l.item().toString()).isEqualTo("issue#" + issue);
            assertThat(l.lane().wireName()).isEqualTo("implement");
        });
        Path state = root().resolve("demo");
        assertThat(state.resolve("heartbeat.log")).isRegularFile();
        assertThat(state.resolve("outbox")).isDirectory();
        String log = Files.readString(state.resolve("heartbeat.log"));
        assertThat(log).startsWith("=== heartbeat ").contains("Heartbeat of profile demo: completed")
                .contains("launched ").doesNotContain(TOKEN);
        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo(report.render()).doesNotContain(TOKEN);
        assertThat(AcpHeartbeatStep.summary(report)).isEqualTo("completed: 1 launched");
    }

    @Test
    void aSecondHeartbeatWhileTheWorkerIsQueuedLaunchesNothingMore() throws Exception {
        HeartbeatService service = service(root());
        service.run(profile("gh-token"), null);
        HeartbeatReport second = service.run(profile("gh-token"), null);

        assertThat(second.outcome()).isEqualTo("completed");
        assertThat(second.launched()).isEmpty();
        assertThat(dispatcher.launches).hasSize(1);
        assertThat(new HeartbeatLog(root().resolve("demo")).entries()).hasSize(2);
    }

    @Test
    void aHeartbeatWhileAnotherHoldsTheProfileLockIsSkipped() throws Exception {
        Optional<HeartbeatLock> lock = StateStore.open(root().resolve("demo")).tryLockHeartbeat();
        assertThat(lock).isPresent();
        try (HeartbeatLock held = lock.get()) {
            HeartbeatReport report = service(root()).run(profile("gh-token"), out);
            assertThat(report.outcome()).isEqualTo("skipped");
            assertThat(AcpHeartbeatStep.summary(report)).startsWith("skipped: another heartbeat");
        }
        assertThat(dispatcher.launches).isEmpty();
    }

    @Test
    void missingCredentialsFailTheReportNamingThem() throws Exception {
        HeartbeatReport report = service(root()).run(profile(null), out);

        assertThat(report.outcome()).isEqualTo("failed");
        assertThat(report.detail()).contains("no GitHub credentials").contains("credentialsId");
        assertThat(new HeartbeatLog(root().resolve("demo")).last()).hasValueSatisfying(
                l -> assertThat(l).contains("failed (profile 'demo' has no GitHub credentials"));
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("failed");
    }

    @Test
    void aMissingWorkerJobOrUnusableCredentialsFailTheReportNamingThem() {
        HeartbeatService noJob = new HeartbeatService(root(), (c, p, d, g) -> {
            throw new AssertionError("no forge without a worker job");
        }, config -> {
            throw new HeartbeatService.NotReady("worker job 'worker' of profile 'demo' does not exist");
        }, Clock.systemUTC());
        assertThat(noJob.run(profile("gh-token"), null).detail()).contains("worker job 'worker'");

        HeartbeatService noToken = new HeartbeatService(root(), (c, p, d, g) -> {
            throw new HeartbeatService.NotReady("profile 'demo': no usable GitHub credentials with id 'gh-token'");
        }, config -> dispatcher, Clock.systemUTC());
        HeartbeatReport report = noToken.run(profile("gh-token"), null);
        assertThat(report.outcome()).isEqualTo("failed");
        assertThat(report.detail()).contains("no usable GitHub credentials with id 'gh-token'");
    }

    @Test
    void anUnexpectedErrorIsAFailedReportNotAnException() {
        HeartbeatService broken = new HeartbeatService(root(), (c, p, d, g) -> {
            throw new IOException("connection refused\nsecond line");
        }, config -> dispatcher, Clock.systemUTC());
        HeartbeatReport report = broken.run(profile("gh-token"), null);
        assertThat(report.outcome()).isEqualTo("failed");
        assertThat(report.detail()).isEqualTo("IOException: connection refused");
    }

    @Test
    void theGovernorOfAProfileLivesAsLongAsItsSettings() {
        var settings = io.agentcontrolplane.core.profile.Profile.GitHubSettings.defaults();
        assertThat(HeartbeatService.governor("g1", settings)).isSameAs(HeartbeatService.governor("g1", settings));
        assertThat(HeartbeatService.governor("g2", settings)).isNotSameAs(HeartbeatService.governor("g1", settings));
        var other = new io.agentcontrolplane.core.profile.Profile.GitHubSettings(300, null, null);
        assertThat(HeartbeatService.governor("g1", other)).isNotSameAs(HeartbeatService.governor("g1", settings));
    }

    @Test
    void stateDirectoriesAreNamedByProfileIdOnly() {
        assertThat(HeartbeatService.stateDir(root(), "demo")).isEqualTo(root().resolve("demo"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeartbeatService.stateDir(root(), "../etc"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
