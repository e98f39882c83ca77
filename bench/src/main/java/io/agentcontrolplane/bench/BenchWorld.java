package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large, realistic planner input built from a fixed seed: 10,000 open issues, 2,000 open PRs, 500 active runs,
 * retries for about a tenth of the items and 5,000 finished run records.
 */
public final class BenchWorld {
    public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    public static final long SEED = 20261124L;
    public static final int ISSUES = 10_000;
    public static final int PRS = 2_000;
    public static final int ACTIVE_RUNS = 500;
    public static final int FINISHED_RUNS = 5_000;
    private static final String BASE_SHA = "4f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

    public final Profile profile;
    public final World world;
    public final PlannerState state;

    private BenchWorld(Profile profile, World world, PlannerState state) {
        this.profile = profile;
        this.world = world;
        this.state = state;
    }

    private static final String[] VERBS = {"Fix", "Add", "Refactor", "Document", "Speed up", "Remove", "Migrate",
        "Harden", "Clarify", "Support"};
    private static final String[] SUBJECTS = {"login redirect loop", "CSV export of invoices", "dark mode toggle",
        "rate limiter for the public API", "settings page layout", "password reset email", "search indexing job",
        "webhook retries", "audit log pagination", "image upload resizing", "onboarding checklist",
        "feature flag cleanup", "billing proration", "timezone handling in reports", "i18n of error messages"};
    private static final String[] SENTENCES = {
        "Steps to reproduce: open the page, click the button and wait for the spinner.",
        "Expected the result to appear within a second; it takes about ten on staging.",
        "This regressed after the last dependency bump, see the linked discussion.",
        "Acceptance criteria: unit tests cover the new branch and the docs mention it.",
        "The current implementation reads the whole table into memory before filtering.",
        "Users on mobile report the layout overflowing the viewport on small screens.",
        "Please keep the public API unchanged; internal helpers may move freely.",
        "Logs show a NullPointerException in the worker after a partial failure.",
        "We should add a metric so the dashboard can show how often this happens.",
        "A short design note in the README would help reviewers follow the change.",
    };
    private static final String[] BLOCKERS = {
        "# Blocker: the verification step failed twice.\nFailure reason: `verification-guard-blocked`",
        "Host-side publish failed for session acme-issue-1\nno commits ahead of origin/main",
        "Why it was blocked: the agent hit its usage limit for the day.",
        "# Blocker: scope-guard-blocked, the change touched files outside the issue's scope.",
        "Blocked on missing referenced OpenSpec paths: specs/billing/proration.md",
        "# Blocker: the tests are red on main, nothing to fix here yet.",
    };
    private static final String[] CADENCES = {"Agent schedule: every 4h", "Schedule: 30m", "Cadence: every 2 days",
        "Schedule: every 12 hours"};
    private static final String[] PLAIN_LABELS = {"bug", "enhancement", "docs", "frontend", "backend",
        "good first issue", "P1", "P2", "tech-debt", "security"};
    private static final String[] REASONS = {"worker-exit-failed", "timeout", "no-publishable-delta",
        "verification-guard-blocked", "issue-worker-blocked", "provider-quota-limit"};

    public static BenchWorld build() {
        return build(SEED);
    }

