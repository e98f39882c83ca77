package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.LabelCatalog;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.Launch;
import io.agentcontrolplane.core.plan.WaitReason;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.PendingLaunch;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat end to end: a real {@link Heartbeat} with a real {@link GitHubForge} against the sandbox, a real
 * state store and outbox in a temporary directory, and a recording executor. Every assertion about GitHub is made
 * on the sandbox's own state and its log of writes.
 */
class HeartbeatSandboxTest extends ForgeTestSupport {
    private static final String LABELS_POST = "/repos/acme/widgets/issues/%d/labels";

    Profile profile = Profile.defaults("widgets", REPO);
    Path acp;
    StateStore store;
    Outbox outbox;
    RecordingDispatcher dispatcher;

    @BeforeEach
    void engine() {
        acp = stateDir.resolve("acp");
        store = new StateStore(acp, clock, p -> { });
        outbox = new Outbox(acp, profile.schedules().retryCooldowns(), 80, 500, clock, d -> clock.advance(d),
                CrashPoints.NONE);
        dispatcher = new RecordingDispatcher(clock);
    }

    Heartbeat heartbeat() {
        return new Heartbeat(profile, forge, store, outbox, dispatcher, clock);
    }

    HeartbeatReport beat() {
        HeartbeatReport r = heartbeat().run();
        assertThat(r.outcome()).as(r.render()).isEqualTo("completed");
        return r;
    }

    long labelPosts(int number) {
        return sandbox.counters().writes("POST", String.format(LABELS_POST, number));
    }

    private int agentPr(int issue, String author) {
        String branch = "agent/widgets/issue-" + issue;
        repo.createBranchWithCommit(branch, "main", Map.of("fix-" + issue + ".txt", "x\n"), "work on #" + issue);
        return repo.openPullRequest(author, "Fix #" + issue, "Closes #" + issue, branch, "main", false);
    }

