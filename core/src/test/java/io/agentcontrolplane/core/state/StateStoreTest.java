package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456789Z");

    @TempDir
    Path dir;

    StateStore store() {
        return new StateStore(dir, Clock.fixed(T0, ZoneOffset.UTC), p -> { });
    }

    static RetryEntry retry(int attempts) {
        return new RetryEntry(attempts, T0.plusSeconds(300L * attempts), "worker-exit-failed", "abc123", T0);
    }

    static WorkerRun run(String id, Lane lane, ItemRef item) {
        return new WorkerRun(id, lane, item, RunPhase.SUCCEEDED, T0, T0.plusSeconds(61), true, false, true,
                "claude-sonnet", "implemented", "ok");
    }

    @Test
    void everyKindRoundTripsThroughItsFile() {
        StateStore s = store();
        s.putRetry(ItemRef.issue(12), retry(1));
        s.putRetry(ItemRef.pr(7), new RetryEntry(2, T0, null, null, null));
        s.putProviderCooldown("claude-sonnet", retry(3));
        s.putGithubCooldown(retry(4));
        s.putSchedule(5, new ScheduleEntry(3600, T0, T0.plusSeconds(3600)));
        s.putBlockedRecovery(6, T0.plusSeconds(60));
        s.putRecurringPointer(8);
        s.putPrLaneOverride(9, PrLane.HUMAN_REVIEW);
        s.putBudgetMark(ItemRef.pr(7), new BudgetMark(T0, null));
        WorkerRun r1 = run("run-1", Lane.IMPLEMENT, ItemRef.issue(12));
        WorkerRun r2 = WorkerRun.active("run-2.pr_7", Lane.FIX, ItemRef.pr(7), RunPhase.RUNNING, T0);
        s.putRun(r1);
        s.putRun(r2);
        PendingLaunch launch = new PendingLaunch(ItemRef.issue(12), Lane.IMPLEMENT, "run-3", T0, "heartbeat");
        s.putPendingLaunch(launch);

        // a fresh store on the same directory sees it all
        StateStore t = store();
        assertThat(t.retry(ItemRef.issue(12))).contains(retry(1));
        assertThat(t.retry(ItemRef.pr(7))).contains(new RetryEntry(2, T0, null, null, null));
        assertThat(t.retry(ItemRef.issue(7))).isEmpty();
        assertThat(t.providerCooldown("claude-sonnet")).contains(retry(3));
        assertThat(t.githubCooldown()).contains(retry(4));
        assertThat(t.schedule(5)).contains(new ScheduleEntry(3600, T0, T0.plusSeconds(3600)));
        assertThat(t.blockedRecovery(6)).contains(T0.plusSeconds(60));
        assertThat(t.recurringPointer()).contains(8);
        assertThat(t.prLaneOverride(9)).contains(PrLane.HUMAN_REVIEW);
        assertThat(t.budgetMark(ItemRef.pr(7))).contains(new BudgetMark(T0, null));
        assertThat(t.run("run-1")).contains(r1);
        assertThat(t.runs()).containsExactly(r1, r2);
        assertThat(t.pendingLaunch(ItemRef.issue(12))).contains(launch);
        assertThat(t.pendingLaunches()).containsExactly(launch);

        LoadResult<PlannerState> loaded = t.loadPlannerState();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.value()).isEqualTo(new PlannerState(
                Map.of(ItemRef.issue(12), retry(1), ItemRef.pr(7), new RetryEntry(2, T0, null, null, null)),
                Map.of("claude-sonnet", retry(3)),
                retry(4),
                Map.of(5, new ScheduleEntry(3600, T0, T0.plusSeconds(3600))),
                Map.of(6, T0.plusSeconds(60)),
                8,
                Map.of(9, PrLane.HUMAN_REVIEW),
                List.of(r1, r2, io.agentcontrolplane.core.world.WorkerRun.active("run-3", Lane.IMPLEMENT,
                        ItemRef.issue(12), io.agentcontrolplane.core.world.RunPhase.PENDING, T0)),
                Map.of(ItemRef.pr(7), new BudgetMark(T0, null))));
    }

    @Test
    void filesLiveWhereTheLayoutSaysAndAreReadableJson() throws IOException {
        StateStore s = store();
        s.putRetry(ItemRef.issue(12), retry(1));
        s.putRetry(ItemRef.pr(7), retry(1));
        s.putProviderCooldown("codex-gpt5", retry(1));
        s.putGithubCooldown(retry(1));
        s.putSchedule(5, new ScheduleEntry(60, null, T0));
        s.putBlockedRecovery(6, T0);
        s.putRecurringPointer(8);
        s.putPrLaneOverride(9, PrLane.FIX);
        s.putBudgetMark(ItemRef.issue(12), new BudgetMark(T0, T0));
        s.putRun(run("r1", Lane.IMPLEMENT, ItemRef.issue(12)));
        s.putPendingLaunch(new PendingLaunch(ItemRef.pr(7), Lane.FIX, "r2", T0, "heartbeat"));
        assertThat(s.tryClaim(ItemRef.issue(12), "me")).isPresent();

        for (String f : List.of("retries/issues/12.json", "retries/prs/7.json", "retries/providers/codex-gpt5.json",
                "retries/github/core-api.json", "schedules/5.json", "blocked-recovery/6.json",
                "recurring/last-launched.json", "pr-lane-overrides/9.json", "budget/issue-12.json", "runs/r1.json",
                "pending-launches/pr-7.json", "claims/issue-12.json")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        String text = Files.readString(dir.resolve("retries/issues/12.json"));
        assertThat(text).contains("\"attempts\" : 1", "\"nextAttemptAt\" : \"2025-03-04T05:11:07.123456789Z\"")
                .endsWith("}\n");
        assertThat(Files.readString(dir.resolve("pr-lane-overrides/9.json"))).contains("\"lane\" : \"fix\"");
        assertThat(Files.readString(dir.resolve("pending-launches/pr-7.json")))
                .contains("\"item\" : \"pr#7\"", "\"lane\" : \"fix\"");
        assertThat(Files.readString(dir.resolve("runs/r1.json"))).contains("\"item\" : \"issue#12\"",
                "\"phase\" : \"succeeded\"");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void overwritesAndDeletes() {
        StateStore s = store();
        s.putRetry(ItemRef.issue(1), retry(1));
        s.putRetry(ItemRef.issue(1), retry(2));
        assertThat(s.retry(ItemRef.issue(1))).contains(retry(2));
        assertThat(s.clearRetry(ItemRef.issue(1))).isTrue();
        assertThat(s.clearRetry(ItemRef.issue(1))).isFalse();
        assertThat(s.retry(ItemRef.issue(1))).isEmpty();

        s.putRecurringPointer(3);
        assertThat(s.clearRecurringPointer()).isTrue();
        assertThat(s.recurringPointer()).isEmpty();
        s.putGithubCooldown(retry(1));
        assertThat(s.clearGithubCooldown()).isTrue();
        assertThat(s.githubCooldown()).isEmpty();
        s.putRun(run("x", Lane.IMPLEMENT, ItemRef.issue(1)));
        assertThat(s.deleteRun("x")).isTrue();
        assertThat(s.runs()).isEmpty();
    }

    @Test
    void anEmptyDirectoryIsAnEmptyState() {
        LoadResult<PlannerState> r = new StateStore(dir.resolve("not-yet"), Clock.systemUTC(), p -> { })
                .loadPlannerState();
        assertThat(r.value()).isEqualTo(PlannerState.empty());
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void unsafeNamesAreRejected() {
        StateStore s = store();
        for (String bad : List.of("", "../x", "a/b", "a b", "ü", "x".repeat(129))) {
            assertThatThrownBy(() -> s.putRun(WorkerRun.active(bad, Lane.IMPLEMENT, ItemRef.issue(1),
                    RunPhase.RUNNING, T0))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid runId");
            assertThatThrownBy(() -> s.run(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.putProviderCooldown(bad, retry(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid provider key");
        }
        assertThat(StateStore.requireSafeName("x".repeat(128), "runId")).hasSize(128);
        assertThatThrownBy(() -> s.putSchedule(0, new ScheduleEntry(1, null, T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leftoverTempFilesAreIgnoredAndOldOnesCleanedUp() throws IOException {
        StateStore s = store();
        s.putRetry(ItemRef.issue(1), retry(1));
        Path issues = dir.resolve("retries/issues");
        Path oldTemp = issues.resolve("2.json.0a1b2c3d4e5f.tmp");
        Path youngTemp = issues.resolve("3.json.0a1b2c3d4e60.tmp");
        Files.writeString(oldTemp, "{\"attempts\":");
        Files.writeString(youngTemp, "{\"attempts\": 1, \"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}");
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertThat(s.retries()).containsOnlyKeys(ItemRef.issue(1));
        LoadResult<PlannerState> r = s.loadPlannerState();
        assertThat(r.problems()).isEmpty();
        assertThat(r.value().retries()).containsOnlyKeys(ItemRef.issue(1));
        assertThat(oldTemp).doesNotExist();
        assertThat(youngTemp).exists(); // may be a write in flight
        assertThat(s.cleanUpTempFiles(Duration.ZERO)).isEqualTo(1);
        assertThat(youngTemp).doesNotExist();
    }

    @Test
    void unknownFieldsAreTolerated() throws IOException {
        Files.createDirectories(dir.resolve("retries/issues"));
        Files.writeString(dir.resolve("retries/issues/4.json"),
                "{\"attempts\": 2, \"nextAttemptAt\": \"2025-01-01T00:00:00Z\", \"addedInV2\": {\"x\": 1}}");
        LoadResult<PlannerState> r = store().loadPlannerState();
        assertThat(r.problems()).isEmpty();
        assertThat(r.value().retries().get(ItemRef.issue(4)).attempts()).isEqualTo(2);
    }

    @Test
    void pendingLaunchesRefuseALaneThatDoesNotWorkOnTheirItem() {
        assertThatThrownBy(() -> new PendingLaunch(ItemRef.issue(3), Lane.FIX, "r", T0, "hb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not work on issue#3");
        assertThatThrownBy(() -> new PendingLaunch(ItemRef.issue(3), Lane.IMPLEMENT, "a/b", T0, "hb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid runId");
    }

    @Test
    void concurrentReadersNeverSeeAHalfWrittenRecord() throws Exception {
        List<StateProblem> heard = Collections.synchronizedList(new ArrayList<>());
        StateStore s = new StateStore(dir, Clock.systemUTC(), heard::add);
        s.putRetry(ItemRef.issue(1), retry(0));
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                s.putRetry(ItemRef.issue(1), new RetryEntry(i, T0, "x".repeat(i * 7), null, T0));
                s.putRun(run("r", Lane.IMPLEMENT, ItemRef.issue(1)));
            }
            stop.set(true);
        });
        writer.start();
        int reads = 0;
        while (!stop.get()) {
            assertThat(s.retry(ItemRef.issue(1))).isPresent();
            s.loadPlannerState();
            reads++;
        }
        writer.join();
        assertThat(reads).isPositive();
        assertThat(heard).isEmpty();
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void aPendingLaunchReachesThePlannerAsAPendingRunUntilItsRecordExists(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StateStore store = StateStore.open(dir);
        io.agentcontrolplane.core.world.ItemRef item = io.agentcontrolplane.core.world.ItemRef.issue(12);
        java.time.Instant at = java.time.Instant.parse("2026-11-24T12:00:00Z");
        store.putPendingLaunch(new PendingLaunch(item, io.agentcontrolplane.core.world.Lane.IMPLEMENT, "run-12", at,
                "heartbeat"));
        var runs = store.loadPlannerState().value().runs();
        org.assertj.core.api.Assertions.assertThat(runs).singleElement().satisfies(run -> {
            org.assertj.core.api.Assertions.assertThat(run.item()).isEqualTo(item);
            org.assertj.core.api.Assertions.assertThat(run.phase())
                    .isEqualTo(io.agentcontrolplane.core.world.RunPhase.PENDING);
        });
        store.putRun(io.agentcontrolplane.core.world.WorkerRun.active("run-12",
                io.agentcontrolplane.core.world.Lane.IMPLEMENT, item, io.agentcontrolplane.core.world.RunPhase.RUNNING,
                at));
        org.assertj.core.api.Assertions.assertThat(store.loadPlannerState().value().runs()).singleElement()
                .extracting(io.agentcontrolplane.core.world.WorkerRun::phase)
                .isEqualTo(io.agentcontrolplane.core.world.RunPhase.RUNNING);
    }
}
