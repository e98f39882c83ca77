package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.plan.Launch;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.Wait;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.snapshot.Snapshot.Alert;
import io.agentcontrolplane.core.snapshot.Snapshot.BudgetView;
import io.agentcontrolplane.core.snapshot.Snapshot.ClaimView;
import io.agentcontrolplane.core.snapshot.Snapshot.CooldownView;
import io.agentcontrolplane.core.snapshot.Snapshot.DayView;
import io.agentcontrolplane.core.snapshot.Snapshot.GitHubBudget;
import io.agentcontrolplane.core.snapshot.Snapshot.HeartbeatCost;
import io.agentcontrolplane.core.snapshot.Snapshot.HeartbeatView;
import io.agentcontrolplane.core.snapshot.Snapshot.LaunchView;
import io.agentcontrolplane.core.snapshot.Snapshot.OutboxView;
import io.agentcontrolplane.core.snapshot.Snapshot.PendingView;
import io.agentcontrolplane.core.snapshot.Snapshot.PlanView;
import io.agentcontrolplane.core.snapshot.Snapshot.ProfileCounts;
import io.agentcontrolplane.core.snapshot.Snapshot.ProfileSnapshot;
import io.agentcontrolplane.core.snapshot.Snapshot.QueueView;
import io.agentcontrolplane.core.snapshot.Snapshot.RateView;
import io.agentcontrolplane.core.snapshot.Snapshot.RecoveryView;
import io.agentcontrolplane.core.snapshot.Snapshot.RetryView;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.Snapshot.ScheduleView;
import io.agentcontrolplane.core.snapshot.Snapshot.WaitView;
import io.agentcontrolplane.core.snapshot.Snapshot.WriteView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns profiles' state into a {@link Snapshot}: a pure function of what was read and the time. */
final class SnapshotBuilder {
    /** Finished runs shown in a profile's "recent" panel. */
    static final int RECENT_RUNS = 10;
    /** Items listed in a profile's budget panel (the most spent first); every item's budget is in /api/items. */
    static final int BUDGET_ROWS = 20;
    /** Days of history in the chart. */
    static final int CHART_DAYS = 14;
    /** Heartbeats listed in the GitHub budget panel. */
    static final int COST_ROWS = 24;
    private static final int PREVIEW = 120;

    private static final Comparator<WorkerRun> NEWEST_FIRST = Comparator.comparing(WorkerRun::startedAt)
            .thenComparing(WorkerRun::runId).reversed();

    private SnapshotBuilder() {
    }

