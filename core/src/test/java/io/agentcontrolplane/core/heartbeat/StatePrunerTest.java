package io.agentcontrolplane.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.RunDirectory;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.state.TrackedPr;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of run records, run directories and caught-up pull requests, on real directories. */
class StatePrunerTest {
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @TempDir
    Path dir;
    Profile profile = Profile.defaults("demo", "acme/app");
    StateStore store;
    Path runsRoot;
    StatePruner pruner;

    void setUp() {
        store = new StateStore(dir.resolve("state"), Clock.fixed(NOW, ZoneOffset.UTC), p -> { });
        runsRoot = dir.resolve("runs");
        Outbox outbox = new Outbox(dir.resolve("state"), List.of(60), 80, 500, Clock.fixed(NOW, ZoneOffset.UTC),
                d -> { }, CrashPoints.NONE);
        pruner = new StatePruner(profile, store, outbox, id -> new RunDirectory(runsRoot.resolve(id)), runsRoot);
    }

    /** A finished run that ended {@code daysAgo}, with its run directory, reconciled or not. */
    void run(String id, ItemRef item, RunPhase phase, int daysAgo, boolean reconciled) throws Exception {
        Instant end = NOW.minus(Duration.ofDays(daysAgo));
        store.putRun(new WorkerRun(id, item.kind() == ItemRef.Kind.ISSUE ? Lane.IMPLEMENT : Lane.FIX, item, phase,
                end.minusSeconds(600), end, false, false, false, "codex-gpt-5", phase.wireName(), null));
        Path d = runsRoot.resolve(id);
        Files.createDirectories(d.resolve("logs"));
        Files.writeString(d.resolve("logs/agent.log"), "log\n");
        if (reconciled) {
            new RunDirectory(d).markReconciled(new RunDirectory.Reconciled(id, end.minusSeconds(600), end, "done",
                    null, List.of()));
        }
    }

    static Issue issue(int n, String body, String... labels) {
        return new Issue(n, "Issue " + n, body, List.of(labels), "walt", null, NOW, null, null, null);
    }

    static Observation observing(Issue... open) {
        return new Observation("", List.of(open), List.of(), Map.of(), NOW, "live", RequestStats.NONE);
    }

    @Test
    void oldReconciledRunsThatNoLongerCountGoWithTheirDirectoriesTheOthersStay() throws Exception {
        setUp();
        run("closed-old", ItemRef.issue(1), RunPhase.SUCCEEDED, 40, true);
        run("closed-recent", ItemRef.issue(1), RunPhase.FAILED, 10, true);
        run("open-old", ItemRef.issue(2), RunPhase.FAILED, 40, true);
        run("unreconciled-old", ItemRef.issue(1), RunPhase.FAILED, 40, false);
        run("recurring-earlier", ItemRef.issue(3), RunPhase.FAILED, 50, true);
        run("recurring-success", ItemRef.issue(3), RunPhase.SUCCEEDED, 45, true);
        run("reset-old", ItemRef.issue(4), RunPhase.FAILED, 40, true);
        store.putBudgetMark(ItemRef.issue(4), new BudgetMark(null, NOW.minus(Duration.ofDays(35))));
        store.putTrackedPr(new TrackedPr(9, "agent/demo/issue-1", List.of(1), List.of(), NOW.minus(Duration.ofDays(60)),
                null, NOW.minus(Duration.ofDays(31))));
        store.putTrackedPr(new TrackedPr(10, "agent/demo/issue-5", List.of(5), List.of(), NOW, null, null));

        Observation open = observing(issue(2, "body"), issue(3, "body", "agent-keep-open"), issue(4, "body"));
        String line = pruner.prune(open, NOW);

        assertThat(store.runs()).extracting(WorkerRun::runId).containsExactlyInAnyOrder("closed-recent", "open-old",
                "unreconciled-old", "recurring-success");
        assertThat(runsRoot.resolve("closed-old")).doesNotExist();
        assertThat(runsRoot.resolve("recurring-earlier")).doesNotExist();
        assertThat(runsRoot.resolve("reset-old")).doesNotExist();
        assertThat(runsRoot.resolve("open-old/logs/agent.log")).exists();
        assertThat(runsRoot.resolve("unreconciled-old/logs/agent.log")).as("never reconciled again for want of it")
                .exists();
        assertThat(store.trackedPrs()).containsOnlyKeys(10);
        assertThat(line).contains("removed 3 run record(s)", "1 caught-up pull request record(s)");
        assertThat(pruner.prune(open, NOW)).as("nothing more").isNull();
        var kept = KeptRuns.of(store, runsRoot);
        assertThat(List.of("closed-recent", "open-old", "unreconciled-old", "recurring-success")).allMatch(kept);
        assertThat(List.of("closed-old", "recurring-earlier", "reset-old")).noneMatch(kept);
    }

    @Test
    void aMirrorObservationRemovesNoRunAndACrashLeftoverIsSweptUp() throws Exception {
        setUp();
        run("closed-old", ItemRef.issue(1), RunPhase.SUCCEEDED, 40, true);
        Observation mirror = new Observation("", List.of(), List.of(), Map.of(), NOW, "mirror", RequestStats.NONE);
        assertThat(pruner.prune(mirror, NOW)).isNull();
        assertThat(store.runs()).hasSize(1);

        // A crash after the record went: the reconciled directory is left, and one renamed aside half deleted.
        store.deleteRun("closed-old");
        Files.createDirectories(runsRoot.resolve(".pruned-x/logs"));
        assertThat(KeptRuns.of(store, runsRoot).test("closed-old")).as("its directory is left").isTrue();
        String line = pruner.prune(observing(), NOW);
        assertThat(line).contains("2 run director(y/ies)");
        try (var s = Files.list(runsRoot)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(KeptRuns.of(store, runsRoot).test("closed-old")).isFalse();
    }

    @Test
    void eachPassIsBounded() throws Exception {
        setUp();
        for (int n = 0; n < StatePruner.LIMIT_PER_PASS + 20; n++) {
            run(String.format("r-%03d", n), ItemRef.issue(1), RunPhase.FAILED, 40, true);
        }
        pruner.prune(observing(), NOW);
        assertThat(store.runs()).hasSize(20);
        pruner.prune(observing(), NOW);
        assertThat(store.runs()).isEmpty();
    }

    @Test
    void aKeyOutlivesTheLongestRetryCooldown() {
        Profile.WorkspaceSettings ws = new Profile.WorkspaceSettings(null, null, null, null,
                new Profile.Retention(null, null, null, null, null, null, 1)).withDefaultsFor("demo");
        Profile days = with(profile.schedules(), ws);
        assertThat(StatePruner.keyHorizon(days)).isEqualTo(Duration.ofDays(1));
        Profile slow = with(new Profile.Schedules(List.of(300, 172800), null), ws);
        assertThat(StatePruner.keyHorizon(slow)).isEqualTo(Duration.ofDays(2));
    }

    Profile with(Profile.Schedules schedules, Profile.WorkspaceSettings ws) {
        Profile p = profile;
        return new Profile(p.id(), p.repository(), p.credentials(), p.agent(), p.limits(), schedules, p.labels(),
                p.heavy(), p.naming(), p.trust(), p.budget(), ws, p.templates(), p.github(), p.assessment());
    }
}
