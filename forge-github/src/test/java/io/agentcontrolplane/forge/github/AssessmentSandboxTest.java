package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.assess.Assessment;
import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.WaitReason;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat assesses every PR it observes on the sandbox and plans from the assessment: check runs, commit
 * statuses, files, review comments and mergeability as GitHub serves them; labels follow, written once.
 */
class AssessmentSandboxTest extends ForgeTestSupport {
    Profile profile = Profile.defaults("widgets", REPO);
    StateStore store;
    Outbox outbox;
    RecordingDispatcher dispatcher;
    Heartbeat heartbeat;

    @BeforeEach
    void engine() {
        var acp = stateDir.resolve("acp");
        store = new StateStore(acp, clock, p -> { });
        outbox = new Outbox(acp, profile.schedules().retryCooldowns(), 80, 500, clock, d -> clock.advance(d),
                CrashPoints.NONE);
        dispatcher = new RecordingDispatcher(clock);
        heartbeat = new Heartbeat(profile, forge, store, outbox, dispatcher, clock);
    }

    HeartbeatReport beat() {
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport r = heartbeat.run();
        assertThat(r.outcome()).as(r.render()).isEqualTo("completed");
        return r;
    }

    int agentPr(int issue, Map<String, String> files) {
        String branch = "agent/widgets/issue-" + issue;
        repo.createBranchWithCommit(branch, "main", files, "work on #" + issue);
        return repo.openPullRequest("walt", "Fix #" + issue, "Closes #" + issue, branch, "main", false);
    }

    @Test
    void lanesComeFromWhatGitHubShowsAndLabelsFollowOnce() {
        int i1 = repo.createIssue("walt", "one", "body");
        int i2 = repo.createIssue("walt", "two", "body");
        int i3 = repo.createIssue("walt", "three", "body");
        int failing = agentPr(i1, Map.of("src/a.js", "a\n"));
        long run = repo.addCheckRun("agent/widgets/issue-" + i1, "test", "completed", "failure");
        repo.checkRunOutput(run, "2 tests failed", "expected 1, got 2");
        int infra = agentPr(i2, Map.of(".github/workflows/ci.yml", "on: push\n"));
        repo.addStatus("agent/widgets/issue-" + i2, "success", "ci/jenkins", "green", null);
        int reviewed = agentPr(i3, Map.of("src/c.js", "c\n"));
        repo.addReviewComment(reviewed, "maria", "src/c.js", 1, "Handle null here", null);
        Profile anyone = profile.withAssessment(new Profile.AssessmentRules(null, null, null, null, null, null,
                java.util.List.of("*")));
        heartbeat = new Heartbeat(anyone, forge, store, outbox, dispatcher, clock);

        HeartbeatReport first = beat();
        Map<Integer, Assessment> a = heartbeat.lastAssessments();
        assertThat(a.get(failing).lane()).isEqualTo(PrLane.FIX);
        assertThat(a.get(failing).checkFailures()).containsExactly("test:conclusion-failure");
        assertThat(a.get(infra).riskTier()).isEqualTo("critical-infra");
        assertThat(a.get(infra).lane()).isEqualTo(PrLane.DOUBLE_CHECK_1);
        assertThat(a.get(reviewed).actionableReviewComments()).hasSize(1);
        assertThat(a.get(reviewed).lane()).isEqualTo(PrLane.FIX);
        assertThat(first.plan().launches()).extracting(l -> l.item() + " " + l.lane().wireName())
                .contains("pr#" + failing + " fix", "pr#" + infra + " double-check-1", "pr#" + reviewed + " fix");
        assertThat(repo.labels(failing)).contains("agent-repair-queued", "agent-running");
        assertThat(repo.labels(infra)).contains("agent-double-check-1/2");

        long writes = sandbox.counters().writes().size();
        dispatcher.startAll();
        HeartbeatReport second = beat();
        assertThat(sandbox.counters().writes()).as("labels already match: nothing is written again")
                .hasSize((int) writes);
        assertThat(second.launched()).isEmpty();
        HeartbeatReport third = beat();
        assertThat(third.forgeCost().points()).as(third.render()).isZero();
    }