    @Test
    void aFirstHeartbeatLaunchesThePlanLabelsItAndASecondIsIdle() {
        int trusted = repo.createIssue("walt", "Fix the parser", "It crashes on empty input");
        int untrusted = repo.createIssue("stranger", "Please add a feature", "body");
        int heavy = repo.createIssue("maria", "Stabilise the e2e checkout flow", "The e2e smoke is flaky");
        int scheduled = repo.createIssue("walt", "Refresh the dependency report", "Agent schedule: every 4h");
        int linked = repo.createIssue("walt", "Fix the lexer", "body");
        int optedIn = repo.createIssue("stranger", "Typo in README", "body");
        repo.addLabelsAs(optedIn, "maria", "agent-ready");
        int pr = agentPr(linked, "walt");
        // CI still runs on the PR: its assessment keeps it pending (nothing to do yet).
        repo.addCheckRun("agent/widgets/issue-" + linked, "build", "in_progress", null);

        HeartbeatReport first = beat();

        assertThat(first.plan().observation()).isEqualTo("live");
        List<Launch> planned = first.plan().launches();
        assertThat(planned).extracting(l -> l.item().number())
                .containsExactlyInAnyOrder(trusted, heavy, scheduled, optedIn);
        assertThat(planned).filteredOn(l -> l.item().number() == scheduled).singleElement()
                .satisfies(l -> assertThat(l.lane()).isEqualTo(Lane.SCHEDULED));
        assertThat(first.plan().waitOf(ItemRef.issue(untrusted))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.UNTRUSTED_AUTHOR));
        assertThat(first.plan().waitOf(ItemRef.issue(linked))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.LINKED_TO_OPEN_PR));
        assertThat(first.failures()).isEmpty();

        // Exactly the planned launches were dispatched, in plan order, with the run ids the heartbeat recorded.
        List<WorkerLaunch> given = dispatcher.given();
        assertThat(given).extracting(WorkerLaunch::item).containsExactlyElementsOf(
                planned.stream().map(Launch::item).toList());
        assertThat(given).extracting(WorkerLaunch::lane).containsExactlyElementsOf(
                planned.stream().map(Launch::lane).toList());
        assertThat(first.launched()).hasSize(given.size());
        for (WorkerLaunch l : given) {
            assertThat(l.profileId()).isEqualTo("widgets");
            assertThat(l.runId()).startsWith("widgets-" + l.lane().wireName() + "-" + l.item().fileKey() + "-");
            assertThat(store.run(l.runId())).hasValueSatisfying(r -> {
                assertThat(r.phase()).isEqualTo(RunPhase.PENDING);
                assertThat(r.item()).isEqualTo(l.item());
                assertThat(r.lane()).isEqualTo(l.lane());
                assertThat(r.heavy()).isEqualTo(l.item().number() == heavy);
            });
            assertThat(store.pendingLaunch(l.item())).hasValueSatisfying(
                    p -> assertThat(p.runId()).isEqualTo(l.runId()));
        }
        assertThat(store.runs()).hasSize(given.size());
        assertThat(store.pendingLaunches()).hasSize(given.size());
        assertThat(store.claims()).as("claims are released").isEmpty();

        // On the sandbox, after the flush: every launched item is labelled running (+ heavy), once.
        for (int n : List.of(trusted, heavy, scheduled, optedIn)) {
            assertThat(repo.labels(n)).as("#" + n).contains("agent-running");
            assertThat(labelPosts(n)).as("#" + n).isEqualTo(n == scheduled ? 2 : 1);
        }
        assertThat(repo.labels(scheduled)).as("schedule labels from the body")
                .contains("agent-scheduled", "agent-schedule-4h");
        assertThat(first.plan().waitOf(ItemRef.pr(pr))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.LANE_PENDING));
        assertThat(repo.labels(heavy)).contains("agent-e2e-heavy");
        assertThat(repo.labels(trusted)).doesNotContain("agent-e2e-heavy");
        for (int n : List.of(untrusted, linked, pr)) {
            assertThat(repo.labels(n)).as("#" + n).doesNotContain("agent-running");
            assertThat(labelPosts(n)).isZero();
        }
        for (LabelCatalog.LabelSpec spec : LabelCatalog.of(profile)) {
            assertThat(repo.labelInfo(spec.name())).as(spec.name())
                    .isEqualTo(spec.name() + ":" + spec.color().toLowerCase() + ":" + spec.description());
        }
        assertThat(store.schedule(scheduled)).isPresent();
        assertThat(outbox.pending()).isEmpty();

        // Second heartbeat: the executor reports the runs as running; nothing new launches for them.
        dispatcher.startAll();
        clock.advance(Duration.ofMinutes(1));
        long writesBefore = sandbox.counters().writes().size();
        HeartbeatReport second = beat();
        assertThat(second.launched()).isEmpty();
        for (WorkerLaunch l : given) {
            assertThat(second.plan().waitOf(l.item())).hasValueSatisfying(
                    w -> assertThat(w.reason()).isEqualTo(WaitReason.ALREADY_RUNNING));
            assertThat(store.run(l.runId()).orElseThrow().phase()).isEqualTo(RunPhase.RUNNING);
        }
        assertThat(store.pendingLaunches()).as("the runs showed up").isEmpty();
        assertThat(sandbox.counters().writes()).hasSize((int) writesBefore);
        // Its reads are not all free: the first pass's own label writes changed the issue list (and one opted-in
        // issue's events), which it re-reads once.
        assertThat(second.forgeCost().points()).as(second.render()).isLessThanOrEqualTo(4);

        // A third, idle one: no change on GitHub since the last observation, so its reads are free 304s.
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport third = beat();
        assertThat(third.launched()).isEmpty();
        assertThat(third.forgeCost().points()).as(third.render()).isZero();
        assertThat(third.forgeCost().requests()).isPositive();
    }

    @Test
    void noFileInTheStateDirectoryHoldsTheTokenAndTheCacheStillRevalidates() throws Exception {
        repo.createIssue("walt", "Fix the parser", "It crashes on empty input");
        beat();
        dispatcher.startAll();
        clock.advance(Duration.ofMinutes(1));
        beat();
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport idle = beat();
        assertThat(idle.forgeCost().points()).as(idle.render()).isZero();

        List<Path> files;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(stateDir)) {
            files = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        assertThat(files).as("the HTTP cache holds entries").anyMatch(f -> f.startsWith(stateDir.resolve("http-cache"))
                && f.getFileName().toString().endsWith(".0"));
        for (Path f : files) {
            assertThat(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f)
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailedDispatchLeavesNothingBehindButTheReport() {
        int ok = repo.createIssue("walt", "Fix the parser", "body");
        int refused = repo.createIssue("walt", "Fix the lexer", "body");
        dispatcher.failFor.add(ItemRef.issue(refused));

        HeartbeatReport r = beat();

        assertThat(r.plan().launches(ItemRef.issue(refused))).isTrue();
        assertThat(r.failures()).singleElement().asString()
                .contains("issue#" + refused).contains("dispatch failed").contains("executor refused");
        assertThat(r.launched()).hasSize(1);
        assertThat(store.runs()).extracting(WorkerRun::item).containsExactly(ItemRef.issue(ok));
        assertThat(store.pendingLaunch(ItemRef.issue(refused))).isEmpty();
        assertThat(store.claim(ItemRef.issue(refused))).isEmpty();
        assertThat(repo.labels(refused)).doesNotContain("agent-running");
        assertThat(labelPosts(refused)).isZero();
        assertThat(repo.labels(ok)).contains("agent-running");
    }

    @Test
    void aStaleRunningLabelIsRemovedOnGitHub() {
        int stale = repo.createIssue("stranger", "Left over", "body", "agent-running");

        HeartbeatReport r = beat();

        assertThat(r.plan().effects()).anySatisfy(e -> {
            assertThat(e.item()).isEqualTo(ItemRef.issue(stale));
            assertThat(e.label()).isEqualTo("agent-running");
        });
        assertThat(repo.labels(stale)).doesNotContain("agent-running");
        assertThat(sandbox.counters().writes("DELETE", "/repos/acme/widgets/issues/" + stale + "/labels/*"))
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(sandbox.counters().writes("DELETE", "/repos/acme/widgets/issues/" + stale + "/labels/*"))
                .as("repaired once").isEqualTo(1);
    }

    @Test
    void aRunTheExecutorForgetsIsSettledAfterTheGraceAndFreesItsSlot() {
        profile = profile.withLimits(new Profile.Limits(1, null, null, null, null, null, null, null, null, 5,
                null, null));
        int first = repo.createIssue("walt", "First", "body");
        int second = repo.createIssue("walt", "Second", "body");
        HeartbeatReport launch = beat();
        assertThat(launch.plan().launches()).extracting(Launch::item).containsExactly(ItemRef.issue(first));
        assertThat(launch.plan().waitOf(ItemRef.issue(second))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.CAPACITY_FULL));
        String runId = dispatcher.given().get(0).runId();
        Instant started = clock.instant();

        clock.advance(Duration.ofMinutes(1));
        dispatcher.startAll();
        beat();
        assertThat(store.run(runId).orElseThrow().phase()).isEqualTo(RunPhase.RUNNING);

        Instant lastReported = clock.instant();
        dispatcher.forget(runId);
        clock.advance(Duration.ofMinutes(3)); // 3 minutes since the executor last reported it: within the grace
        HeartbeatReport within = beat();
        assertThat(store.run(runId).orElseThrow().phase()).isEqualTo(RunPhase.RUNNING);
        assertThat(within.launched()).isEmpty();

        // Lost once the executor has been silent about it for the grace (not counted from its start).
        clock.now.set(started.plus(Heartbeat.LOST_RUN_GRACE).plusSeconds(1));
        assertThat(beat().launched()).as("still within the grace of its last report").isEmpty();
        clock.now.set(lastReported.plus(Heartbeat.LOST_RUN_GRACE).plusSeconds(1));
        HeartbeatReport settled = beat();
        assertThat(store.run(runId)).hasValueSatisfying(r -> {
            assertThat(r.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(r.reason()).isEqualTo("runner-aborted-before-completion");
            assertThat(r.endedAt()).isEqualTo(settled.startedAt());
        });
        assertThat(settled.notes()).anySatisfy(n -> assertThat(n).contains(runId).contains("settled as failed"));
        assertThat(settled.launched()).as("its slot is free again: " + settled.render()).hasSize(1);
        assertThat(dispatcher.given()).hasSize(2);
    }

    @Test
    void aSpentBudgetAsksForAHumanAndAHumanGivesItBack() throws Exception {
        int spent = repo.createIssue("walt", "Hard one", "body");
        ItemRef item = ItemRef.issue(spent);
        Instant t = clock.instant().minus(Duration.ofHours(6));
        for (int i = 0; i < 6; i++) {
            store.putRun(new WorkerRun("old-" + i, Lane.IMPLEMENT, item, RunPhase.FAILED, t.plusSeconds(600L * i),
                    t.plusSeconds(600L * i + 60), false, false, false, null, "failed", "tests-failed"));
        }

        HeartbeatReport exhausted = beat();
        assertThat(exhausted.plan().waitOf(item)).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.BUDGET_EXHAUSTED));
        assertThat(repo.labels(spent)).contains("agent-needs-human");
        assertThat(dispatcher.given()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(store.budgetMark(item)).hasValueSatisfying(m -> assertThat(m.labelledAt()).isNotNull());
        assertThat(labelPosts(spent)).as("labelled once").isEqualTo(1);

        GitHubForge maria = GitHubForges.standalone(sandbox.baseUrl(), "maria-token", settings(),
                stateDir.resolve("maria"), governor, GitHubForges.Timeouts.DEFAULT);
        maria.removeLabel(item, "agent-needs-human");
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport reset = beat();
        assertThat(store.budgetMark(item)).hasValueSatisfying(m -> assertThat(m.resetAt()).isNotNull());
        assertThat(reset.notes()).anySatisfy(n -> assertThat(n).contains("fresh budget"));
        assertThat(dispatcher.given()).as(reset.render()).singleElement()
                .satisfies(l -> assertThat(l.item()).isEqualTo(item));
        assertThat(repo.labels(spent)).contains("agent-running").doesNotContain("agent-needs-human");
    }

    @Test
    void aCiRefreshRerunsTheFailedJobsOnceAndBacksOff() {
        int issue = repo.createIssue("walt", "Fix the lexer", "body");
        int pr = agentPr(issue, "walt");
        String head = repo.pull(pr).headSha();
        long failed = repo.addWorkflowRun("CI", "agent/widgets/issue-" + issue, head, "completed", "failure");
        long green = repo.addWorkflowRun("Lint", "agent/widgets/issue-" + issue, head, "completed", "success");
        store.putPrLaneOverride(pr, PrLane.CI_REFRESH);

        HeartbeatReport r = beat();
        assertThat(r.plan().launches()).singleElement().satisfies(l -> {
            assertThat(l.lane()).isEqualTo(Lane.CI_REFRESH);
            assertThat(l.item()).isEqualTo(ItemRef.pr(pr));
        });
        assertThat(r.launched()).singleElement().asString().contains("ci-refresh pr#" + pr).contains(head);
        assertThat(dispatcher.given()).as("no worker for a CI refresh").isEmpty();
        assertThat(repo.workflowRun(failed).runAttempt()).isEqualTo(2);
        assertThat(repo.workflowRun(green).runAttempt()).isEqualTo(1);
        String rerun = "/repos/acme/widgets/actions/runs/*/rerun-failed-jobs";
        assertThat(sandbox.counters().writes("POST", rerun)).isEqualTo(1);
        assertThat(store.retry(ItemRef.pr(pr))).isPresent();

        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport next = beat();
        assertThat(next.launched()).isEmpty();
        assertThat(next.plan().waitOf(ItemRef.pr(pr))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.RETRY_COOLDOWN));
        assertThat(sandbox.counters().writes("POST", rerun)).isEqualTo(1);
        assertThat(repo.workflowRun(failed).runAttempt()).isEqualTo(2);
    }

    @Test
    void twoHeartbeatsOfOneProfileAtOnceRunOnlyOne() throws Exception {
        int issue = repo.createIssue("walt", "Fix the parser", "body");
        CountDownLatch entered = new CountDownLatch(1);
        dispatcher.entered = entered;
        // Threads of its own: on a 2-core machine the common pool may have one worker, which heartbeat a holds.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            CompletableFuture<HeartbeatReport> a = CompletableFuture.supplyAsync(() -> heartbeat().run(), threads);
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            // Another heartbeat of the same profile (its own objects, the same state directory) meanwhile.
            StateStore otherStore = new StateStore(acp, clock, p -> { });
            Outbox otherOutbox = new Outbox(acp, profile.schedules().retryCooldowns(), 80, 500, clock,
                    d -> clock.advance(d), CrashPoints.NONE);
            HeartbeatReport b = CompletableFuture.supplyAsync(() -> new Heartbeat(profile, forge, otherStore,
                    otherOutbox, dispatcher, clock).run(), threads).get(30, TimeUnit.SECONDS);
            dispatcher.entered = null;
            dispatcher.release.countDown();
            HeartbeatReport ran = a.get(30, TimeUnit.SECONDS);

            assertThat(b.outcome()).isEqualTo("skipped");
            assertThat(b.detail()).contains("lock");
            assertThat(ran.outcome()).isEqualTo("completed");
            assertThat(dispatcher.given()).singleElement().satisfies(l -> assertThat(l.item().number())
                    .isEqualTo(issue));
            assertThat(labelPosts(issue)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whileGitHubIsUnreachableItPlansFromTheMirrorAndItsWritesWaitForItsReturn() {
        int first = repo.createIssue("walt", "Fix the parser", "body");
        int later = repo.createIssue("walt", "Fix the lexer", "body");
        dispatcher.failFor.add(ItemRef.issue(later));
        HeartbeatReport good = beat();
        assertThat(good.launched()).hasSize(1);
        dispatcher.startAll();

        sandbox.stop();
        dispatcher.failFor.clear();
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport down = beat();
        assertThat(down.plan().observation()).isEqualTo("mirror");
        assertThat(down.notes()).anySatisfy(n -> assertThat(n).startsWith("GitHub was unreachable: planned from "
                + "the observation of"));
        assertThat(down.plan().waitOf(ItemRef.issue(first))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.ALREADY_RUNNING));
        WorkerLaunch relaunched = dispatcher.given().get(1);
        assertThat(relaunched.item()).isEqualTo(ItemRef.issue(later));
        List<Intent> waiting = outbox.pending();
        assertThat(waiting).extracting(Intent::key).contains("run/" + relaunched.runId() + "/mark-running");
        assertThat(labelPosts(later)).isZero();
        assertThat(down.outbox()).as("no flush while GitHub is unreachable: " + down.render()).isNull();

        // Down still, a heartbeat later: nothing is enqueued twice.
        clock.advance(Duration.ofMinutes(1));
        dispatcher.startAll();
        beat();
        assertThat(outbox.pending()).hasSize(waiting.size());

        sandbox.start();
        clock.advance(Duration.ofHours(2)); // past any backoff of the outbox
        HeartbeatReport back = beat();
        assertThat(back.plan().observation()).isEqualTo("live");
        assertThat(outbox.pending()).as(back.render()).isEmpty();
        assertThat(repo.labels(later)).contains("agent-running");
        assertThat(labelPosts(later)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        beat();
        assertThat(labelPosts(later)).as("flushed exactly once").isEqualTo(1);
        assertThat(labelPosts(first)).isEqualTo(1);
    }
}