    public static BenchWorld build(long seed) {
        Random rnd = new Random(seed);
        Profile profile = Profile.defaults("acme", "acme/widgets")
                .withLimits(new Profile.Limits(520, 160, 3, 20, 10, 2, 5, 900, 0, 40, 3, 4));
        Profile.Labels labels = profile.labels();

        Map<Integer, ScheduleEntry> schedules = new HashMap<>();
        Map<Integer, Instant> blockedRecovery = new HashMap<>();
        List<Issue> issues = new ArrayList<>(ISSUES);
        for (int n = 1; n <= ISSUES; n++) {
            String title = pick(rnd, VERBS) + " " + pick(rnd, SUBJECTS);
            StringBuilder body = new StringBuilder(640);
            int target = 200 + rnd.nextInt(401);
            Set<String> issueLabels = new LinkedHashSet<>();
            int plain = rnd.nextInt(3);
            for (int i = 0; i < plain; i++) {
                issueLabels.add(pick(rnd, PLAIN_LABELS));
            }
            String blocker = null;
            double kind = rnd.nextDouble();
            if (kind < 0.05) {
                String cadence = pick(rnd, CADENCES);
                body.append(cadence).append('\n');
                if (rnd.nextBoolean()) {
                    long interval = cadence.contains("4h") ? 14_400 : cadence.contains("30m") ? 1_800
                            : cadence.contains("2 days") ? 172_800 : 43_200;
                    Instant due = NOW.plusSeconds(rnd.nextInt(7_200) - 3_600);
                    schedules.put(n, new ScheduleEntry(interval, due.minusSeconds(interval), due));
                }
            } else if (kind < 0.10) {
                issueLabels.add(labels.keepOpen());
            } else if (kind < 0.13) {
                if (rnd.nextBoolean()) {
                    issueLabels.add(labels.heavy());
                } else {
                    title = "Playwright coverage: " + title;
                }
            } else if (kind < 0.18) {
                issueLabels.add(labels.blocked());
                blocker = pick(rnd, BLOCKERS);
                if (rnd.nextBoolean()) {
                    blockedRecovery.put(n, NOW.plusSeconds(rnd.nextInt(3_600) - 1_800));
                }
            }
            while (body.length() < target) {
                body.append(pick(rnd, SENTENCES)).append(' ');
            }
            body.setLength(target);
            Permission author = rnd.nextDouble() < 0.02 ? (rnd.nextBoolean() ? Permission.READ : Permission.NONE)
                    : rnd.nextDouble() < 0.7 ? Permission.WRITE : Permission.ADMIN;
            Instant created = NOW.minusSeconds(60L + rnd.nextInt(2 * 365 * 86_400));
            issues.add(new Issue(n, title, body.toString(), new ArrayList<>(issueLabels), "dev" + rnd.nextInt(300),
                    author, created, null, Map.of(), blocker));
        }

        PrLane[] lanes = PrLane.values();
        List<PullRequest> pulls = new ArrayList<>(PRS);
        for (int j = 0; j < PRS; j++) {
            int number = ISSUES + 1 + j;
            int issue = 1 + rnd.nextInt(ISSUES);
            double kind = rnd.nextDouble();
            String head = kind < 0.6 ? "agent/acme/issue-" + issue + "-" + slug(rnd)
                    : kind < 0.75 ? "agent/acme/pr-" + number
                    : kind < 0.9 ? "codex/issue-" + issue
                    : "feature/" + slug(rnd) + "-" + number;
            List<String> prLabels = new ArrayList<>();
            if (kind >= 0.9 && rnd.nextBoolean()) {
                prLabels.add(labels.handoff());
            }
            if (rnd.nextDouble() < 0.2) {
                prLabels.add(labels.automerge());
            }
            String body = "## Summary\n" + pick(rnd, SENTENCES) + "\n\n" + pick(rnd, SENTENCES)
                    + (rnd.nextDouble() < 0.8 ? "\n\nCloses #" + issue : "") + "\n";
            pulls.add(new PullRequest(number, pick(rnd, VERBS) + " " + pick(rnd, SUBJECTS), body, head, "main",
                    Long.toHexString(rnd.nextLong()), prLabels, false, "acp-bot", lanes[j % lanes.length],
                    rnd.nextDouble() < 0.1, NOW.minusSeconds(rnd.nextInt(86_400))));
        }

        // Active runs on distinct items: 350 issues, 150 PRs.
        List<WorkerRun> active = new ArrayList<>(ACTIVE_RUNS);
        Set<ItemRef> busy = new LinkedHashSet<>();
        Lane[] prLanes = {Lane.DOUBLE_CHECK_2, Lane.DOUBLE_CHECK_1, Lane.AUTOMERGE, Lane.MERGE_REPAIR, Lane.FIX};
        while (busy.size() < ACTIVE_RUNS) {
            boolean onIssue = busy.size() < 350;
            ItemRef item = onIssue ? ItemRef.issue(1 + rnd.nextInt(ISSUES)) : ItemRef.pr(ISSUES + 1 + rnd.nextInt(PRS));
            if (!busy.add(item)) {
                continue;
            }
            Lane lane = onIssue ? (rnd.nextDouble() < 0.9 ? Lane.IMPLEMENT : Lane.SCHEDULED) : pick(rnd, prLanes);
            double p = rnd.nextDouble();
            RunPhase phase = p < 0.85 ? RunPhase.RUNNING : p < 0.95 ? RunPhase.PENDING : RunPhase.WAITING_AUTH;
            active.add(new WorkerRun("run-" + busy.size(), lane, item, phase,
                    NOW.minusSeconds(60L + rnd.nextInt(3_600)), null, false, false, false, "codex", null, null));
        }
        List<WorkerRun> records = new ArrayList<>(active.size() + FINISHED_RUNS);
        records.addAll(active);
        RunPhase[] ends = {RunPhase.SUCCEEDED, RunPhase.SUCCEEDED, RunPhase.FAILED, RunPhase.CANCELLED};
        for (int k = 0; k < FINISHED_RUNS; k++) {
            boolean onIssue = rnd.nextDouble() < 0.7;
            ItemRef item = onIssue ? ItemRef.issue(1 + rnd.nextInt(ISSUES)) : ItemRef.pr(ISSUES + 1 + rnd.nextInt(PRS));
            Instant start = NOW.minusSeconds(3_600L + rnd.nextInt(30 * 86_400));
            records.add(new WorkerRun("done-" + k, onIssue ? Lane.IMPLEMENT : Lane.FIX, item, pick(rnd, ends), start,
                    start.plusSeconds(60L + rnd.nextInt(3_000)), false, false, false, "codex", "done", null));
        }

        Map<ItemRef, RetryEntry> retries = new HashMap<>();
        int retryCount = (ISSUES + PRS) / 10;
        while (retries.size() < retryCount) {
            ItemRef item = rnd.nextDouble() < 0.8 ? ItemRef.issue(1 + rnd.nextInt(ISSUES))
                    : ItemRef.pr(ISSUES + 1 + rnd.nextInt(PRS));
            String reason = pick(rnd, REASONS);
            retries.put(item, new RetryEntry(1 + rnd.nextInt(4), NOW.plusSeconds(rnd.nextInt(7_200) - 3_600), reason,
                    rnd.nextBoolean() ? BASE_SHA : "0123456789abcdef0123456789abcdef01234567", NOW.minusSeconds(600)));
        }

        World world = new World(BASE_SHA, issues, pulls, active, "live");
        PlannerState state = new PlannerState(retries, Map.of(), null, schedules, blockedRecovery, null, Map.of(),
                records, Map.of());
        return new BenchWorld(profile, world, state);
    }

    private static String slug(Random rnd) {
        return pick(rnd, SUBJECTS).replace(' ', '-').toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> T pick(Random rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