    @Test
    void aGreenPrGoesToAutomergeOnceItsPendingCheckFinishes() {
        int issue = repo.createIssue("walt", "one", "body");
        int pr = agentPr(issue, Map.of("src/a.js", "a\n"));
        long run = repo.addCheckRun("agent/widgets/issue-" + issue, "build", "in_progress", null);
        HeartbeatReport first = beat();
        assertThat(first.plan().waitOf(ItemRef.pr(pr))).hasValueSatisfying(
                w -> assertThat(w.reason()).isEqualTo(WaitReason.LANE_PENDING));
        repo.updateCheckRun(run, "completed", "success");
        HeartbeatReport second = beat();
        assertThat(second.plan().launches()).anySatisfy(l -> {
            assertThat(l.item()).isEqualTo(ItemRef.pr(pr));
            assertThat(l.lane()).isEqualTo(Lane.AUTOMERGE);
        });
        assertThat(repo.labels(pr)).contains("agent-automerge");
    }

    @Test
    void aRecordedSecondStageIsTheAssessmentsInputNotAnOverrideOfIt() {
        int issue = repo.createIssue("walt", "infra", "body");
        int pr = agentPr(issue, Map.of(".github/workflows/ci.yml", "on: push\n"));
        store.putPrLaneOverride(pr, PrLane.DOUBLE_CHECK_2);
        sandbox.addUser("chatgpt-codex-connector[bot]", "codex-token");
        repo.addReviewComment(pr, "chatgpt-codex-connector[bot]", ".github/workflows/ci.yml", 1, "Pin the action",
                null);
        repo.addCheckRun("agent/widgets/issue-" + issue, "build", "completed", "success");
        HeartbeatReport blocked = beat();
        assertThat(blocked.plan().launches()).as("review feedback: the stage is not honoured, the PR goes to fix")
                .anySatisfy(l -> {
                    assertThat(l.item()).isEqualTo(ItemRef.pr(pr));
                    assertThat(l.lane()).isEqualTo(Lane.FIX);
                });
        int other = repo.createIssue("walt", "infra 2", "body");
        int second = agentPr(other, Map.of("Dockerfile", "FROM scratch\n"));
        store.putPrLaneOverride(second, PrLane.DOUBLE_CHECK_2);
        HeartbeatReport staged = beat();
        assertThat(staged.plan().launches()).anySatisfy(l -> {
            assertThat(l.item()).isEqualTo(ItemRef.pr(second));
            assertThat(l.lane()).isEqualTo(Lane.DOUBLE_CHECK_2);
        });
        assertThat(repo.labels(second)).contains("agent-double-check-2/2");
    }

    @Test
    void aStatusCommentWithoutOurHeadMarkerIsJudgedByTheHeadsCommitTime() throws Exception {
        int issue = repo.createIssue("walt", "one", "body");
        String branch = "agent/widgets/issue-" + issue;
        int pr = agentPr(issue, Map.of("src/a.js", "a\n"));
        repo.addCheckRun(branch, "test", "completed", "success");
        // Another tool's blocker, with no <!-- acp:head --> marker: it is about the head committed before it.
        repo.addComment(pr, "maria", "## PR final review blocker\n\nThe null case is not handled.");
        long commitReads = sandbox.counters().requests("GET", "/repos/{owner}/{repo}/commits/{ref}");
        beat();
        assertThat(heartbeat.lastAssessments().get(pr).lane()).as("the blocker is about the current head")
                .isEqualTo(PrLane.FIX);

        Thread.sleep(1100); // the sandbox stamps commits and comments to the second
        repo.commit(branch, Map.of("src/a.js", "fixed\n"), "handle the null case");
        repo.addCheckRun(branch, "test", "completed", "success");
        beat();
        Assessment after = heartbeat.lastAssessments().get(pr);
        assertThat(after.lane()).as("the blocker is about the earlier head: " + after).isEqualTo(PrLane.AUTOMERGE);
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/commits/{ref}") - commitReads)
                .as("the commit time read once per head").isEqualTo(2);
        beat();
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/commits/{ref}") - commitReads)
                .as("not again while the head stays").isEqualTo(2);
    }

    @Test
    void scheduleLabelsFollowTheIssueBody() {
        int scheduled = repo.createIssue("walt", "report", "Agent schedule: every 1d");
        int stale = repo.createIssue("walt", "no longer scheduled", "plain body");
        repo.addLabels(stale, "agent-scheduled", "agent-schedule-10m");
        beat();
        assertThat(repo.labels(scheduled)).contains("agent-scheduled", "agent-schedule-1d");
        assertThat(repo.labels(stale)).doesNotContain("agent-scheduled", "agent-schedule-10m");
        repo.editBody(scheduled, "Agent schedule: every 4h");
        beat();
        assertThat(repo.labels(scheduled)).contains("agent-scheduled", "agent-schedule-4h")
                .doesNotContain("agent-schedule-1d");
    }
}
