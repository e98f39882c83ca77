package io.agentcontrolplane.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.InMemoryForge;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.MutableClock;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.snapshot.Snapshot.ProfileSnapshot;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot of real state written by a real heartbeat, the store and the outbox; and its change detection. */
class SnapshotServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final Profile profile = Profile.defaults("demo", "acme/widgets");
    private Path state;
    private Path runsRoot;
    private StateStore store;
    private Outbox outbox;
    private InMemoryForge forge;
    private final List<WorkerRun> executor = new ArrayList<>();

    private final Dispatcher dispatcher = new Dispatcher() {
        @Override
        public List<WorkerRun> activeRuns() {
            return List.copyOf(executor);
        }

        @Override
        public List<io.agentcontrolplane.core.heartbeat.FinishedRun> finishedRuns() {
            return List.of();
        }

        @Override
        public void dispatch(WorkerLaunch launch) {
            executor.add(WorkerRun.active(launch.runId(), launch.lane(), launch.item(), RunPhase.RUNNING, T0));
        }
    };

    @BeforeEach
    void setUp() {
        state = dir.resolve("state");
        runsRoot = dir.resolve("runs");
        store = StateStore.open(state);
        outbox = new Outbox(state, List.of(300, 900), 80, 500, clock, d -> { }, CrashPoints.NONE);
        List<Issue> issues = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            issues.add(new Issue(n, "Issue " + n, "", List.of(), "maria", Permission.WRITE, T0.minusSeconds(3600 - n),
                    null, Map.of(), null));
        }
        issues.add(new Issue(9, "From a stranger", "", List.of(), "mallory", Permission.NONE, T0.minusSeconds(10),
                null, Map.of(), null));
        forge = new InMemoryForge(clock).observing(new Observation("sha-1", issues, List.of(), Map.of(), T0, "live",
                null));
    }

    private SnapshotService service() {
        return new SnapshotService(List.of(new SnapshotService.Source(profile, state, runsRoot)), clock);
    }

    private void beat() {
        new Heartbeat(profile, forge, store, outbox, dispatcher, clock).run();
    }

    @Test
    void theHeartbeatKeepsItsLastReportAndABoundedHistory() throws Exception {
        for (int i = 0; i < HeartbeatStatus.HISTORY_SIZE + 3; i++) {
            beat();
            clock.advance(Duration.ofMinutes(1));
        }
        Path last = state.resolve("status").resolve(HeartbeatStatus.LAST);
        assertThat(Files.readString(last)).contains("\"outcome\" : \"completed\"", "untrusted-author");
        HeartbeatStatus.History history = io.agentcontrolplane.core.state.StateJson.mapper()
                .readValue(state.resolve("status").resolve(HeartbeatStatus.HISTORY).toFile(),
                        HeartbeatStatus.History.class);
        assertThat(history.heartbeats()).hasSize(HeartbeatStatus.HISTORY_SIZE);
        assertThat(history.heartbeats().get(0).startedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    void theSnapshotShowsRunsPlanWaitsAndEveryPanelFromState() {
        beat();
        // A finished run of each kind, a retry, a provider cooldown, a schedule, a claim, outbox entries.
        store.putRun(new WorkerRun("demo-fix-pr-3-a", Lane.FIX, ItemRef.pr(3), RunPhase.SUCCEEDED,
                T0.minusSeconds(7200), T0.minusSeconds(6000), false, false, false, "codex", "updated-branch", null));
        store.putRun(new WorkerRun("demo-implement-issue-8-a", Lane.IMPLEMENT, ItemRef.issue(8), RunPhase.FAILED,
                T0.minusSeconds(5000), T0.minusSeconds(4000), false, false, false, "codex", null, "agent-timeout"));
        store.putRetry(ItemRef.issue(8), new RetryEntry(1, T0.plusSeconds(300), "agent-timeout", null, T0));
        store.putProviderCooldown("claude-sonnet", new RetryEntry(2, T0.plusSeconds(900), "rate-limit", null, T0));
        store.putSchedule(5, new ScheduleEntry(3600, T0.minusSeconds(60), T0.plusSeconds(3540)));
        store.tryClaim(ItemRef.issue(4), "someone");
        outbox.enqueue(Intent.comment("test/c1", ItemRef.issue(2), "Hello from the agent"));

        Snapshot s = service().snapshot();
        ProfileSnapshot p = s.profiles().get(0);
        assertThat(p.id()).isEqualTo("demo");
        assertThat(p.heartbeat().outcome()).isEqualTo("completed");
        assertThat(p.activeRuns()).extracting(Snapshot.RunView::status).containsOnly("pending");
        assertThat(p.recentRuns()).extracting(Snapshot.RunView::runId)
                .containsExactly("demo-implement-issue-8-a", "demo-fix-pr-3-a");
        assertThat(p.plan().launches()).isNotEmpty();
        assertThat(p.plan().waits()).anySatisfy(w -> {
            assertThat(w.item()).isEqualTo("issue#9");
            assertThat(w.reason()).isEqualTo("untrusted-author");
            assertThat(w.meaning()).contains("permission");
        });
        assertThat(p.retries()).singleElement().satisfies(r -> assertThat(r.ready()).isFalse());
        assertThat(p.providerCooldowns()).singleElement().satisfies(c -> assertThat(c.active()).isTrue());
        assertThat(p.scheduledIssues()).extracting(Snapshot.ScheduleView::item).containsExactly("issue#5");
        assertThat(p.queue().claims()).extracting(Snapshot.ClaimView::item).containsExactly("issue#4");
        assertThat(p.queue().pendingLaunches()).isNotEmpty();
        assertThat(p.outbox().pending()).isGreaterThanOrEqualTo(1);
        assertThat(p.outbox().pendingComments()).isEqualTo(1);
        assertThat(p.lanes()).extracting(Snapshot.RateView::name).containsExactly("fix", "implement");
        assertThat(p.lanes().get(0).successRate()).isEqualTo(1.0);
        assertThat(p.budgets()).extracting(Snapshot.BudgetView::item).contains("issue#8", "pr#3");
        assertThat(p.github().heartbeats()).isEqualTo(1);
        assertThat(s.overview().failed()).isEqualTo(1);
        assertThat(s.overview().succeeded()).isEqualTo(1);
        assertThat(PrometheusText.render(s)).contains("acp_runs{profile=\"demo\",status=\"failed\"} 1",
                "acp_waiting_items{profile=\"demo\",reason=\"untrusted-author\"} 1");
    }

    @Test
    void anUnchangedStateCostsNoRebuildAndAChangeIsSeen() throws Exception {
        beat();
        SnapshotService service = service();
        Snapshot first = service.snapshot();
        clock.advance(Duration.ofSeconds(5)); // past the racy window of the files just written, same time bucket
        String version = service.version();
        Snapshot again = service.snapshot();
        assertThat(service.version()).isEqualTo(version);
        long builds = service.builds();
        service.snapshot();
        service.snapshot();
        assertThat(service.builds()).isEqualTo(builds);
        assertThat(again.profiles().get(0).counts()).isEqualTo(first.profiles().get(0).counts());

        WorkerRun running = store.runs().get(0);
        store.putRun(running.withPhase(RunPhase.SUCCEEDED, clock.instant()));
        assertThat(service.version()).isNotEqualTo(version);
        assertThat(service.snapshot().profiles().get(0).recentRuns()).extracting(Snapshot.RunView::runId)
                .contains(running.runId());
        assertThat(service.builds()).isEqualTo(builds + 1);
    }

    @Test
    void aCorruptStateFileIsAnAlertAndIsLeftWhereItIs() throws Exception {
        beat();
        Path bad = state.resolve("runs").resolve("broken.json");
        Files.writeString(bad, "{\"runId\": \"broken\", \"lane\": \"fix\"");
        Snapshot s = service().snapshot();
        assertThat(s.alerts()).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo("state-file-unreadable");
            assertThat(a.message()).startsWith("state file runs/broken.json cannot be read: not valid JSON");
        });
        assertThat(bad).exists();
        assertThat(state.resolve("quarantine")).doesNotExist();
    }

    @Test
    void runDetailReadsTheRunDirectoryAndRefusesLinks() throws Exception {
        beat();
        WorkerRun run = store.runs().get(0);
        Path runDir = Files.createDirectories(runsRoot.resolve(run.runId()));
        Files.writeString(runDir.resolve(RunFiles.PROMPT), "# Implement issue 1\n");
        Files.writeString(runDir.resolve(RunFiles.RESULT),
                "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\"}");
        Files.writeString(runDir.resolve(RunFiles.VERIFICATION),
                "{\"timestamp\":\"2026-11-24T12:01:00Z\",\"status\":\"pass\",\"command\":\"mvn test\"}\nnot json\n");
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            log.append("line ").append(i).append('\n');
        }
        Files.writeString(runDir.resolve(RunFiles.LOG), log);
        Files.createSymbolicLink(runDir.resolve(RunFiles.PR_COMMENT), Path.of("/etc/passwd"));

        RunDetail d = service().run(run.runId()).orElseThrow();
        assertThat(d.prompt()).isEqualTo("# Implement issue 1\n");
        assertThat(d.result().outcome()).isEqualTo("implemented");
        assertThat(d.result().problem()).isNull();
        assertThat(d.verification()).singleElement().satisfies(v -> assertThat(v.command()).isEqualTo("mvn test"));
        assertThat(d.problems()).containsExactly("verification.jsonl line 2 is not valid JSON");
        assertThat(d.log().truncated()).isTrue();
        assertThat(d.log().text()).startsWith("line ").endsWith("line 19999\n");
        assertThat(d.log().text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(RunDirectory.LOG_TAIL);

        Files.delete(runDir.resolve(RunFiles.PROMPT));
        Files.createSymbolicLink(runDir.resolve(RunFiles.PROMPT), Path.of("/etc/passwd"));
        RunDetail linked = service().run(run.runId()).orElseThrow();
        assertThat(linked.prompt()).isNull();
        assertThat(linked.problems()).contains("prompt.md is not a regular file (a link or a directory); not read");
        assertThat(service().run("no-such-run")).isEmpty();
    }

    @Test
    void itemDetailSaysWhyItWaitsAndRunQueriesFilter() {
        beat();
        store.putRun(new WorkerRun("demo-implement-issue-9-old", Lane.IMPLEMENT, ItemRef.issue(9), RunPhase.FAILED,
                T0.minusSeconds(5000), T0.minusSeconds(4000), false, false, false, "codex", null, "agent-timeout"));
        SnapshotService service = service();
        ItemDetail item = service.item("demo", ItemRef.issue(9)).orElseThrow();
        assertThat(item.status()).isEqualTo("waiting");
        assertThat(item.waiting().reason()).isEqualTo("untrusted-author");
        assertThat(item.runs()).hasSize(1);
        assertThat(item.budget().attempts()).isEqualTo(1);
        assertThat(service.item("other", ItemRef.issue(9))).isEmpty();

        assertThat(service.runs(RunQuery.all()).total()).isEqualTo(store.runs().size());
        RunPage failed = service.runs(RunQuery.parse(Map.of("status", "failed"), service.profileIds()));
        assertThat(failed.runs()).extracting(Snapshot.RunView::runId).containsExactly("demo-implement-issue-9-old");
        assertThat(service.runs(RunQuery.parse(Map.of("q", "ISSUE#9 timeout"), service.profileIds())).total())
                .isEqualTo(1);
        assertThatThrownBy(() -> RunQuery.parse(Map.of("status", "done"), service.profileIds()))
                .hasMessageStartingWith("status: unknown run phase 'done'");
        assertThatThrownBy(() -> RunQuery.parse(Map.of("page", "x"), service.profileIds()))
                .hasMessage("page: 'x' is not a whole number");
        assertThatThrownBy(() -> RunQuery.parse(Map.of("profile", "nope"), service.profileIds()))
                .hasMessage("profile: no profile 'nope' (known: demo)");
        assertThatThrownBy(() -> RunQuery.parse(Map.of("colour", "red"), service.profileIds()))
                .hasMessageStartingWith("unknown parameter 'colour'");
    }
}
