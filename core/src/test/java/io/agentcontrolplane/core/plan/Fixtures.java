package io.agentcontrolplane.core.plan;

import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for planner inputs; every world is on profile {@code demo}. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Profile PROFILE = Profile.defaults("demo", "acme/widgets");

    private Fixtures() {
    }

    static Profile withLimits(Map<String, Integer> values) {
        Profile.Limits d = Profile.Limits.defaults();
        Profile.Limits limits = new Profile.Limits(
                values.getOrDefault("maxWorkers", d.maxWorkers()),
                values.getOrDefault("maxPrWorkers", d.maxPrWorkers()),
                values.getOrDefault("maxHeavyWorkers", d.maxHeavyWorkers()),
                values.getOrDefault("maxRecurringWorkers", d.maxRecurringWorkers()),
                values.getOrDefault("maxScheduledWorkers", d.maxScheduledWorkers()),
                values.getOrDefault("maxScheduledHeavyWorkers", d.maxScheduledHeavyWorkers()),
                values.getOrDefault("maxBlockedRecoveryWorkers", d.maxBlockedRecoveryWorkers()),
                values.getOrDefault("blockedRecoveryCooldownSeconds", d.blockedRecoveryCooldownSeconds()),
                values.getOrDefault("maxOpenAgentPrsForRecurring", d.maxOpenAgentPrsForRecurring()),
                values.getOrDefault("maxLaunchesPerHeartbeat", values.getOrDefault("maxWorkers", d.maxWorkers())),
                values.getOrDefault("doubleCheckFastLaunches", d.doubleCheckFastLaunches()),
                values.getOrDefault("prReservationFloor", d.prReservationFloor()));
        return PROFILE.withLimits(limits);
    }

    static IssueBuilder issue(int number) {
        return new IssueBuilder(number);
    }

    static PullRequest agentPr(int number, PrLane lane, String... labels) {
        return new PullRequest(number, "PR " + number, "", "agent/demo/pr-" + number, "main", "sha" + number,
                List.of(labels), false, "acp-bot", lane, false, NOW);
    }

    static PullRequest pr(int number, String head, String body, PrLane lane, String... labels) {
        return new PullRequest(number, "PR " + number, body, head, "main", "sha" + number, List.of(labels), false,
                "someone", lane, false, NOW);
    }

    static WorkerRun run(String id, Lane lane, ItemRef item, RunPhase phase) {
        return WorkerRun.active(id, lane, item, phase, NOW.minusSeconds(600));
    }

    static WorkerRun finished(String id, Lane lane, ItemRef item, RunPhase phase, Instant start, long minutes) {
        return new WorkerRun(id, lane, item, phase, start, start.plusSeconds(minutes * 60), false, false, false,
                null, null, null);
    }

    static World world(List<Issue> issues, List<PullRequest> prs, List<WorkerRun> runs) {
        return new World("base-sha-1", issues, prs, runs, "live");
    }

    static StateBuilder state() {
        return new StateBuilder();
    }

    static Plan plan(Profile profile, World world, PlannerState state) {
        return HeartbeatPlanner.plan(profile, world, state, NOW);
    }

    static Plan plan(World world) {
        return plan(PROFILE, world, PlannerState.empty());
    }

    static List<ItemRef> launched(Plan plan) {
        return plan.launches().stream().map(Launch::item).toList();
    }

    static WaitReason reasonOf(Plan plan, ItemRef item) {
        return plan.waitOf(item).map(Wait::reason).orElse(null);
    }

    static final class IssueBuilder {
        private final int number;
        private String title;
        private String body = "";
        private final List<String> labels = new ArrayList<>();
        private String author = "maintainer";
        private Permission permission = Permission.WRITE;
        private Instant created;
        private Integer linkedPr;
        private final Map<String, Permission> labelledBy = new HashMap<>();
        private String blocker;

        IssueBuilder(int number) {
            this.number = number;
            this.title = "Issue " + number;
            this.created = NOW.minusSeconds(100_000L - number);
        }

        IssueBuilder title(String t) {
            title = t;
            return this;
        }

        IssueBuilder body(String b) {
            body = b;
            return this;
        }

        IssueBuilder labels(String... ls) {
            labels.addAll(List.of(ls));
            return this;
        }

        IssueBuilder author(String login, Permission p) {
            author = login;
            permission = p;
            return this;
        }

        IssueBuilder created(Instant t) {
            created = t;
            return this;
        }

        IssueBuilder linkedPr(int pr) {
            linkedPr = pr;
            return this;
        }

        IssueBuilder labelledBy(String label, Permission p) {
            labelledBy.put(label, p);
            return this;
        }

        IssueBuilder blocker(String comment) {
            blocker = comment;
            return this;
        }

        Issue build() {
            return new Issue(number, title, body, labels, author, permission, created, linkedPr, labelledBy, blocker);
        }
    }

    static final class StateBuilder {
        private final Map<ItemRef, RetryEntry> retries = new HashMap<>();
        private final Map<String, RetryEntry> providers = new HashMap<>();
        private RetryEntry github;
        private final Map<Integer, ScheduleEntry> schedules = new HashMap<>();
        private final Map<Integer, Instant> blocked = new HashMap<>();
        private Integer pointer;
        private final Map<Integer, PrLane> overrides = new HashMap<>();
        private final List<WorkerRun> runs = new ArrayList<>();
        private final Map<ItemRef, BudgetMark> marks = new HashMap<>();

        StateBuilder retry(ItemRef item, int attempts, Instant next, String reason, String baseline) {
            retries.put(item, new RetryEntry(attempts, next, reason, baseline, NOW));
            return this;
        }

        StateBuilder provider(String key, Instant next, String reason) {
            providers.put(key, new RetryEntry(1, next, reason, null, NOW));
            return this;
        }

        StateBuilder github(Instant next) {
            github = new RetryEntry(1, next, "secondary rate limit", null, NOW);
            return this;
        }

        StateBuilder schedule(int issue, long interval, Instant nextDue) {
            schedules.put(issue, new ScheduleEntry(interval, nextDue.minusSeconds(interval), nextDue));
            return this;
        }

        StateBuilder blockedDue(int issue, Instant due) {
            blocked.put(issue, due);
            return this;
        }

        StateBuilder pointer(int issue) {
            pointer = issue;
            return this;
        }

        StateBuilder override(int pr, PrLane lane) {
            overrides.put(pr, lane);
            return this;
        }

        StateBuilder run(WorkerRun run) {
            runs.add(run);
            return this;
        }

        StateBuilder mark(ItemRef item, Instant labelledAt, Instant resetAt) {
            marks.put(item, new BudgetMark(labelledAt, resetAt));
            return this;
        }

        PlannerState build() {
            return new PlannerState(retries, providers, github, schedules, blocked, pointer, overrides, runs, marks);
        }
    }
}