    /** The snapshot of profiles' snapshots: the overview and the alerts summed over them. */
    static Snapshot combine(List<ProfileSnapshot> out, Instant now, String version) {
        List<Alert> alerts = new ArrayList<>();
        for (ProfileSnapshot s : out) {
            alerts.addAll(s.alerts());
        }
        int[] o = new int[15];
        for (ProfileSnapshot s : out) {
            ProfileCounts c = s.counts();
            int[] add = {c.activeRuns(), c.runningRuns(), c.pendingRuns(), c.residentWorkers(), c.succeededRuns(),
                c.failedRuns(), c.cancelledRuns(), c.waitingItems(), c.activeRetries(), c.providerCooldowns(),
                c.scheduledIssues(), c.claims(), c.pendingWrites(), c.failedWrites(), c.alerts()};
            for (int i = 0; i < add.length; i++) {
                o[i] += add[i];
            }
        }
        Snapshot.Overview overview = new Snapshot.Overview(out.size(), o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7],
                o[8], o[9], o[10], o[11], o[12], o[13], o[14]);
        return new Snapshot(now, version, overview, List.copyOf(out), List.copyOf(alerts));
    }

    static ProfileSnapshot profile(ProfileData p, Instant now) {
        Profile profile = p.profile();
        Map<String, String> backendOf = backends(profile);
        List<RunView> active = new ArrayList<>();
        List<RunView> resident = new ArrayList<>();
        List<WorkerRun> finished = new ArrayList<>();
        int running = 0;
        int pendingRuns = 0;
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        for (WorkerRun r : p.runs()) {
            switch (r.phase()) {
                case RUNNING -> running++;
                case PENDING -> pendingRuns++;
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                default -> { }
            }
            if (r.phase().terminal()) {
                finished.add(r);
            } else if (r.phase().holdsCapacity()) {
                active.add(run(profile.id(), r, now, backendOf));
            } else {
                resident.add(run(profile.id(), r, now, backendOf));
            }
        }
        active.sort(Comparator.comparing(RunView::startedAt));
        finished.sort(NEWEST_FIRST);
        List<RunView> recent = finished.stream().limit(RECENT_RUNS).map(r -> run(profile.id(), r, now, backendOf))
                .toList();

        List<RetryView> retries = new ArrayList<>();
        p.retries().forEach((item, e) -> retries.add(new RetryView(item.toString(), e.attempts(), e.nextAttemptAt(),
                e.lastReason(), e.ready(now))));
        List<CooldownView> providers = new ArrayList<>();
        p.providerCooldowns().forEach((key, e) -> providers.add(cooldown(key, e, now)));
        CooldownView github = p.githubCooldown() == null ? null : cooldown("github", p.githubCooldown(), now);
        List<ScheduleView> schedules = new ArrayList<>();
        p.schedules().forEach((n, e) -> schedules.add(new ScheduleView(ItemRef.issue(n).toString(),
                e.intervalSeconds(), e.lastStartedAt(), e.nextDueAt(), !e.nextDueAt().isAfter(now))));
        List<RecoveryView> recoveries = new ArrayList<>();
        p.blockedRecoveries().forEach((n, at) -> recoveries.add(new RecoveryView(ItemRef.issue(n).toString(), at,
                !at.isAfter(now))));
        QueueView queue = new QueueView(
                p.pendingLaunches().stream().map(l -> new PendingView(l.item().toString(), l.lane().wireName(),
                        l.runId(), l.createdAt(), l.owner())).toList(),
                p.claims().stream().map(c -> new ClaimView(c.item().toString(), c.owner(), c.host(), c.pid(),
                        c.claimedAt())).toList());
        OutboxView outbox = outbox(p.outbox());
        PlanView plan = plan(p.lastHeartbeat());
        List<BudgetView> budgets = budgets(profile, p.runs(), p.budgetMarks(), now).stream()
                .sorted(Comparator.comparingDouble((BudgetView b) -> -spentShare(b)).thenComparing(BudgetView::item))
                .limit(BUDGET_ROWS).toList();
        List<Alert> alerts = alerts(p, plan, github, now);
        int activeRetries = (int) retries.stream().filter(r -> !r.ready()).count();
        int cooling = (int) providers.stream().filter(CooldownView::active).count();
        ProfileCounts counts = new ProfileCounts(active.size() + resident.size(), running, pendingRuns,
                resident.size(), succeeded, failed, cancelled, finished.size(),
                plan == null ? 0 : plan.launches().size(), plan == null ? 0 : plan.waits().size(), activeRetries,
                cooling, schedules.size(), queue.pendingLaunches().size(), queue.claims().size(), outbox.pending(),
                outbox.failed(), alerts.size());
        return new ProfileSnapshot(profile.id(), profile.repository().slug(), profile.agent().backend(),
                profile.agent().effectivePools().stream().map(Profile.ProviderPool::name).toList(),
                heartbeat(p.lastHeartbeat()), counts, List.copyOf(active), recent, List.copyOf(resident), plan,
                List.copyOf(retries), List.copyOf(providers), github, List.copyOf(schedules),
                List.copyOf(recoveries), queue, outbox, budgets, githubBudget(p.lastHeartbeat(), p.heartbeats()),
                rates(finished, r -> r.lane().wireName()),
                rates(finished, r -> backendOf.getOrDefault(r.provider(), r.provider() == null ? "unknown"
                        : r.provider())),
                daily(finished, now), alerts);
    }

    /** Provider keys to the backend of their pool, so runs group by backend. */
    static Map<String, String> backends(Profile profile) {
        Map<String, String> out = new HashMap<>();
        for (Profile.ProviderPool pool : profile.agent().effectivePools()) {
            out.put(pool.providerKey(), pool.backend());
            out.put(pool.name(), pool.backend());
        }
        return out;
    }

    static RunView run(String profile, WorkerRun r, Instant now, Map<String, String> backendOf) {
        return new RunView(r.runId(), profile, r.lane().wireName(), r.item().toString(), r.phase().wireName(),
                r.startedAt(), r.endedAt(), r.agentMinutes(now), r.provider(),
                r.provider() == null ? null : backendOf.get(r.provider()), r.outcome(), r.reason(), r.heavy(),
                r.recurring(), r.exclusive(), r.seenAt());
    }

    private static CooldownView cooldown(String key, RetryEntry e, Instant now) {
        return new CooldownView(key, e.attempts(), e.nextAttemptAt(), e.lastReason(), !e.ready(now));
    }

    static HeartbeatView heartbeat(HeartbeatReport r) {
        if (r == null) {
            return null;
        }
        return new HeartbeatView(r.startedAt(), r.finishedAt(), r.outcome(), r.detail(),
                Duration.between(r.startedAt(), r.finishedAt()).toMillis(), r.launched(), r.failures(), r.notes(),
                r.outbox());
    }

    static PlanView plan(HeartbeatReport r) {
        if (r == null || r.plan() == null) {
            return null;
        }
        Plan plan = r.plan();
        return new PlanView(plan.now(), plan.observation(), plan.provider(), plan.exclusiveLock(),
                plan.launches().stream().map(SnapshotBuilder::launch).toList(),
                plan.waits().stream().map(SnapshotBuilder::waitView).toList(), plan.counts());
    }

    static LaunchView launch(Launch l) {
        return new LaunchView(l.item().toString(), l.lane().wireName(), l.rule(), l.provider());
    }

    static WaitView waitView(Wait w) {
        return new WaitView(w.item().toString(), w.reason().code(), w.reason().meaning(), w.until(),
                w.blocker() == null ? null : w.blocker().toString(), w.detail());
    }

    private static OutboxView outbox(ProfileData.OutboxData o) {
        int comments = 0;
        int labels = 0;
        int reviews = 0;
        int prs = 0;
        for (Intent i : o.pending()) {
            switch (i.kind()) {
                case COMMENT -> comments++;
                case ADD_LABELS, REMOVE_LABEL, ENSURE_LABEL -> labels++;
                case REVIEW -> reviews++;
                case OPEN_PR, UPDATE_PR_BODY -> prs++;
                default -> { }
            }
        }
        List<WriteView> pending = o.pending().stream().limit(ProfileStateReader.RECENT_WRITES)
                .map(SnapshotBuilder::write).toList();
        return new OutboxView(o.pending().size(), o.done(), o.failed(), o.dropped(), comments, labels, reviews, prs,
                o.rateLimitedUntil() != null && o.rateLimitedUntil().isAfter(Instant.EPOCH)
                        ? o.rateLimitedUntil() : null,
                pending, newestFirst(o.recentDone()), newestFirst(o.recentFailed()));
    }

    private static List<WriteView> newestFirst(List<Intent> oldestFirst) {
        List<WriteView> out = new ArrayList<>(oldestFirst.size());
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            out.add(write(oldestFirst.get(i)));
        }
        return out;
    }

    private static WriteView write(Intent i) {
        String summary;
        if (i.labels() != null && !i.labels().isEmpty()) {
            summary = String.join(", ", i.labels());
        } else if (i.label() != null) {
            summary = i.label();
        } else if (i.title() != null) {
            summary = preview(i.title());
        } else if (i.body() != null) {
            summary = preview(i.body());
        } else if (i.branch() != null) {
            summary = i.branch();
        } else {
            summary = i.expectedHeadSha();
        }
        return new WriteView(i.id(), i.kind().shortName(), i.item() == null ? null : i.item().toString(),
                i.createdAt(), i.finishedAt(), i.attempts(), summary, i.lastError());
    }

    private static String preview(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= PREVIEW ? flat : flat.substring(0, PREVIEW - 1) + "…";
    }

    /**
     * The lifetime budget of every item with runs, counted since its last reset, as the planner counts it (the
     * planner also restarts the count of recurring and scheduled issues at their last success; this view does not
     * know an issue's kind and counts from the reset only).
     */
    static List<BudgetView> budgets(Profile profile, List<WorkerRun> runs, Map<ItemRef, BudgetMark> marks,
            Instant now) {
        Map<ItemRef, long[]> spent = new HashMap<>();
        for (WorkerRun r : runs) {
            BudgetMark mark = marks.get(r.item());
            Instant since = mark == null ? null : mark.resetAt();
            if (since != null && r.startedAt().isBefore(since)) {
                continue;
            }
            long[] s = spent.computeIfAbsent(r.item(), k -> new long[2]);
            s[0]++;
            s[1] += r.agentMinutes(now);
        }
        Profile.Budget limit = profile.budget();
        List<BudgetView> out = new ArrayList<>(spent.size());
        spent.forEach((item, s) -> {
            BudgetMark mark = marks.get(item);
            out.add(new BudgetView(item.toString(), (int) s[0], limit.maxAttempts(), s[1], limit.maxAgentMinutes(),
                    mark == null ? null : mark.resetAt(), mark == null ? null : mark.labelledAt(),
                    s[0] >= limit.maxAttempts() || s[1] >= limit.maxAgentMinutes()));
        });
        return out;
    }

    private static double spentShare(BudgetView b) {
        return Math.max((double) b.attempts() / Math.max(1, b.maxAttempts()),
                (double) b.agentMinutes() / Math.max(1, b.maxAgentMinutes()));
    }

    static GitHubBudget githubBudget(HeartbeatReport last, List<HeartbeatStatus.Summary> history) {
        long requests = 0;
        long notModified = 0;
        long points = 0;
        for (HeartbeatStatus.Summary s : history) {
            requests += s.requests();
            notModified += s.notModified();
            points += s.points();
        }
        long remaining = last != null ? last.forgeCost().remaining()
                : history.isEmpty() ? -1 : history.get(history.size() - 1).remaining();
        List<HeartbeatCost> recent = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && recent.size() < COST_ROWS; i--) {
            HeartbeatStatus.Summary s = history.get(i);
            recent.add(new HeartbeatCost(s.startedAt(), s.outcome(), s.requests(), s.notModified(), s.points()));
        }
        return new GitHubBudget(remaining, history.size(), requests, notModified, points,
                history.isEmpty() ? 0 : round((double) points / history.size()),
                requests == 0 ? 0 : round((double) notModified / requests), List.copyOf(recent));
    }

    static List<RateView> rates(List<WorkerRun> finished, Function<WorkerRun, String> key) {
        Map<String, List<WorkerRun>> groups = new TreeMap<>();
        for (WorkerRun r : finished) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<RateView> out = new ArrayList<>(groups.size());
        groups.forEach((name, runs) -> out.add(rate(name, runs)));
        return out;
    }

    private static RateView rate(String name, List<WorkerRun> runs) {
        int ok = 0;
        int bad = 0;
        int cancelled = 0;
        long[] minutes = new long[runs.size()];
        long total = 0;
        for (int i = 0; i < runs.size(); i++) {
            WorkerRun r = runs.get(i);
            if (r.phase() == RunPhase.SUCCEEDED) {
                ok++;
            } else if (r.phase() == RunPhase.FAILED) {
                bad++;
            } else {
                cancelled++;
            }
            minutes[i] = r.agentMinutes(r.endedAt() != null ? r.endedAt() : r.startedAt());
            total += minutes[i];
        }
        Arrays.sort(minutes);
        long median = minutes.length == 0 ? 0 : minutes[minutes.length / 2];
        return new RateView(name, runs.size(), ok, bad, cancelled, runs.isEmpty() ? 0 : round((double) ok / runs.size()),
                runs.isEmpty() ? 0 : round((double) total / runs.size()), median, total);
    }

    static List<DayView> daily(List<WorkerRun> finished, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(CHART_DAYS - 1);
        Map<LocalDate, long[]> days = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            days.put(d, new long[4]);
        }
        for (WorkerRun r : finished) {
            Instant end = r.endedAt() != null ? r.endedAt() : r.startedAt();
            long[] d = days.get(LocalDate.ofInstant(end, ZoneOffset.UTC));
            if (d == null) {
                continue;
            }
            d[0]++;
            d[1] += r.phase() == RunPhase.SUCCEEDED ? 1 : 0;
            d[2] += r.phase() == RunPhase.FAILED ? 1 : 0;
            d[3] += r.agentMinutes(end);
        }
        List<DayView> out = new ArrayList<>(days.size());
        days.forEach((day, d) -> out.add(new DayView(day.toString(), (int) d[0], (int) d[1], (int) d[2],
                d[0] == 0 ? 0 : round((double) d[3] / d[0]))));
        return out;
    }

    private static List<Alert> alerts(ProfileData p, PlanView plan, CooldownView github, Instant now) {
        String id = p.profile().id();
        List<Alert> out = new ArrayList<>();
        HeartbeatReport last = p.lastHeartbeat();
        if (last != null && "failed".equals(last.outcome())) {
            out.add(new Alert(id + "/heartbeat-failed/" + last.startedAt(), id, "heartbeat-failed", "error",
                    "The last heartbeat failed", last.detail(), last.finishedAt()));
        }
        if (last != null) {
            for (String failure : last.failures()) {
                out.add(new Alert(id + "/heartbeat-failure/" + last.startedAt() + "/" + failure.hashCode(), id,
                        "launch-failed", "warn", "A planned launch failed", failure, last.finishedAt()));
            }
        }
        if (github != null && github.active()) {
            out.add(new Alert(id + "/github-cooldown/" + github.nextAttemptAt(), id, "github-core-rate-limit", "warn",
                    "GitHub API rate-limited", "nothing launches until " + github.nextAttemptAt()
                            + (github.lastReason() == null ? "" : " (" + github.lastReason() + ")"),
                    github.nextAttemptAt()));
        }
        if (plan != null && plan.provider() != null && !plan.provider().open()) {
            out.add(new Alert(id + "/providers-cooling/" + plan.provider().until(), id, "provider-cooldown", "warn",
                    "Every provider pool is cooling down", "the first recovers at " + plan.provider().until()
                            + (plan.provider().lastReason() == null ? "" : " (" + plan.provider().lastReason() + ")"),
                    plan.provider().until()));
        }
        ProfileData.OutboxData o = p.outbox();
        if (o.failed() > 0) {
            out.add(new Alert(id + "/outbox-failed/" + o.failed(), id, "github-write-failed", "warn",
                    o.failed() + " GitHub write(s) failed", "see acp outbox list; retry or drop them", null));
        }
        if (o.rateLimitedUntil() != null && o.rateLimitedUntil().isAfter(now)) {
            out.add(new Alert(id + "/outbox-rate-limit/" + o.rateLimitedUntil(), id, "github-write-rate-limit", "warn",
                    "GitHub writes wait for the rate limit", "until " + o.rateLimitedUntil(), o.rateLimitedUntil()));
        }
        for (String problem : p.problems()) {
            out.add(new Alert(id + "/state-file/" + problem.hashCode(), id, "state-file-unreadable", "warn",
                    "A state file cannot be read", problem, null));
        }
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
