package io.agentcontrolplane.core.plan;

import static io.agentcontrolplane.core.plan.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Invariants of {@link HeartbeatPlanner#plan} over random but valid worlds. Every expectation is computed here from
 * the inputs and the plan's launches; the plan's own {@link Counts} are never trusted.
 */
class PlannerPropertiesTest {
    private static final int TRIES = 300;

    private static final Profile.Labels L = Profile.Labels.defaults();
    private static final String OPT_IN = "agent-ready";
    private static final String BASE_SHA = "base-sha-1";

    /** Labels an issue may carry: the profile's own, heavy ones, the opt-in label and a few plain ones. */
    private static final List<String> ISSUE_LABELS = List.of(L.running(), L.blocked(), L.keepOpen(), L.heavy(),
            L.needsHuman(), L.scheduled(), OPT_IN, "e2e", "playwright", "bug", "docs",
            "enhancement", "good first issue", "frontend", "backend", "chore", "security", L.blocked(), L.blocked());
    private static final List<String> PR_LABELS = List.of(L.running(), L.needsHuman(), L.handoff(),
            L.automerge(), L.humanReview(), "dependencies", "frontend", "backend");
    private static final List<String> TITLES = List.of("Tidy the settings page", "Fix login redirect",
            "Flaky e2e checkout test", "Playwright smoke for signup", "End-to-end export", "Document the API");
    private static final List<String> CADENCES = List.of("", "", "", "Agent schedule: every 4h\n",
            "Schedule: 30m\n", "  cadence : every 2 days\r\n", "Schedule: every 0h\n", "Schedule: 4x\n",
            "Intro line\nAgent Schedule: 90 minutes\nmore");
    private static final List<String> BODIES = List.of("", "Steps to reproduce: open the page.",
            "Needs a maestro run on device.", "Write e2e tests for the cart.");
    private static final List<String> BLOCKERS = List.of("", "# Blocker: the tests are red",
            "Why it was blocked: scope-guard-blocked",
            "Host-side publish failed for session s1\nFailure reason: `no-publishable-commits`",
            "Why it was blocked: usage limit reached", "Just a comment, nothing to see");
    private static final List<String> REASONS = List.of("worker-exit-failed", "issue-worker-blocked",
            "verification-guard-blocked", "no-publishable-delta", "timeout", "");
    private static final List<Profile.ProviderPool> POOLS = List.of(
            new Profile.ProviderPool("primary", "codex", null),
            new Profile.ProviderPool("backup", "claude", "sonnet"),
            new Profile.ProviderPool("free", "gemini", "gemini-2.5-pro"));

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    // ---- generated input ------------------------------------------------------------------------------------

    record IssueSpec(Set<String> labels, int title, int cadence, int body, Permission author, Permission optInBy,
            int ageMinutes, int linkedPr, boolean exclusive, int blocker) {
    }

    record PrSpec(int head, int linkedIssue, boolean closingBody, Set<String> labels, PrLane lane,
            boolean agentComment, boolean exclusive) {
    }

    /** A run on the item at {@code target} (issues first, then PRs; beyond both, an item not open). */
    record RunSpec(int target, RunPhase phase, int lane, boolean heavy, boolean recurring, boolean exclusive,
            int where, int ageMinutes) {
    }

    record RetrySpec(int target, int attempts, int offsetMinutes, int reason, boolean sameBaseline) {
    }

    record FinishedSpec(int target, RunPhase phase, int ageMinutes, int minutes) {
    }

    record Scenario(Profile profile, World world, PlannerState state) {
        @Override
        public String toString() {
            return "limits=" + profile.limits() + "\npools=" + profile.agent().pools() + "\nbudget="
                    + profile.budget() + "\nissues=" + world.issues() + "\npulls=" + world.pulls() + "\nruns="
                    + world.runs() + "\nstate=" + state;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return scenarios(25);
    }

    /** Worlds where every fourth issue or PR is exclusive, so locks of every kind are common. */
    @Provide
    Arbitrary<Scenario> exclusiveScenarios() {
        return scenarios(4);
    }

    private Arbitrary<Scenario> scenarios(int exclusiveOneIn) {
        // Zero is a valid value of every limit, just a rarer one.
        Arbitrary<Integer> small = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(5, Arbitraries.integers().between(1, 4)));
        Arbitrary<Integer> workers = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(8, Arbitraries.integers().between(1, 6)));
        Arbitrary<Profile.Limits> limits = Builders.withBuilder(() -> new int[12])
                .use(workers).in((a, v) -> set(a, 0, v))
                .use(small).in((a, v) -> set(a, 1, v))
                .use(small).in((a, v) -> set(a, 2, v))
                .use(small).in((a, v) -> set(a, 3, v))
                .use(small).in((a, v) -> set(a, 4, v))
                .use(small).in((a, v) -> set(a, 5, v))
                .use(small).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.of(0, 60, 900)).in((a, v) -> set(a, 7, v))
                .use(small).in((a, v) -> set(a, 8, v))
                .use(workers).in((a, v) -> set(a, 9, v))
                .use(small).in((a, v) -> set(a, 10, v))
                .use(small).in((a, v) -> set(a, 11, v))
                .build(a -> new Profile.Limits(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10],
                        a[11]));
        Arbitrary<List<Profile.ProviderPool>> pools = Arbitraries.of(POOLS).list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements();
        Arbitrary<Profile.Budget> budget = Combinators.combine(Arbitraries.integers().between(1, 8),
                Arbitraries.of(30, 120, 600)).as(Profile.Budget::new);
        Arbitrary<Permission> permission = Arbitraries.of(Permission.class);
        Arbitrary<Boolean> exclusive = Arbitraries.frequency(Tuple.of(exclusiveOneIn - 1, false), Tuple.of(1, true));

        Arbitrary<IssueSpec> issue = Builders.withBuilder(() -> new Object[9])
                .use(Arbitraries.of(ISSUE_LABELS).set().ofMaxSize(3)).in((a, v) -> put(a, 0, v))
                .use(Arbitraries.integers().between(0, TITLES.size() - 1)).in((a, v) -> put(a, 1, v))
                .use(Arbitraries.integers().between(0, CADENCES.size() - 1)).in((a, v) -> put(a, 2, v))
                .use(Arbitraries.integers().between(0, BODIES.size() - 1)).in((a, v) -> put(a, 3, v))
                .use(Arbitraries.of(Permission.WRITE, Permission.ADMIN, Permission.READ, Permission.NONE,
                        Permission.TRIAGE, Permission.MAINTAIN, Permission.WRITE, Permission.ADMIN))
                .in((a, v) -> put(a, 4, v))
                .use(permission.injectNull(0.5)).in((a, v) -> put(a, 5, v))
                .use(Arbitraries.integers().between(0, 100)).in((a, v) -> put(a, 6, v))
                .use(Arbitraries.integers().between(-1, 30).injectNull(0.9)).in((a, v) -> put(a, 7, v))
                .use(exclusive).in((a, v) -> put(a, 8, v))
                .build(a -> {
                    @SuppressWarnings("unchecked")
                    Set<String> labels = (Set<String>) a[0];
                    return new IssueSpec(labels, (int) a[1], (int) a[2], (int) a[3], (Permission) a[4],
                            (Permission) a[5], (int) a[6], a[7] == null ? -1 : (int) a[7], (boolean) a[8], 0);
                });
        Arbitrary<IssueSpec> issueWithBlocker = Combinators.combine(issue,
                Arbitraries.integers().between(0, BLOCKERS.size() - 1))
                .as((s, b) -> new IssueSpec(s.labels(), s.title(), s.cadence(), s.body(), s.author(), s.optInBy(),
                        s.ageMinutes(), s.linkedPr(), s.exclusive(), b));
        Arbitrary<PrSpec> pr = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 30), Arbitraries.of(true, false, false),
                Arbitraries.of(PR_LABELS).set().ofMaxSize(2), Arbitraries.of(PrLane.class),
                Arbitraries.of(false, false, true), exclusive).as(PrSpec::new);
        Arbitrary<RunSpec> run = Combinators.combine(Arbitraries.integers().between(0, 40),
                Arbitraries.of(RunPhase.class), Arbitraries.integers().between(0, 10), Arbitraries.of(true, false),
                Arbitraries.of(false, false, true), Arbitraries.frequency(Tuple.of(11, false), Tuple.of(1, true)),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 300)).as(RunSpec::new);
        Arbitrary<RetrySpec> retry = Combinators.combine(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(-120, 120),
                Arbitraries.integers().between(0, REASONS.size() - 1), Arbitraries.of(true, false))
                .as(RetrySpec::new);
        Arbitrary<FinishedSpec> finished = Combinators.combine(Arbitraries.integers().between(0, 40),
                Arbitraries.of(RunPhase.SUCCEEDED, RunPhase.FAILED, RunPhase.CANCELLED),
                Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(0, 90))
                .as(FinishedSpec::new);
        Arbitrary<Map<Integer, Integer>> offsets = Arbitraries.maps(Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(-600, 600)).ofMaxSize(8);

        return Builders.withBuilder(ScenarioBuilder::new)
                .use(limits).in((b, v) -> apply(b, () -> b.limits = v))
                .use(pools).in((b, v) -> apply(b, () -> b.pools = v))
                .use(budget).in((b, v) -> apply(b, () -> b.budget = v))
                .use(Arbitraries.of(Permission.WRITE, Permission.TRIAGE, Permission.MAINTAIN))
                .in((b, v) -> apply(b, () -> b.minimumPermission = v))
                .use(issueWithBlocker.list().ofMinSize(1).ofMaxSize(14)
                        .withSizeDistribution(RandomDistribution.uniform()))
                .in((b, v) -> apply(b, () -> b.issues = v))
                .use(pr.list().ofMaxSize(10).withSizeDistribution(RandomDistribution.uniform()))
                .in((b, v) -> apply(b, () -> b.prs = v))
                .use(run.list().ofMaxSize(8)).in((b, v) -> apply(b, () -> b.runs = v))
                .use(retry.list().ofMaxSize(10)).in((b, v) -> apply(b, () -> b.retries = v))
                .use(Arbitraries.maps(Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(-60, 60)).ofMaxSize(2))
                .in((b, v) -> apply(b, () -> b.providerCooldowns = v))
                .use(Arbitraries.integers().between(-60, 60).injectNull(0.8))
                .in((b, v) -> apply(b, () -> b.githubCooldown = v))
                .use(offsets).in((b, v) -> apply(b, () -> b.schedules = v))
                .use(offsets).in((b, v) -> apply(b, () -> b.blockedRecovery = v))
                .use(Arbitraries.integers().between(0, 30).injectNull(0.5)).in((b, v) -> apply(b, () -> b.pointer = v))
                .use(Arbitraries.maps(Arbitraries.integers().between(0, 10), Arbitraries.of(PrLane.class))
                        .ofMaxSize(3)).in((b, v) -> apply(b, () -> b.overrides = v))
                .use(finished.list().ofMaxSize(12)).in((b, v) -> apply(b, () -> b.finished = v))
                .use(Arbitraries.maps(Arbitraries.integers().between(0, 40), Arbitraries.of(true, false))
                        .ofMaxSize(4)).in((b, v) -> apply(b, () -> b.marks = v))
                .build(ScenarioBuilder::build);
    }

    private static <B> B apply(B builder, Runnable assignment) {
        assignment.run();
        return builder;
    }

    private static int[] set(int[] a, int i, int v) {
        a[i] = v;
        return a;
    }

    private static Object[] put(Object[] a, int i, Object v) {
        a[i] = v;
        return a;
    }

    /** Turns specs into a valid world: unique numbers, lanes that fit their items, at most one active run each. */
    static final class ScenarioBuilder {
        Profile.Limits limits;
        List<Profile.ProviderPool> pools;
        Profile.Budget budget;
        Permission minimumPermission;
        List<IssueSpec> issues;
        List<PrSpec> prs;
        List<RunSpec> runs;
        List<RetrySpec> retries;
        Map<Integer, Integer> providerCooldowns;
        Integer githubCooldown;
        Map<Integer, Integer> schedules;
        Map<Integer, Integer> blockedRecovery;
        Integer pointer;
        Map<Integer, PrLane> overrides;
        List<FinishedSpec> finished;
        Map<Integer, Boolean> marks;

        private static final Lane[] ISSUE_LANES = {Lane.IMPLEMENT, Lane.SCHEDULED, Lane.BLOCKED_RECOVERY};
        private static final Lane[] PR_LANES = {Lane.DOUBLE_CHECK_2, Lane.DOUBLE_CHECK_1, Lane.AUTOMERGE,
            Lane.MERGE_REPAIR, Lane.FIX, Lane.CI_REFRESH};

        /** Issues are numbered 1..n, PRs n+1..n+m, items not open after that. */
        private ItemRef item(int target) {
            int n = issues.size();
            int m = prs.size();
            int t = target % (n + m + 2);
            if (t < n) {
                return ItemRef.issue(t + 1);
            }
            if (t < n + m) {
                return ItemRef.pr(t + 1);
            }
            return t == n + m ? ItemRef.issue(900 + target) : ItemRef.pr(950 + target);
        }

        Scenario build() {
            Profile profile = Fixtures.PROFILE.withLimits(limits)
                    .withAgent(new Profile.AgentSettings("codex", Map.of(), pools))
                    .withBudget(budget)
                    .withTrust(new Profile.Trust(minimumPermission, OPT_IN));
            int n = issues.size();
            int m = prs.size();

            List<Issue> issueList = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IssueSpec s = issues.get(i);
                int number = i + 1;
                Map<String, Permission> labelledBy = new HashMap<>();
                if (s.optInBy() != null && s.labels().contains(OPT_IN)) {
                    labelledBy.put(OPT_IN, s.optInBy());
                }
                Integer linked = s.linkedPr() < 0 || m == 0 ? null : n + 1 + s.linkedPr() % m;
                String body = CADENCES.get(s.cadence()) + BODIES.get(s.body());
                String blocker = BLOCKERS.get(s.blocker());
                List<String> labels = new ArrayList<>(s.labels());
                if (s.exclusive()) {
                    labels.add(L.exclusive());
                }
                issueList.add(new Issue(number, TITLES.get(s.title()), body, labels,
                        "user" + number, s.author(), NOW.minusSeconds(60L * (s.ageMinutes() + 1)), linked,
                        labelledBy, blocker.isEmpty() ? null : blocker));
            }

            List<PullRequest> prList = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                PrSpec s = prs.get(j);
                int number = n + 1 + j;
                int issue = n == 0 ? 1 : 1 + s.linkedIssue() % n;
                String head = switch (s.head()) {
                    case 0 -> "agent/demo/issue-" + issue + "-work";
                    case 1 -> "agent/demo/pr-" + number;
                    case 2 -> "codex/issue-" + issue;
                    case 3 -> "openclaw/refactor-" + number;
                    case 4 -> "feature/by-hand-" + number;
                    case 5 -> "agent/demo/issue-" + issue + "0";
                    default -> "dependabot/npm/x-" + number;
                };
                String body = s.closingBody() ? "Summary.\n\nCloses #" + issue : "Summary only.";
                List<String> labels = new ArrayList<>(s.labels());
                if (s.exclusive()) {
                    labels.add(L.exclusive());
                }
                prList.add(new PullRequest(number, "PR " + number, body, head, "main", "sha" + number,
                        labels, false, "bot", s.lane(), s.agentComment(),
                        NOW.minusSeconds(60)));
            }

            // Active runs: the first spec per item wins, so no item has two active runs.
            List<WorkerRun> worldRuns = new ArrayList<>();
            List<WorkerRun> stateRuns = new ArrayList<>();
            Set<ItemRef> withRun = new HashSet<>();
            int id = 0;
            for (RunSpec s : runs) {
                ItemRef item = item(s.target());
                if (!withRun.add(item)) {
                    continue;
                }
                Lane lane = item.kind() == ItemRef.Kind.ISSUE ? ISSUE_LANES[s.lane() % ISSUE_LANES.length]
                        : PR_LANES[s.lane() % PR_LANES.length];
                WorkerRun r = new WorkerRun("run-" + (id++), lane, item, s.phase(),
                        NOW.minusSeconds(60L * s.ageMinutes()), s.phase().terminal() ? NOW : null, s.heavy(),
                        s.recurring(), s.exclusive(), "codex", null, null);
                switch (s.where()) {
                    case 0 -> worldRuns.add(r);
                    case 1 -> stateRuns.add(r);
                    case 2 -> {
                        // The executor's view and a lagging record of the same run.
                        worldRuns.add(r);
                        stateRuns.add(r.withPhase(RunPhase.RUNNING, null));
                    }
                    default -> {
                        worldRuns.add(r);
                        stateRuns.add(r);
                    }
                }
            }
            for (FinishedSpec s : finished) {
                ItemRef item = item(s.target());
                Lane lane = item.kind() == ItemRef.Kind.ISSUE ? Lane.IMPLEMENT : Lane.FIX;
                Instant start = NOW.minusSeconds(60L * (s.ageMinutes() + s.minutes()));
                stateRuns.add(new WorkerRun("done-" + (id++), lane, item, s.phase(), start,
                        start.plusSeconds(60L * s.minutes()), false, false, false, "codex", "done", null));
            }

            Map<ItemRef, RetryEntry> retryMap = new HashMap<>();
            for (RetrySpec s : retries) {
                String reason = REASONS.get(s.reason());
                retryMap.put(item(s.target()), new RetryEntry(s.attempts(), NOW.plusSeconds(60L * s.offsetMinutes()),
                        reason.isEmpty() ? null : reason, s.sameBaseline() ? BASE_SHA : "older-sha", NOW));
            }
            Map<String, RetryEntry> providerMap = new HashMap<>();
            providerCooldowns.forEach((pool, offset) -> providerMap.put(POOLS.get(pool).providerKey(),
                    new RetryEntry(1, NOW.plusSeconds(60L * offset), "usage limit", null, NOW)));
            RetryEntry github = githubCooldown == null ? null
                    : new RetryEntry(1, NOW.plusSeconds(60L * githubCooldown), "secondary rate limit", null, NOW);
            Map<Integer, ScheduleEntry> scheduleMap = new HashMap<>();
            schedules.forEach((i, offset) -> scheduleMap.put(1 + i, new ScheduleEntry(3600,
                    NOW.plusSeconds(60L * offset - 3600), NOW.plusSeconds(60L * offset))));
            Map<Integer, Instant> recoveryMap = new HashMap<>();
            blockedRecovery.forEach((i, offset) -> recoveryMap.put(1 + i, NOW.plusSeconds(60L * offset)));
            Map<Integer, PrLane> overrideMap = new HashMap<>();
            overrides.forEach((j, lane) -> overrideMap.put(n + 1 + j, lane));
            Map<ItemRef, BudgetMark> markMap = new HashMap<>();
            marks.forEach((t, labelled) -> markMap.put(item(t), labelled
                    ? new BudgetMark(NOW.minusSeconds(7200), null)
                    : new BudgetMark(NOW.minusSeconds(7200), NOW.minusSeconds(3600))));

            World world = new World(BASE_SHA, issueList, prList, worldRuns, "live");
            PlannerState state = new PlannerState(retryMap, providerMap, github, scheduleMap, recoveryMap,
                    pointer == null ? null : 1 + pointer, overrideMap, stateRuns, markMap);
            return new Scenario(profile, world, state);
        }
    }

    // ---- independent bookkeeping ----------------------------------------------------------------------------

    /** The runs still going: the executor's report wins over a record of the same run. */
    private static List<WorkerRun> activeRuns(Scenario s) {
        // The executor's phase, with the launch flags of the run's record where there is one.
        Map<String, WorkerRun> records = new HashMap<>();
        s.state().runs().forEach(r -> records.putIfAbsent(r.runId(), r));
        Map<String, WorkerRun> byId = new LinkedHashMap<>();
        for (WorkerRun r : s.world().runs()) {
            WorkerRun record = records.get(r.runId());
            byId.putIfAbsent(r.runId(), record == null ? r : record.withPhase(r.phase(), r.endedAt()));
        }
        for (WorkerRun r : s.state().runs()) {
            byId.putIfAbsent(r.runId(), r);
        }
        return byId.values().stream().filter(r -> !r.phase().terminal()).toList();
    }

    /** Slot counts, computed from active runs plus launches. */
    private static final class Tally {
        int total;
        int prs;
        int heavy;
        int recurring;
        int scheduled;
        int scheduledHeavy;
        int blockedRecovery;
    }

    private static Map<Integer, Issue> issuesByNumber(Scenario s) {
        Map<Integer, Issue> map = new HashMap<>();
        s.world().issues().forEach(i -> map.put(i.number(), i));
        return map;
    }

    private static Map<Integer, PullRequest> prsByNumber(Scenario s) {
        Map<Integer, PullRequest> map = new HashMap<>();
        s.world().pulls().forEach(p -> map.put(p.number(), p));
        return map;
    }

    private static boolean hasExclusiveLabel(Scenario s, ItemRef item) {
        if (item.kind() == ItemRef.Kind.ISSUE) {
            Issue i = issuesByNumber(s).get(item.number());
            return i != null && i.hasLabel(L.exclusive());
        }
        PullRequest p = prsByNumber(s).get(item.number());
        return p != null && p.hasLabel(L.exclusive());
    }

    private static Tally running(Scenario s) {
        IssueTraits traits = new IssueTraits(s.profile());
        Map<Integer, Issue> issues = issuesByNumber(s);
        Tally t = new Tally();
        for (WorkerRun r : activeRuns(s)) {
            if (!r.phase().holdsCapacity() || !r.lane().occupiesWorker()) {
                continue;
            }
            t.total++;
            if (r.lane().isPr()) {
                t.prs++;
                continue;
            }
            Issue issue = issues.get(r.item().number());
            // A recorded run keeps its launch classification (plus labels); an unknown one is classified afresh.
            boolean recorded = s.state().runs().stream().anyMatch(x -> x.runId().equals(r.runId()));
            boolean heavy = r.heavy() || (issue != null
                    && (recorded ? traits.heavyByLabel(issue) : traits.heavy(issue)));
            boolean recurring = r.recurring() || (issue != null && issue.hasLabel(L.keepOpen()));
            t.heavy += heavy ? 1 : 0;
            t.recurring += recurring ? 1 : 0;
            if (r.lane() == Lane.SCHEDULED) {
                t.scheduled++;
                t.scheduledHeavy += heavy ? 1 : 0;
            }
            t.blockedRecovery += r.lane() == Lane.BLOCKED_RECOVERY ? 1 : 0;
        }
        return t;
    }

    private static Plan plan(Scenario s) {
        return HeartbeatPlanner.plan(s.profile(), s.world(), s.state(), NOW);
    }

    // ---- properties -------------------------------------------------------------------------------------------

    /**
     * Guards the generator: each kind of outcome the invariants speak of must actually occur. Thresholds are about
     * half the lowest share seen over many seeds, so the check is not flaky.
     */
    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    @StatisticsReport(onFailureOnly = true)
    void theGeneratorReachesEveryKindOfOutcome(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        Set<Lane> lanes = new HashSet<>();
        plan.launches().forEach(l -> lanes.add(l.lane()));
        Set<WaitReason> reasons = new HashSet<>();
        plan.waits().forEach(w -> reasons.add(w.reason()));
        String lock = plan.exclusiveLock() == null ? "none" : plan.exclusiveLock().state();
        Statistics.label("launches").collect(!plan.launches().isEmpty());
        Statistics.label("scheduled launch").collect(lanes.contains(Lane.SCHEDULED));
        Statistics.label("blocked-recovery launch").collect(lanes.contains(Lane.BLOCKED_RECOVERY));
        Statistics.label("PR launch").collect(lanes.stream().anyMatch(Lane::isPr));
        Statistics.label("exclusive lock").collect(lock);
        Statistics.label("retry held").collect(reasons.contains(WaitReason.RETRY_COOLDOWN));
        Statistics.label("capacity held").collect(reasons.contains(WaitReason.CAPACITY_FULL));
        Statistics.label("cooling").collect(reasons.contains(WaitReason.PROVIDER_COOLDOWN)
                || reasons.contains(WaitReason.GITHUB_COOLDOWN));
        Statistics.label("launches").coverage(c -> c.check(true).percentage(p -> p >= 15));
        Statistics.label("scheduled launch").coverage(c -> c.check(true).percentage(p -> p >= 3));
        Statistics.label("blocked-recovery launch").coverage(c -> c.check(true).percentage(p -> p >= 0.5));
        Statistics.label("PR launch").coverage(c -> c.check(true).percentage(p -> p >= 8));
        Statistics.label("exclusive lock").coverage(c -> {
            c.check("running").percentage(p -> p >= 3);
            c.check("pending").percentage(p -> p >= 3);
        });
        Statistics.label("retry held").coverage(c -> c.check(true).percentage(p -> p >= 6));
        Statistics.label("capacity held").coverage(c -> c.check(true).percentage(p -> p >= 3));
        Statistics.label("cooling").coverage(c -> c.check(true).percentage(p -> p >= 3));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void launchesStayWithinTheLaunchBudget(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        assertThat(plan.launches().size()).isLessThanOrEqualTo(s.profile().limits().maxLaunchesPerHeartbeat());
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void launchesNeverPushACountOverItsCap(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        Profile.Limits lim = s.profile().limits();
        IssueTraits traits = new IssueTraits(s.profile());
        Map<Integer, Issue> issues = issuesByNumber(s);
        Tally before = running(s);
        Tally added = new Tally();
        int nonScheduledHeavy = 0;
        int nonScheduledRecurring = 0;
        for (Launch l : plan.launches()) {
            if (l.lane().occupiesWorker()) {
                added.total++;
            }
            if (l.lane().isPr()) {
                added.prs += l.lane().occupiesWorker() ? 1 : 0;
                continue;
            }
            Issue issue = issues.get(l.item().number());
            boolean heavy = traits.heavy(issue);
            boolean recurring = issue.hasLabel(L.keepOpen());
            assertThat(l.hasTrait(HeartbeatPlanner.TRAIT_HEAVY)).as("heavy trait of %s", l.item()).isEqualTo(heavy);
            added.heavy += heavy ? 1 : 0;
            added.recurring += recurring ? 1 : 0;
            if (l.lane() == Lane.SCHEDULED) {
                added.scheduled++;
                added.scheduledHeavy += heavy ? 1 : 0;
            } else {
                nonScheduledHeavy += heavy ? 1 : 0;
                nonScheduledRecurring += recurring ? 1 : 0;
            }
            added.blockedRecovery += l.lane() == Lane.BLOCKED_RECOVERY ? 1 : 0;
        }
        if (added.total > 0) {
            assertThat(before.total + added.total).as("workers").isLessThanOrEqualTo(lim.maxWorkers());
        }
        if (added.prs > 0) {
            assertThat(before.prs + added.prs).as("PR workers").isLessThanOrEqualTo(lim.maxPrWorkers());
        }
        if (added.scheduled > 0) {
            assertThat(before.scheduled + added.scheduled).as("scheduled workers")
                    .isLessThanOrEqualTo(lim.maxScheduledWorkers());
        }
        if (added.scheduledHeavy > 0) {
            assertThat(before.scheduledHeavy + added.scheduledHeavy).as("scheduled heavy workers")
                    .isLessThanOrEqualTo(lim.maxScheduledHeavyWorkers());
        }
        // Scheduled launches answer only to the scheduled caps (as in the original) and come first; any later
        // heavy or recurring launch was checked against the total including them.
        if (nonScheduledHeavy > 0) {
            assertThat(before.heavy + added.heavy).as("heavy workers").isLessThanOrEqualTo(lim.maxHeavyWorkers());
        }
        if (nonScheduledRecurring > 0) {
            assertThat(before.recurring + added.recurring).as("recurring workers")
                    .isLessThanOrEqualTo(lim.maxRecurringWorkers());
            int cap = lim.maxOpenAgentPrsForRecurring();
            if (cap > 0) {
                IssueLinks links = new IssueLinks(s.profile());
                long open = s.world().pulls().stream().filter(links::isManaged).count();
                assertThat(open).as("open agent PRs under recurring launches").isLessThan(cap);
            }
        }
        if (added.blockedRecovery > 0) {
            assertThat(before.blockedRecovery + added.blockedRecovery).as("blocked-recovery workers")
                    .isLessThanOrEqualTo(lim.maxBlockedRecoveryWorkers());
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void everyOpenItemIsEitherLaunchedOrWaitingExactlyOnce(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        List<ItemRef> launched = plan.launches().stream().map(Launch::item).toList();
        List<ItemRef> waiting = plan.waits().stream().map(Wait::item).toList();
        assertThat(launched).as("launched twice").doesNotHaveDuplicates();
        assertThat(waiting).as("waiting twice").doesNotHaveDuplicates();
        assertThat(launched).as("launched and waiting").noneMatch(waiting::contains);
        List<ItemRef> open = new ArrayList<>();
        s.world().issues().forEach(i -> open.add(i.ref()));
        s.world().pulls().forEach(p -> open.add(p.ref()));
        List<ItemRef> planned = new ArrayList<>(launched);
        planned.addAll(waiting);
        assertThat(planned).containsExactlyInAnyOrderElementsOf(open);
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void nothingLaunchesWhileEveryProviderOrGithubCools(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        boolean allPoolsCooling = s.profile().agent().effectivePools().stream().allMatch(pool -> {
            RetryEntry e = s.state().providerCooldowns().get(pool.providerKey());
            return e != null && e.nextAttemptAt().isAfter(NOW);
        });
        RetryEntry github = s.state().githubCooldown();
        boolean githubCooling = github != null && github.nextAttemptAt().isAfter(NOW);
        if (allPoolsCooling || githubCooling) {
            assertThat(plan.launches()).isEmpty();
        } else {
            // Launches go to the first ready pool in failover order.
            String first = s.profile().agent().effectivePools().stream().filter(pool -> {
                RetryEntry e = s.state().providerCooldowns().get(pool.providerKey());
                return e == null || !e.nextAttemptAt().isAfter(NOW);
            }).findFirst().orElseThrow().name();
            assertThat(plan.launches()).allSatisfy(l -> assertThat(l.provider()).isEqualTo(first));
        }
    }

    /** More tries than the rest: the blocked-recovery lock bug took 95 to 617 tries to show. */
    @Property(tries = 3 * TRIES, edgeCases = EdgeCasesMode.NONE)
    void anExclusiveItemRunsAlone(@ForAll("exclusiveScenarios") Scenario s) {
        Plan plan = plan(s);
        boolean exclusiveRunning = activeRuns(s).stream()
                .anyMatch(r -> r.exclusive() || hasExclusiveLabel(s, r.item()));
        if (exclusiveRunning) {
            assertThat(plan.launches()).as("launches beside a running exclusive item").isEmpty();
        }
        if (plan.exclusiveLock() != null && plan.exclusiveLock().state().equals("pending")) {
            ItemRef lock = plan.exclusiveLock().item();
            assertThat(hasExclusiveLabel(s, lock)).as("lock item is exclusive").isTrue();
            assertThat(plan.launches()).allSatisfy(l -> assertThat(l.item()).isEqualTo(lock));
        }
        for (Launch l : plan.launches()) {
            if (hasExclusiveLabel(s, l.item())) {
                assertThat(plan.launches()).as("exclusive %s launched with others", l.item()).hasSize(1);
                assertThat(l.hasTrait(HeartbeatPlanner.TRAIT_EXCLUSIVE)).isTrue();
            }
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void untrustedIssuesNeverLaunch(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        Permission minimum = s.profile().trust().minimumPermission();
        Map<Integer, Issue> issues = issuesByNumber(s);
        for (Launch l : plan.launches()) {
            if (l.item().kind() != ItemRef.Kind.ISSUE) {
                continue;
            }
            Issue issue = issues.get(l.item().number());
            Permission labeller = issue.labelledBy().get(OPT_IN);
            boolean trusted = issue.authorPermission().compareTo(minimum) >= 0
                    || (issue.hasLabel(OPT_IN) && labeller != null && labeller.compareTo(minimum) >= 0);
            assertThat(trusted).as("untrusted %s launched", l.item()).isTrue();
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void itemsWithAnActiveRunNeverLaunch(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        Set<ItemRef> busy = new HashSet<>();
        activeRuns(s).forEach(r -> busy.add(r.item()));
        assertThat(plan.launches()).noneSatisfy(l -> assertThat(busy).contains(l.item()));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void aFutureRetryHoldsEverythingButScheduledIssues(@ForAll("scenarios") Scenario s) {
        Plan plan = plan(s);
        Map<Integer, Issue> issues = issuesByNumber(s);
        for (Launch l : plan.launches()) {
            RetryEntry retry = s.state().retries().get(l.item());
            if (retry != null && retry.nextAttemptAt().isAfter(NOW)) {
                assertThat(l.lane()).as("%s launched during its retry cooldown", l.item()).isEqualTo(Lane.SCHEDULED);
                assertThat(Cadence.parseSeconds(issues.get(l.item().number()).body())).isPresent();
            }
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void planningIsDeterministicAndIgnoresInputOrder(@ForAll("scenarios") Scenario s,
            @ForAll long shuffleSeed) throws Exception {
        Plan first = plan(s);
        Plan again = plan(s);
        Random random = new Random(shuffleSeed);
        World w = s.world();
        World shuffledWorld = new World(w.defaultBranchSha(), shuffled(w.issues(), random),
                shuffled(w.pulls(), random), shuffled(w.runs(), random), w.source());
        PlannerState st = s.state();
        PlannerState shuffledState = new PlannerState(new TreeMap<>(st.retries()), st.providerCooldowns(),
                st.githubCooldown(), st.schedules(), st.blockedRecovery(), st.recurringPointer(),
                st.prLaneOverrides(), shuffled(st.runs(), random), st.budgetMarks());
        Plan shuffledPlan = HeartbeatPlanner.plan(s.profile(), shuffledWorld, shuffledState, NOW);

        assertThat(again).isEqualTo(first);
        assertThat(shuffledPlan).isEqualTo(first);
        byte[] json = JSON.writeValueAsBytes(first);
        assertThat(JSON.writeValueAsBytes(again)).isEqualTo(json);
        assertThat(JSON.writeValueAsBytes(shuffledPlan)).isEqualTo(json);
    }

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }
}
