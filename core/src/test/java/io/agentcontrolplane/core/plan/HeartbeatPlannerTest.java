package io.agentcontrolplane.core.plan;

import static io.agentcontrolplane.core.plan.Fixtures.NOW;
import static io.agentcontrolplane.core.plan.Fixtures.PROFILE;
import static io.agentcontrolplane.core.plan.Fixtures.agentPr;
import static io.agentcontrolplane.core.plan.Fixtures.issue;
import static io.agentcontrolplane.core.plan.Fixtures.launched;
import static io.agentcontrolplane.core.plan.Fixtures.plan;
import static io.agentcontrolplane.core.plan.Fixtures.pr;
import static io.agentcontrolplane.core.plan.Fixtures.reasonOf;
import static io.agentcontrolplane.core.plan.Fixtures.run;
import static io.agentcontrolplane.core.plan.Fixtures.state;
import static io.agentcontrolplane.core.plan.Fixtures.withLimits;
import static io.agentcontrolplane.core.plan.Fixtures.world;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeartbeatPlannerTest {
    private static final ItemRef I1 = ItemRef.issue(1);
    private static final ItemRef I2 = ItemRef.issue(2);
    private static final ItemRef I3 = ItemRef.issue(3);

    private static List<Issue> issues(int... numbers) {
        List<Issue> list = new ArrayList<>();
        for (int n : numbers) {
            list.add(issue(n).build());
        }
        return list;
    }

    @Nested
    class ReadyIssues {
        @Test
        void launchesOldestFirstWithinTheLaunchBudget() {
            Issue newer = issue(1).created(NOW.minusSeconds(10)).build();
            Issue older = issue(2).created(NOW.minusSeconds(1000)).build();
            Issue oldest = issue(3).created(NOW.minusSeconds(5000)).build();
            Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 2)),
                    world(List.of(newer, older, oldest), List.of(), List.of()), PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I3, I2);
            assertThat(plan.launches()).allSatisfy(l -> {
                assertThat(l.lane()).isEqualTo(Lane.IMPLEMENT);
                assertThat(l.rule()).isEqualTo("ready-issue");
                assertThat(l.provider()).isEqualTo("codex");
            });
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.LAUNCH_LIMIT);
            assertThat(plan.counts().launchBudgetRemaining()).isZero();
        }

        @Test
        void capacityCountsRunningWorkers() {
            List<WorkerRun> runs = List.of(run("r1", Lane.IMPLEMENT, ItemRef.issue(50), RunPhase.RUNNING),
                    run("r2", Lane.FIX, ItemRef.pr(60), RunPhase.PENDING));
            Plan plan = plan(withLimits(Map.of("maxWorkers", 3)), world(issues(1, 2), List.of(), runs),
                    PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.CAPACITY_FULL);
            assertThat(plan.waitOf(I2).orElseThrow().detail()).isEqualTo("3/3 workers busy");
            assertThat(plan.counts().runningTotal()).isEqualTo(3);
            assertThat(plan.counts().runningPrs()).isEqualTo(1);
        }

        @Test
        void authWaitingAndIdleResidentRunsHoldNoCapacity() {
            List<WorkerRun> runs = List.of(run("r1", Lane.IMPLEMENT, ItemRef.issue(50), RunPhase.WAITING_AUTH),
                    run("r2", Lane.IMPLEMENT, ItemRef.issue(51), RunPhase.IDLE_RESIDENT));
            Plan plan = plan(withLimits(Map.of("maxWorkers", 1)), world(issues(1), List.of(), runs),
                    PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(plan.counts().authWaiting()).isEqualTo(1);
            assertThat(plan.counts().idleResident()).isEqualTo(1);
        }

        @Test
        void anItemWithAnActiveRunIsNotLaunchedAgain() {
            List<WorkerRun> runs = List.of(run("r1", Lane.IMPLEMENT, I1, RunPhase.WAITING_AUTH));
            PlannerState pendingRecord = state().run(run("r2", Lane.IMPLEMENT, I2, RunPhase.PENDING)).build();
            Plan plan = plan(PROFILE, world(issues(1, 2, 3), List.of(), runs), pendingRecord);
            assertThat(launched(plan)).containsExactly(I3);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.ALREADY_RUNNING);
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.ALREADY_RUNNING);
        }

        @Test
        void theExecutorsViewOfARunWinsOverALaggingRecord() {
            WorkerRun record = run("r1", Lane.IMPLEMENT, I1, RunPhase.RUNNING);
            WorkerRun finished = record.withPhase(RunPhase.SUCCEEDED, NOW);
            Plan plan = plan(PROFILE, world(issues(1), List.of(), List.of(finished)), state().run(record).build());
            assertThat(launched(plan)).containsExactly(I1);
        }

        @Test
        void aStaleRunningLabelIsRemovedAndTheIssueStillLaunches() {
            Issue stale = issue(1).labels("agent-running").build();
            Plan plan = plan(world(List.of(stale), List.of(), List.of()));
            assertThat(plan.effects()).containsExactly(
                    new Effect(Effect.Kind.REMOVE_LABEL, I1, "agent-running", "no active run holds it"));
            assertThat(launched(plan)).containsExactly(I1);
        }

        @Test
        void retryCooldownHoldsAnIssueUntilItsNextAttempt() {
            Instant next = NOW.plusSeconds(300);
            PlannerState st = state().retry(I1, 1, next, "worker-exit-failed", null)
                    .retry(I2, 2, NOW.minusSeconds(1), "timeout", null).build();
            Plan plan = plan(PROFILE, world(issues(1, 2), List.of(), List.of()), st);
            assertThat(launched(plan)).containsExactly(I2);
            Wait wait = plan.waitOf(I1).orElseThrow();
            assertThat(wait.reason()).isEqualTo(WaitReason.RETRY_COOLDOWN);
            assertThat(wait.until()).isEqualTo(next);
            assertThat(plan.counts().retryDeferredIssues()).isEqualTo(1);
        }

        @Test
        void blockedIssuesAreNotReady() {
            Plan plan = plan(world(List.of(issue(1).labels("agent-blocked").build()), List.of(), List.of()));
            assertThat(plan.launches()).isEmpty();
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BLOCKED_MANUALLY);
        }
    }

    @Nested
    class Trust {
        @Test
        void anIssueByAReadOnlyAuthorWaits() {
            Issue outsider = issue(1).author("drive-by", Permission.READ).build();
            Plan plan = plan(world(List.of(outsider), List.of(), List.of()));
            assertThat(plan.launches()).isEmpty();
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.UNTRUSTED_AUTHOR);
            assertThat(plan.waitOf(I1).orElseThrow().detail()).contains("@drive-by", "read", "write", "agent-ready");
        }

        @Test
        void theOptInLabelCountsOnlyWhenAppliedByATrustedUser() {
            Issue optedIn = issue(1).author("drive-by", Permission.NONE).labels("agent-ready")
                    .labelledBy("agent-ready", Permission.MAINTAIN).build();
            Issue selfLabelled = issue(2).author("drive-by", Permission.TRIAGE).labels("agent-ready")
                    .labelledBy("agent-ready", Permission.TRIAGE).build();
            Issue unknownLabeller = issue(3).author("drive-by", Permission.NONE).labels("agent-ready").build();
            Plan plan = plan(world(List.of(optedIn, selfLabelled, unknownLabeller), List.of(), List.of()));
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.UNTRUSTED_AUTHOR);
            assertThat(reasonOf(plan, I3)).isEqualTo(WaitReason.UNTRUSTED_AUTHOR);
        }

        @Test
        void theMinimumPermissionIsConfigurable() {
            Profile triage = PROFILE.withTrust(new Profile.Trust(Permission.TRIAGE, null));
            Issue byTriager = issue(1).author("t", Permission.TRIAGE).build();
            assertThat(launched(plan(triage, world(List.of(byTriager), List.of(), List.of()), PlannerState.empty())))
                    .containsExactly(I1);
        }
    }

    @Nested
    class LinkedPullRequests {
        @Test
        void anIssueWithAnOpenAgentPrOnItsBranchWaits() {
            PullRequest onBranch = pr(10, "agent/demo/issue-1-fix-login", "", PrLane.PENDING);
            PullRequest codexBranch = pr(11, "codex/issue-2", "", PrLane.PENDING);
            Plan plan = plan(world(issues(1, 2, 3), List.of(onBranch, codexBranch), List.of()));
            assertThat(launched(plan)).containsExactly(I3);
            Wait wait = plan.waitOf(I1).orElseThrow();
            assertThat(wait.reason()).isEqualTo(WaitReason.LINKED_TO_OPEN_PR);
            assertThat(wait.blocker()).isEqualTo(ItemRef.pr(10));
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.LINKED_TO_OPEN_PR);
        }

        @Test
        void closingKeywordsInAnAgentPrBodyLink() {
            PullRequest handoff = pr(10, "feature/x", "This Fixes #1 and resolves #2.", PrLane.PENDING,
                    "agent-handoff");
            Plan plan = plan(world(issues(1, 2, 3), List.of(handoff), List.of()));
            assertThat(launched(plan)).containsExactly(I3);
        }

        @Test
        void aHumanPrDoesNotLinkAndIsNotPlanned() {
            PullRequest human = pr(10, "feature/x", "Closes #1", PrLane.FIX);
            Plan plan = plan(world(issues(1), List.of(human), List.of()));
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(reasonOf(plan, ItemRef.pr(10))).isEqualTo(WaitReason.NOT_MANAGED);
            assertThat(plan.counts().openAgentPrs()).isZero();
        }

        @Test
        void theForgesOwnLinkCounts() {
            Plan plan = plan(world(List.of(issue(1).linkedPr(44).build()), List.of(), List.of()));
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.LINKED_TO_OPEN_PR);
        }

        @Test
        void aBranchNumberMustEndAtADashOrTheEnd() {
            PullRequest pr = pr(10, "agent/demo/issue-12", "", PrLane.PENDING);
            Plan plan = plan(world(issues(1, 12), List.of(pr), List.of()));
            assertThat(launched(plan)).containsExactly(I1);
        }
    }

    @Nested
    class HeavySlot {
        @Test
        void onlyOneHeavyIssueRunsAtATime() {
            Issue byLabel = issue(1).labels("playwright").build();
            Issue byTitle = issue(2).title("Fix flaky End-to-End login").build();
            Issue byBody = issue(3).body("The e2e suite fails on CI").build();
            Issue light = issue(4).body("Rename the e2e folder").build();
            Plan plan = plan(world(List.of(byLabel, byTitle, byBody, light), List.of(), List.of()));
            assertThat(launched(plan)).containsExactly(I1, ItemRef.issue(4));
            assertThat(plan.launches().get(0).traits()).containsExactly("heavy");
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.HEAVY_SLOT_BUSY);
            assertThat(reasonOf(plan, I3)).isEqualTo(WaitReason.HEAVY_SLOT_BUSY);
            assertThat(plan.counts().heavyDeferred()).isEqualTo(2);
        }

        @Test
        void aRunningHeavyWorkerTakesTheSlot() {
            WorkerRun heavyRun = new WorkerRun("r1", Lane.IMPLEMENT, ItemRef.issue(90), RunPhase.RUNNING, NOW, null,
                    true, false, false, null, null, null);
            Plan plan = plan(world(List.of(issue(1).labels("e2e").build()), List.of(), List.of(heavyRun)));
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.HEAVY_SLOT_BUSY);
        }
    }

    @Nested
    class Recurring {
        private List<Issue> recurring(int... numbers) {
            List<Issue> list = new ArrayList<>();
            for (int n : numbers) {
                list.add(issue(n).labels("agent-keep-open").build());
            }
            return list;
        }

        @Test
        void rotationStartsAfterTheLastLaunchedAndWraps() {
            Profile oneAtATime = withLimits(Map.of("maxRecurringWorkers", 1));
            Plan plan = plan(oneAtATime, world(recurring(1, 2, 3), List.of(), List.of()), state().pointer(2).build());
            assertThat(launched(plan)).containsExactly(I3);
            assertThat(plan.recurringPointer()).isEqualTo(3);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.RECURRING_CAP);

            Plan next = plan(oneAtATime, world(recurring(1, 2, 3), List.of(), List.of()), state().pointer(3).build());
            assertThat(launched(next)).containsExactly(I1);
        }

        @Test
        void nonRecurringIssuesComeFirst() {
            List<Issue> all = new ArrayList<>(recurring(1));
            all.add(issue(2).build());
            Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 1)), world(all, List.of(), List.of()),
                    PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I2);
        }

        @Test
        void aSingleRecurringIssueStillRotates() {
            Plan plan = plan(PROFILE, world(recurring(5), List.of(), List.of()), state().pointer(5).build());
            assertThat(launched(plan)).containsExactly(ItemRef.issue(5));
        }

        @Test
        void tooManyOpenAgentPrsHoldRecurringWork() {
            Profile cap = withLimits(Map.of("maxOpenAgentPrsForRecurring", 2));
            List<PullRequest> prs = List.of(agentPr(10, PrLane.PENDING), agentPr(11, PrLane.PENDING));
            List<Issue> all = new ArrayList<>(recurring(1));
            all.add(issue(2).build());
            Plan plan = plan(cap, world(all, prs, List.of()), PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I2);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.OPEN_AGENT_PR_CAP);
        }
    }

    @Nested
    class Scheduled {
        @Test
        void aDueScheduledIssueLaunchesFirstAndGetsItsNextDueTime() {
            Issue report = issue(1).body("Check the health endpoint.\nAgent schedule: every 4h\n").build();
            Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 1)),
                    world(List.of(issue(2).created(Instant.EPOCH).build(), report), List.of(), List.of()),
                    PlannerState.empty());
            assertThat(launched(plan)).containsExactly(I1);
            Launch launch = plan.launches().get(0);
            assertThat(launch.lane()).isEqualTo(Lane.SCHEDULED);
            assertThat(launch.nextDueAt()).isEqualTo(NOW.plusSeconds(4 * 3600));
            assertThat(launch.traits()).contains("scheduled");
        }

        @Test
        void notDueWaitsUntilItsTime() {
            Issue report = issue(1).body("Cadence: 30m").build();
            Instant due = NOW.plusSeconds(600);
            Plan plan = plan(PROFILE, world(List.of(report), List.of(), List.of()), state().schedule(1, 1800, due)
                    .build());
            Wait wait = plan.waitOf(I1).orElseThrow();
            assertThat(wait.reason()).isEqualTo(WaitReason.SCHEDULE_NOT_DUE);
            assertThat(wait.until()).isEqualTo(due);
        }

        @Test
        void scheduledIssuesSkipTheRetryGate() {
            Issue report = issue(1).body("Schedule: 1d").build();
            Plan plan = plan(PROFILE, world(List.of(report), List.of(), List.of()),
                    state().retry(I1, 3, NOW.plusSeconds(3600), "timeout", null).build());
            assertThat(launched(plan)).containsExactly(I1);
        }

        @Test
        void theEarliestDueGoesFirstAndTheCapHolds() {
            Issue a = issue(1).body("Agent schedule: every 1h").build();
            Issue b = issue(2).body("Agent schedule: every 1h").build();
            Issue c = issue(3).body("Agent schedule: every 1h").build();
            PlannerState st = state().schedule(1, 3600, NOW.minusSeconds(10)).schedule(2, 3600, NOW.minusSeconds(500))
                    .schedule(3, 3600, NOW.minusSeconds(100)).build();
            Plan plan = plan(PROFILE, world(List.of(a, b, c), List.of(), List.of()), st);
            assertThat(launched(plan)).containsExactly(I2, I3);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.SCHEDULED_CAP);
            assertThat(plan.launches().get(0).nextDueAt()).isEqualTo(NOW.minusSeconds(500).plusSeconds(3600));
        }

        @Test
        void heavyScheduledIssuesHaveTheirOwnCap() {
            Issue a = issue(1).title("Nightly playwright smoke").body("Agent schedule: every 1h").build();
            Issue b = issue(2).title("Nightly playwright smoke 2").body("Agent schedule: every 1h").build();
            Plan plan = plan(world(List.of(a, b), List.of(), List.of()));
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.HEAVY_SLOT_BUSY);
        }

        @Test
        void zeroScheduledWorkersDisablesTheLane() {
            Issue report = issue(1).body("Agent schedule: every 1h").build();
            Plan plan = plan(withLimits(Map.of("maxScheduledWorkers", 0)), world(List.of(report), List.of(),
                    List.of()), PlannerState.empty());
            assertThat(plan.waitOf(I1).orElseThrow().detail()).contains("disabled");
        }
    }

    @Nested
    class PullRequests {
        @Test
        void lanesLaunchInPriorityOrder() {
            List<PullRequest> prs = List.of(agentPr(1, PrLane.CI_REFRESH), agentPr(2, PrLane.FIX),
                    agentPr(3, PrLane.MERGE_REPAIR), agentPr(4, PrLane.AUTOMERGE), agentPr(5, PrLane.DOUBLE_CHECK_1),
                    agentPr(6, PrLane.DOUBLE_CHECK_2));
            Plan plan = plan(withLimits(Map.of("doubleCheckFastLaunches", 0)), world(List.of(), prs, List.of()),
                    PlannerState.empty());
            assertThat(plan.launches()).extracting(Launch::lane).containsExactly(Lane.DOUBLE_CHECK_2,
                    Lane.DOUBLE_CHECK_1, Lane.AUTOMERGE, Lane.MERGE_REPAIR, Lane.FIX, Lane.CI_REFRESH);
            assertThat(plan.launches().get(0).rule()).isEqualTo("first-pr");
            assertThat(plan.launches().get(1).rule()).isEqualTo("pr-fill");
        }

        @Test
        void lanesThatNeverLaunchExplainThemselves() {
            List<PullRequest> prs = List.of(agentPr(1, PrLane.PENDING), agentPr(2, PrLane.BLOCKED),
                    agentPr(3, PrLane.HUMAN_REVIEW), agentPr(4, PrLane.IGNORE));
            Plan plan = plan(world(List.of(), prs, List.of()));
            assertThat(plan.launches()).isEmpty();
            assertThat(plan.waits()).extracting(Wait::reason).containsExactly(WaitReason.LANE_PENDING,
                    WaitReason.LANE_BLOCKED, WaitReason.HUMAN_REVIEW, WaitReason.LANE_IGNORE);
            assertThat(plan.counts().pendingHumanReview()).isEqualTo(1);
        }

        @Test
        void anOperatorOverrideWinsOverTheAssessment() {
            Plan plan = plan(PROFILE, world(List.of(), List.of(agentPr(1, PrLane.PENDING)), List.of()),
                    state().override(1, PrLane.FIX).build());
            assertThat(plan.launches()).extracting(Launch::lane).containsExactly(Lane.FIX);
        }

        @Test
        void doubleChecksTakeTheFastPathBeforeScheduledWorkIsOutOfBudget() {
            List<PullRequest> prs = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                prs.add(agentPr(n, n % 2 == 0 ? PrLane.DOUBLE_CHECK_2 : PrLane.DOUBLE_CHECK_1));
            }
            prs.add(agentPr(6, PrLane.FIX));
            Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 4)), world(issues(20), prs, List.of()),
                    PlannerState.empty());
            assertThat(plan.launches()).extracting(Launch::rule).containsExactly("double-check-fast-path",
                    "double-check-fast-path", "double-check-fast-path", "first-pr");
            assertThat(launched(plan)).containsExactly(ItemRef.pr(2), ItemRef.pr(4), ItemRef.pr(1), ItemRef.pr(3));
            assertThat(reasonOf(plan, ItemRef.issue(20))).isEqualTo(WaitReason.LAUNCH_LIMIT);
        }

        @Test
        void onePrLaunchesBeforeAnyIssue() {
            Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 1)),
                    world(issues(1), List.of(agentPr(7, PrLane.FIX)), List.of()), PlannerState.empty());
            assertThat(launched(plan)).containsExactly(ItemRef.pr(7));
        }

        @Test
        void prCapacityIsSeparateFromTotalCapacity() {
            Profile limits = withLimits(Map.of("maxPrWorkers", 1, "maxWorkers", 5));
            Plan plan = plan(limits, world(issues(1), List.of(agentPr(7, PrLane.FIX), agentPr(8, PrLane.FIX)),
                    List.of()), PlannerState.empty());
            assertThat(launched(plan)).containsExactly(ItemRef.pr(7), I1);
            assertThat(reasonOf(plan, ItemRef.pr(8))).isEqualTo(WaitReason.PR_CAPACITY_FULL);
        }

        @Test
        void ciRefreshSpendsBudgetButNoWorkerSlot() {
            Profile limits = withLimits(Map.of("maxPrWorkers", 1, "maxLaunchesPerHeartbeat", 5));
            List<WorkerRun> runs = List.of(run("r1", Lane.FIX, ItemRef.pr(90), RunPhase.RUNNING));
            Plan plan = plan(limits, world(List.of(), List.of(agentPr(7, PrLane.CI_REFRESH),
                    agentPr(8, PrLane.FIX)), runs), PlannerState.empty());
            assertThat(launched(plan)).containsExactly(ItemRef.pr(7));
            assertThat(plan.counts().runningPrs()).isEqualTo(1);
            assertThat(plan.counts().launchBudgetRemaining()).isEqualTo(4);
        }

        @Test
        void prRetryCooldownIsCounted() {
            Plan plan = plan(PROFILE, world(List.of(), List.of(agentPr(7, PrLane.FIX)), List.of()),
                    state().retry(ItemRef.pr(7), 1, NOW.plusSeconds(60), "fix-failed", null).build());
            assertThat(reasonOf(plan, ItemRef.pr(7))).isEqualTo(WaitReason.RETRY_COOLDOWN);
            assertThat(plan.counts().retryDeferredPrs()).isEqualTo(1);
        }
    }

    @Nested
    class Reservation {
        @Test
        void prBacklogReservesSlotsThatIssuesCannotTake() {
            // 6 workers, 1 PR launches first, 3 more wait in the PR backlog for PR capacity 1.
            Profile limits = withLimits(Map.of("maxWorkers", 6, "maxPrWorkers", 4, "doubleCheckFastLaunches", 0));
            List<PullRequest> prs = List.of(agentPr(1, PrLane.FIX), agentPr(2, PrLane.FIX), agentPr(3, PrLane.FIX),
                    agentPr(4, PrLane.FIX), agentPr(5, PrLane.FIX));
            Plan plan = plan(limits, world(issues(10, 11, 12, 13, 14, 15), prs, List.of()), PlannerState.empty());
            // after the first PR: backlog 4, reserved = min(max(4,0), 4, 4-1, 6-1) = 3, issue limit = 6-3 = 3
            assertThat(plan.counts().prBacklogEligible()).isEqualTo(4);
            assertThat(plan.counts().prReservedSlots()).isEqualTo(3);
            assertThat(plan.counts().issueCapacityLimit()).isEqualTo(3);
            assertThat(plan.launches()).extracting(Launch::item).containsExactly(ItemRef.pr(1), ItemRef.issue(10),
                    ItemRef.issue(11), ItemRef.pr(2), ItemRef.pr(3), ItemRef.pr(4));
            assertThat(plan.waitOf(ItemRef.issue(12)).orElseThrow().detail()).contains("3 reserved for PRs");
        }

        @Test
        void theWholeDoubleCheckBacklogIsReservedAboveTheFloor() {
            Profile limits = withLimits(Map.of("maxWorkers", 20, "maxPrWorkers", 12, "doubleCheckFastLaunches", 0,
                    "maxLaunchesPerHeartbeat", 1));
            List<PullRequest> prs = new ArrayList<>();
            for (int n = 1; n <= 7; n++) {
                prs.add(agentPr(n, PrLane.DOUBLE_CHECK_1));
            }
            Plan plan = plan(limits, world(List.of(), prs, List.of()), PlannerState.empty());
            assertThat(plan.counts().prReservedSlots()).isEqualTo(6);
            assertThat(plan.counts().issueCapacityLimit()).isEqualTo(14);
        }

        @Test
        void theIssueLimitNeverDropsBelowWhatIsRunning() {
            Profile limits = withLimits(Map.of("maxWorkers", 4, "doubleCheckFastLaunches", 0,
                    "maxLaunchesPerHeartbeat", 1));
            List<WorkerRun> runs = List.of(run("a", Lane.IMPLEMENT, ItemRef.issue(90), RunPhase.RUNNING),
                    run("b", Lane.IMPLEMENT, ItemRef.issue(91), RunPhase.RUNNING),
                    run("c", Lane.IMPLEMENT, ItemRef.issue(92), RunPhase.RUNNING));
            List<PullRequest> prs = List.of(agentPr(1, PrLane.FIX), agentPr(2, PrLane.FIX), agentPr(3, PrLane.FIX));
            Plan plan = plan(limits, world(List.of(), prs, runs), PlannerState.empty());
            assertThat(plan.counts().issueCapacityLimit()).isEqualTo(4);
        }
    }

    @Nested
    class BlockedRecovery {
        @Test
        void aBlockedIssueWithARecordedReasonIsRecovered() {
            Issue blocked = issue(1).labels("agent-blocked").build();
            Plan plan = plan(PROFILE, world(List.of(blocked), List.of(), List.of()),
                    state().retry(I1, 1, NOW.minusSeconds(1), "provider-quota-limit", null).build());
            Launch launch = plan.launches().get(0);
            assertThat(launch.lane()).isEqualTo(Lane.BLOCKED_RECOVERY);
            assertThat(launch.rule()).isEqualTo("blocked-recovery:provider-quota-limit");
            assertThat(launch.recoveryDueAt()).isEqualTo(NOW.plusSeconds(900));
        }

        @Test
        void theReasonIsInferredFromTheBlockerComment() {
            Issue blocked = issue(1).labels("agent-blocked")
                    .blocker("# Blocker: publish\nFailure reason: `scope-guard-blocked`").build();
            Plan plan = plan(world(List.of(blocked), List.of(), List.of()));
            assertThat(plan.launches().get(0).rule()).isEqualTo("blocked-recovery:scope-guard-blocked");
        }

        @Test
        void aGenericWorkerBlockFallsBackToTheComment() {
            Issue blocked = issue(1).labels("agent-blocked").build();
            Plan plan = plan(PROFILE, world(List.of(blocked), List.of(), List.of()),
                    state().retry(I1, 1, NOW.minusSeconds(1), "issue-worker-blocked", null).build());
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BLOCKED_MANUALLY);
        }

        @Test
        void theBaselineGateHoldsUntilTheDefaultBranchMoves() {
            Issue blocked = issue(1).labels("agent-blocked").build();
            PlannerState st = state().retry(I1, 1, NOW.minusSeconds(1), "no-publishable-delta", "base-sha-1").build();
            Plan held = plan(PROFILE, world(List.of(blocked), List.of(), List.of()), st);
            assertThat(reasonOf(held, I1)).isEqualTo(WaitReason.BASELINE_UNCHANGED);

            var moved = new io.agentcontrolplane.core.world.World("base-sha-2", List.of(blocked), List.of(),
                    List.of(), "live");
            assertThat(launched(plan(PROFILE, moved, st))).containsExactly(I1);
        }

        @Test
        void theBaselineGateAlsoHoldsReadyIssues() {
            PlannerState st = state().retry(I1, 1, NOW.minusSeconds(1), "verification-guard-blocked", "base-sha-1")
                    .build();
            Plan plan = plan(PROFILE, world(issues(1), List.of(), List.of()), st);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BASELINE_UNCHANGED);
        }

        @Test
        void recoveryWaitsForItsCooldownAndItsCap() {
            Issue a = issue(1).labels("agent-blocked").blocker("# Blocker: odd").build();
            Issue b = issue(2).labels("agent-blocked").blocker("# Blocker: odd").build();
            Issue c = issue(3).labels("agent-blocked").blocker("# Blocker: odd").build();
            PlannerState st = state().blockedDue(1, NOW.plusSeconds(60)).build();
            Plan plan = plan(PROFILE, world(List.of(a, b, c), List.of(), List.of()), st);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BLOCKED_RECOVERY_NOT_DUE);
            assertThat(launched(plan)).containsExactly(I2);
            assertThat(reasonOf(plan, I3)).isEqualTo(WaitReason.BLOCKED_RECOVERY_CAP);
        }

        @Test
        void zeroWorkersDisablesRecovery() {
            Issue a = issue(1).labels("agent-blocked").blocker("# Blocker: odd").build();
            Plan plan = plan(withLimits(Map.of("maxBlockedRecoveryWorkers", 0)), world(List.of(a), List.of(),
                    List.of()), PlannerState.empty());
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BLOCKED_RECOVERY_DISABLED);
        }
    }

    @Nested
    class ExclusiveLock {
        @Test
        void aRunningExclusiveItemStopsEverythingElse() {
            List<WorkerRun> runs = List.of(run("x", Lane.IMPLEMENT, ItemRef.issue(9), RunPhase.RUNNING));
            Issue exclusive = issue(9).labels("agent-exclusive").build();
            Plan plan = plan(world(List.of(exclusive, issue(1).build()), List.of(agentPr(5, PrLane.FIX)), runs));
            assertThat(plan.launches()).isEmpty();
            assertThat(plan.exclusiveLock().state()).isEqualTo("running");
            assertThat(plan.exclusiveLock().item()).isEqualTo(ItemRef.issue(9));
            Wait wait = plan.waitOf(I1).orElseThrow();
            assertThat(wait.reason()).isEqualTo(WaitReason.EXCLUSIVE_LOCK);
            assertThat(wait.blocker()).isEqualTo(ItemRef.issue(9));
            assertThat(reasonOf(plan, ItemRef.pr(5))).isEqualTo(WaitReason.EXCLUSIVE_LOCK);
        }

        @Test
        void thePendingExclusiveItemLaunchesAlone() {
            Issue exclusive = issue(3).labels("agent-exclusive").build();
            Plan plan = plan(world(List.of(issue(1).build(), issue(2).build(), exclusive), List.of(), List.of()));
            assertThat(launched(plan)).containsExactly(I3);
            assertThat(plan.launches().get(0).traits()).contains("exclusive");
            assertThat(plan.exclusiveLock().reason()).isEqualTo("launched");
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.EXCLUSIVE_LOCK);
        }

        @Test
        void anExclusivePrGoesBeforeAnExclusiveIssueAndHoldsEvenWhenItCannotLaunch() {
            Issue exclusive = issue(3).labels("agent-exclusive").build();
            PullRequest waiting = agentPr(8, PrLane.PENDING, "agent-exclusive");
            Plan plan = plan(world(List.of(issue(1).build(), exclusive), List.of(waiting), List.of()));
            assertThat(plan.launches()).isEmpty();
            assertThat(plan.exclusiveLock().item()).isEqualTo(ItemRef.pr(8));
            assertThat(plan.exclusiveLock().reason()).isEqualTo("lane-pending");
        }

        @Test
        void aHumanReviewPrNeverHoldsTheLock() {
            PullRequest review = agentPr(8, PrLane.HUMAN_REVIEW, "agent-exclusive");
            Plan plan = plan(world(issues(1), List.of(review), List.of()));
            assertThat(plan.exclusiveLock()).isNull();
            assertThat(launched(plan)).containsExactly(I1);
        }

        @Test
        void aPendingExclusiveItemWaitsForCapacityWithItsReason() {
            List<WorkerRun> runs = List.of(run("a", Lane.IMPLEMENT, ItemRef.issue(90), RunPhase.RUNNING));
            Issue exclusive = issue(3).labels("agent-exclusive").build();
            Plan plan = plan(withLimits(Map.of("maxWorkers", 1)), world(List.of(exclusive), List.of(), runs),
                    PlannerState.empty());
            assertThat(plan.exclusiveLock().reason()).isEqualTo("capacity-full");
        }

        /** Found by PlannerPropertiesTest.anExclusiveItemRunsAlone: recovery launched it beside a ready issue. */
        @Test
        void aBlockedExclusiveIssueDueForRecoveryLaunchesAlone() {
            Issue blocked = issue(1).labels("agent-blocked", "agent-exclusive").build();
            PlannerState st = state().retry(I1, 1, NOW.minusSeconds(60), "worker-exit-failed", null).build();
            Plan plan = plan(PROFILE, world(List.of(blocked, issue(2).build()), List.of(), List.of()), st);
            assertThat(launched(plan)).containsExactly(I1);
            assertThat(plan.launches().get(0).lane()).isEqualTo(Lane.BLOCKED_RECOVERY);
            assertThat(plan.exclusiveLock().item()).isEqualTo(I1);
            assertThat(plan.exclusiveLock().reason()).isEqualTo("launched");
            assertThat(reasonOf(plan, I2)).isEqualTo(WaitReason.EXCLUSIVE_LOCK);
        }

        @Test
        void aBlockedExclusiveIssueThatIsNotRecoverableHoldsNothing() {
            Issue manual = issue(1).labels("agent-blocked", "agent-exclusive").build();
            Issue notDue = issue(3).labels("agent-blocked", "agent-exclusive").blocker("# Blocker: red").build();
            PlannerState st = state().blockedDue(3, NOW.plusSeconds(600)).build();
            Plan plan = plan(PROFILE, world(List.of(manual, issue(2).build(), notDue), List.of(), List.of()), st);
            assertThat(plan.exclusiveLock()).isNull();
            assertThat(launched(plan)).containsExactly(I2);
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BLOCKED_MANUALLY);
            assertThat(reasonOf(plan, I3)).isEqualTo(WaitReason.BLOCKED_RECOVERY_NOT_DUE);
        }
    }

    @Nested
    class Gates {
        @Test
        void anAllCoolingProviderLaunchesNothing() {
            Instant until = NOW.plusSeconds(900);
            Plan plan = plan(PROFILE, world(issues(1), List.of(agentPr(5, PrLane.FIX)), List.of()),
                    state().provider("codex", until, "provider-quota-limit").build());
            assertThat(plan.launches()).isEmpty();
            assertThat(plan.provider().open()).isFalse();
            assertThat(plan.provider().selection()).isEqualTo("all-cooldown");
            Wait wait = plan.waitOf(I1).orElseThrow();
            assertThat(wait.reason()).isEqualTo(WaitReason.PROVIDER_COOLDOWN);
            assertThat(wait.until()).isEqualTo(until);
            assertThat(reasonOf(plan, ItemRef.pr(5))).isEqualTo(WaitReason.PROVIDER_COOLDOWN);
        }

        @Test
        void poolsFailOverInOrderAndTheSoonestIsNamedWhenAllCool() {
            Profile pooled = PROFILE.withAgent(new Profile.AgentSettings("claude", Map.of(), List.of(
                    new Profile.ProviderPool("primary", "claude", "sonnet"),
                    new Profile.ProviderPool("fallback", "openclaw", "qwen/Qwen3:free"))));
            Plan failover = plan(pooled, world(issues(1), List.of(), List.of()),
                    state().provider("claude-sonnet", NOW.plusSeconds(60), "quota").build());
            assertThat(failover.provider().pool()).isEqualTo("fallback");
            assertThat(failover.provider().providerKey()).isEqualTo("openclaw-qwen-qwen3-free");
            assertThat(failover.launches().get(0).provider()).isEqualTo("fallback");

            Plan cooling = plan(pooled, world(issues(1), List.of(), List.of()),
                    state().provider("claude-sonnet", NOW.plusSeconds(600), "quota")
                            .provider("openclaw-qwen-qwen3-free", NOW.plusSeconds(60), "quota").build());
            assertThat(cooling.launches()).isEmpty();
            assertThat(cooling.provider().pool()).isEqualTo("fallback");
            assertThat(cooling.provider().until()).isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void aRateLimitedGithubLaunchesNothing() {
            Plan plan = plan(PROFILE, world(issues(1), List.of(), List.of()), state().github(NOW.plusSeconds(30))
                    .build());
            assertThat(plan.launches()).isEmpty();
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.GITHUB_COOLDOWN);
        }
    }

    @Nested
    class LifetimeBudget {
        private final Instant past = NOW.minusSeconds(86_400);

        @Test
        void anIssueOverItsAttemptsGetsTheLabelAndWaits() {
            var st = state();
            for (int i = 0; i < 6; i++) {
                st.run(Fixtures.finished("r" + i, Lane.IMPLEMENT, I1, RunPhase.FAILED, past.plusSeconds(i * 60L), 1));
            }
            Plan plan = plan(PROFILE, world(issues(1), List.of(), List.of()), st.build());
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.BUDGET_EXHAUSTED);
            assertThat(plan.waitOf(I1).orElseThrow().detail()).startsWith("6/6 attempts, 6/180 agent minutes");
            assertThat(plan.effects()).extracting(Effect::kind).containsExactly(Effect.Kind.ADD_LABEL);
            assertThat(plan.effects().get(0).label()).isEqualTo("agent-needs-human");

            Plan labelSeen = plan(PROFILE, world(List.of(issue(1).labels("agent-needs-human").build()), List.of(),
                    List.of()), st.build());
            assertThat(reasonOf(labelSeen, I1)).isEqualTo(WaitReason.BUDGET_EXHAUSTED);
            assertThat(labelSeen.effects()).extracting(Effect::kind)
                    .containsExactly(Effect.Kind.RECORD_BUDGET_LABELLED);
        }

        @Test
        void agentMinutesCountAcrossLanesIncludingTheRunningOne() {
            Profile tight = PROFILE.withBudget(new Profile.Budget(100, 60));
            var st = state().run(Fixtures.finished("r1", Lane.FIX, ItemRef.pr(5), RunPhase.FAILED, past, 40))
                    .run(Fixtures.finished("r2", Lane.DOUBLE_CHECK_1, ItemRef.pr(5), RunPhase.SUCCEEDED, past, 15));
            Plan plan = plan(tight, world(List.of(), List.of(agentPr(5, PrLane.FIX)), List.of()), st.build());
            assertThat(launched(plan)).containsExactly(ItemRef.pr(5));
            st.run(Fixtures.finished("r3", Lane.MERGE_REPAIR, ItemRef.pr(5), RunPhase.FAILED, past, 5));
            Plan over = plan(tight, world(List.of(), List.of(agentPr(5, PrLane.FIX)), List.of()), st.build());
            assertThat(reasonOf(over, ItemRef.pr(5))).isEqualTo(WaitReason.BUDGET_EXHAUSTED);
        }

        @Test
        void removingTheLabelGrantsAFreshBudget() {
            var st = state().mark(I1, past, null);
            for (int i = 0; i < 6; i++) {
                st.run(Fixtures.finished("r" + i, Lane.IMPLEMENT, I1, RunPhase.FAILED, past.minusSeconds(600), 1));
            }
            Plan labelled = plan(PROFILE, world(List.of(issue(1).labels("agent-needs-human").build()), List.of(),
                    List.of()), st.build());
            assertThat(reasonOf(labelled, I1)).isEqualTo(WaitReason.BUDGET_EXHAUSTED);
            assertThat(labelled.effects()).isEmpty();

            Plan removed = plan(PROFILE, world(issues(1), List.of(), List.of()), st.build());
            assertThat(launched(removed)).containsExactly(I1);
            assertThat(removed.effects()).extracting(Effect::kind).containsExactly(Effect.Kind.RESET_BUDGET);

            Plan afterReset = plan(PROFILE, world(issues(1), List.of(), List.of()),
                    st.mark(I1, null, NOW.minusSeconds(1)).build());
            assertThat(launched(afterReset)).containsExactly(I1);
            assertThat(afterReset.effects()).isEmpty();
        }

        @Test
        void aHumanCanParkAnItemWithTheLabel() {
            Plan plan = plan(world(List.of(issue(1).labels("agent-needs-human").build()), List.of(), List.of()));
            assertThat(reasonOf(plan, I1)).isEqualTo(WaitReason.NEEDS_HUMAN);
        }

        @Test
        void aHealthyRecurringIssueNeverRunsOut() {
            var st = state();
            for (int i = 0; i < 10; i++) {
                st.run(Fixtures.finished("r" + i, Lane.IMPLEMENT, I1, RunPhase.SUCCEEDED,
                        past.plusSeconds(i * 3600L), 5));
            }
            Plan plan = plan(PROFILE, world(List.of(issue(1).labels("agent-keep-open").build()), List.of(),
                    List.of()), st.build());
            assertThat(launched(plan)).containsExactly(I1);
        }
    }

    @Test
    void everyItemIsDecidedExactlyOnce() {
        List<Issue> all = new ArrayList<>(issues(1, 2, 3));
        all.add(issue(4).author("x", Permission.NONE).build());
        List<PullRequest> prs = List.of(agentPr(10, PrLane.FIX), pr(11, "feature", "", PrLane.FIX));
        Plan plan = plan(withLimits(Map.of("maxLaunchesPerHeartbeat", 2)), world(all, prs, List.of()),
                PlannerState.empty());
        List<ItemRef> decided = new ArrayList<>(launched(plan));
        plan.waits().forEach(w -> decided.add(w.item()));
        assertThat(decided).containsExactlyInAnyOrder(I1, I2, I3, ItemRef.issue(4), ItemRef.pr(10), ItemRef.pr(11));
    }
}
