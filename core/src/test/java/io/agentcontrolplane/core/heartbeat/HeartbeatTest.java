package io.agentcontrolplane.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.outbox.InMemoryForge;
import io.agentcontrolplane.core.outbox.MutableClock;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.PendingLaunch;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat's own rules, on an in-memory forge; HeartbeatSandboxTest covers them against the sandbox. */
class HeartbeatTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final ItemRef ISSUE = ItemRef.issue(7);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final Profile profile = Profile.defaults("demo", "acme/widgets");
    private InMemoryForge forge;
    private StateStore store;
    private Outbox outbox;
    private Recording dispatcher;

    /** Keeps what it was handed and reports it as running until told it ended; reports ends until acknowledged. */
    static final class Recording implements Dispatcher {
        final List<WorkerLaunch> launched = new ArrayList<>();
        final List<WorkerRun> active = new ArrayList<>();
        final List<FinishedRun> finished = new ArrayList<>();
        final List<String> acknowledged = new ArrayList<>();
        boolean fail;
        boolean failAcknowledge;

        @Override
        public List<WorkerRun> activeRuns() {
            return List.copyOf(active);
        }

        @Override
        public List<FinishedRun> finishedRuns() {
            return finished.stream().filter(f -> !acknowledged.contains(f.runId())).toList();
        }

        @Override
        public void acknowledge(String runId) throws DispatchException {
            if (failAcknowledge) {
                throw new DispatchException("disk full");
            }
            acknowledged.add(runId);
        }

        /** The run's process ended: no longer active, reported finished. */
        void end(String runId, RunPhase phase, Instant at, String reason) {
            active.removeIf(r -> r.runId().equals(runId));
            finished.add(new FinishedRun(runId, phase, at, null, reason));
        }

        @Override
        public void dispatch(WorkerLaunch launch) throws DispatchException {
            if (fail) {
                throw new DispatchException("worker job is missing");
            }
            launched.add(launch);
            active.add(WorkerRun.active(launch.runId(), launch.lane(), launch.item(), RunPhase.RUNNING, T0));
        }
    }

    @BeforeEach
    void setUp() {
        Issue issue = new Issue(7, "Fix the login", "", List.of(), "maria", Permission.WRITE, T0.minusSeconds(3600),
                null, Map.of(), null);
        forge = new InMemoryForge(clock).observing(new Observation("sha-1", List.of(issue), List.of(), Map.of(), T0,
                "live", null));
        store = StateStore.open(dir.resolve("state"));
        outbox = new Outbox(dir.resolve("state"), List.of(300, 900), 80, 500, clock, d -> { }, io.agentcontrolplane.core.outbox.CrashPoints.NONE);
        dispatcher = new Recording();
    }

    private HeartbeatReport beat() {
        return new Heartbeat(profile, forge, store, outbox, dispatcher, clock).run();
    }

    @Test
    void aLaunchIsDispatchedRecordedAndLabelledRunning() {
        HeartbeatReport report = beat();
        assertThat(report.completed()).isTrue();
        assertThat(dispatcher.launched).singleElement().satisfies(l -> {
            assertThat(l.item()).isEqualTo(ISSUE);
            assertThat(l.lane()).isEqualTo(Lane.IMPLEMENT);
            assertThat(l.description()).isEqualTo("Agent Control Plane: implement issue #7");
        });
        String runId = dispatcher.launched.get(0).runId();
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.PENDING);
        assertThat(store.pendingLaunch(ISSUE)).get().extracting(PendingLaunch::runId).isEqualTo(runId);
        assertThat(forge.labelsOf(ISSUE)).contains("agent-running");

        // The executor now runs it: the record catches up, the pending launch goes, nothing launches twice.
        beat();
        assertThat(dispatcher.launched).hasSize(1);
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.RUNNING);
        assertThat(store.pendingLaunch(ISSUE)).isEmpty();
    }

    @Test
    void aFailedDispatchLeavesNothingBehind() {
        dispatcher.fail = true;
        HeartbeatReport report = beat();
        assertThat(report.failures()).singleElement().asString().contains("dispatch failed: worker job is missing");
        assertThat(store.runs()).isEmpty();
        assertThat(store.pendingLaunches()).isEmpty();
        assertThat(forge.labelsOf(ISSUE)).doesNotContain("agent-running");
    }

    @Test
    void aFailedRunBacksTheItemOffOnceAndASuccessClearsIt() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        // The worker fails; the executor reports its end, and keeps reporting it until acknowledged.
        clock.advance(Duration.ofMinutes(3));
        dispatcher.end(runId, RunPhase.FAILED, clock.instant(), "timeout");
        dispatcher.failAcknowledge = true;
        HeartbeatReport afterFailure = beat();
        assertThat(store.run(runId)).get().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(r.reason()).isEqualTo("timeout");
            assertThat(r.endedAt()).isEqualTo(clock.instant());
        });
        assertThat(afterFailure.notes()).anySatisfy(n -> assertThat(n).contains("could not forget finished run"));
        dispatcher.failAcknowledge = false;
        assertThat(store.retry(ISSUE)).get().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(300));
        });
        assertThat(afterFailure.plan().waitOf(ISSUE)).get().extracting(w -> w.reason().code())
                .isEqualTo("retry-cooldown");
        beat();
        assertThat(store.retry(ISSUE)).get().extracting(r -> r.attempts()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        beat();
        assertThat(dispatcher.launched).hasSize(2);
        String second = dispatcher.launched.get(1).runId();
        clock.advance(Duration.ofMinutes(1));
        dispatcher.end(second, RunPhase.SUCCEEDED, clock.instant(), null);
        beat();
        assertThat(store.retry(ISSUE)).isEmpty();
        assertThat(dispatcher.acknowledged).containsExactly(runId, second);
    }

    @Test
    void aBackendMarkedMisconfiguredIsNotLaunchedUntilTheProfileChanges() throws Exception {
        new io.agentcontrolplane.core.worker.BackendHealth(store.root()).markUnusable("codex", profile,
                "codex: command not found", T0, "earlier-run");
        HeartbeatReport report = beat();
        assertThat(dispatcher.launched).isEmpty();
        assertThat(report.failures()).singleElement().asString().contains("backend codex is misconfigured"
                + " (codex: command not found); fix agent.backends.codex in the profile");
        // Another profile (changed agent settings) is not held back by the old mark.
        Profile changed = new Profile(profile.id(), profile.repository(), profile.credentials(),
                new Profile.AgentSettings("codex", Map.of("codex", new Profile.BackendSettings("gpt-5", null, null,
                        null, null, null, null, null)), List.of()),
                profile.limits(), profile.schedules(), profile.labels(), profile.heavy(), profile.naming(),
                profile.trust(), profile.budget(), profile.workspace(), profile.templates(), profile.github());
        new Heartbeat(changed, forge, store, outbox, dispatcher, clock).run();
        assertThat(dispatcher.launched).hasSize(1);
    }

    @Test
    void aRunReportedFinishedLongAfterItEndedIsRecordedWithItsOutcomeNotAsLost() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        Instant ended = clock.instant().plus(Duration.ofMinutes(1));
        dispatcher.end(runId, RunPhase.SUCCEEDED, ended, null);
        // The heartbeat was down for longer than the grace: the executor still knows how the run ended.
        clock.advance(Heartbeat.LOST_RUN_GRACE.multipliedBy(3));
        HeartbeatReport report = beat();
        assertThat(store.run(runId)).get().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(RunPhase.SUCCEEDED);
            assertThat(r.outcome()).isEqualTo("succeeded");
            assertThat(r.reason()).isNull();
            assertThat(r.endedAt()).isEqualTo(ended);
        });
        assertThat(report.notes()).noneSatisfy(n -> assertThat(n).contains("settled as failed"));
        assertThat(store.retry(ISSUE)).isEmpty();
        assertThat(store.pendingLaunches()).extracting(PendingLaunch::runId).doesNotContain(runId);
    }

    @Test
    void aMisconfiguredBackendCostsNoAttemptAndNoBudget() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        clock.advance(Duration.ofMinutes(1));
        dispatcher.end(runId, RunPhase.FAILED, clock.instant(), WorkerRun.BACKEND_MISCONFIGURED);
        beat();
        assertThat(store.run(runId)).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("backend-misconfigured");
            assertThat(r.countsAsAttempt()).isFalse();
        });
        assertThat(store.retry(ISSUE)).isEmpty();
        // No cooldown: it was launched again straight away.
        assertThat(dispatcher.launched).hasSize(2);
        dispatcher.end(dispatcher.launched.get(1).runId(), RunPhase.FAILED, clock.instant(),
                WorkerRun.BACKEND_MISCONFIGURED);
        // More such runs than the budget allows attempts still leave the item within its budget.
        for (int i = 0; i < profile.budget().maxAttempts() + 1; i++) {
            String id = "demo-implement-issue-7-misconfigured-" + i;
            store.putRun(new WorkerRun(id, Lane.IMPLEMENT, ISSUE, RunPhase.FAILED, clock.instant(), clock.instant(),
                    false, false, false, null, "failed", WorkerRun.BACKEND_MISCONFIGURED));
        }
        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(dispatcher.launched).hasSize(3);
        assertThat(forge.labelsOf(ISSUE)).doesNotContain(profile.labels().needsHuman());
    }

    @Test
    void aRunTheExecutorForgotIsSettledAfterTheGraceAndBacksOff() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        dispatcher.active.clear();
        clock.advance(Duration.ofMinutes(5));
        beat();
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.PENDING);
        clock.advance(Heartbeat.LOST_RUN_GRACE);
        HeartbeatReport report = beat();
        assertThat(store.run(runId)).get().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(r.reason()).isEqualTo("lost-before-start");
        });
        assertThat(store.pendingLaunches()).isEmpty();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("settled as failed: lost-before-start"));
        assertThat(store.retry(ISSUE)).isPresent();
    }

    @Test
    void aRunThatFinishesStraightFromPendingClearsItsPendingLaunch() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        dispatcher.end(runId, RunPhase.SUCCEEDED, clock.instant(), null);
        beat();
        assertThat(store.pendingLaunches()).extracting(PendingLaunch::runId).doesNotContain(runId);
        // The issue is open and ready again, so it launched again: under a run id of its own.
        assertThat(dispatcher.launched).hasSize(2);
        assertThat(dispatcher.launched.get(1).runId()).isEqualTo(runId + "-2");
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.SUCCEEDED);
    }

    @Test
    void anUnreachableGithubLeavesWritesQueued() {
        beat();
        int pending = outbox.pending().size();
        forge.observing(new Observation("sha-1", List.of(), List.of(), Map.of(), T0, "mirror", null));
        dispatcher.active.clear();
        HeartbeatReport report = beat();
        assertThat(report.outbox()).isNull();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("GitHub was unreachable"));
        assertThat(outbox.pending()).hasSizeGreaterThanOrEqualTo(pending);
    }

    @Test
    void aSecondHeartbeatOfTheProfileIsSkippedWhileOneRuns() throws Exception {
        try (var held = store.tryLockHeartbeat().orElseThrow()) {
            HeartbeatReport report = beat();
            assertThat(report.outcome()).isEqualTo("skipped");
            assertThat(dispatcher.launched).isEmpty();
        }
    }

    @Test
    void aLongRunThatBrieflyDropsOutOfTheExecutorsListIsNotLost() {
        beat();
        String runId = dispatcher.launched.get(0).runId();
        // Reported for an hour, heartbeat after heartbeat.
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(5));
            beat();
        }
        WorkerRun reported = dispatcher.active.remove(0);
        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.RUNNING);
        assertThat(dispatcher.launched).hasSize(1);
        dispatcher.active.add(reported);
        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.RUNNING);
        // Gone for good: lost once the executor has been silent about it for the grace.
        dispatcher.active.clear();
        clock.advance(Heartbeat.LOST_RUN_GRACE.plusMinutes(1));
        beat();
        assertThat(store.run(runId)).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.FAILED);
    }
}
