package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.assess.Assessment;
import io.agentcontrolplane.core.assess.LabelSync;
import io.agentcontrolplane.core.assess.PrAssessor;
import io.agentcontrolplane.core.assess.PrObservation;
import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.outbox.FlushReport;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.Cadence;
import io.agentcontrolplane.core.plan.Effect;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.IssueLinks;
import io.agentcontrolplane.core.reconcile.PrCatchUp;
import io.agentcontrolplane.core.reconcile.ReconcileReport;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.reconcile.RunDirectory;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.plan.Launch;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.Claim;
import io.agentcontrolplane.core.state.HeartbeatLock;
import io.agentcontrolplane.core.state.LoadResult;
import io.agentcontrolplane.core.state.PendingLaunch;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.state.StateProblem;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.world.World;
import io.agentcontrolplane.core.worker.BackendHealth;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One heartbeat of one profile, the engine entry point that the Jenkins periodic work, the {@code acpHeartbeat}
 * step and the standalone runtime all call. Level-triggered: it observes, recomputes the plan from what it sees,
 * and repairs whatever an earlier pass left half-done, so a crash at any point is mended by the next pass.
 *
 * <ol>
 *   <li>take the profile's heartbeat lock (another heartbeat of the profile: skip);</li>
 *   <li>observe GitHub (or its last good mirror) and ask the executor what runs and what has ended;</li>
 *   <li>record the ends the executor reports (then acknowledge them), and settle run records it no longer knows
 *       as lost;</li>
 *   <li>reconcile finished runs, and catch up after pull requests of ours merged or closed outside the control
 *       plane ({@link PrCatchUp});</li>
 *   <li>plan, apply the plan's repairs, and launch: claim the item, record the pending run, dispatch, then label
 *       it running (a failed dispatch leaves nothing behind but a report line);</li>
 *   <li>remove what retention no longer keeps ({@link StatePruner}), and flush the GitHub write outbox.</li>
 * </ol>
 */
public final class Heartbeat {
    /** How long a run may go unreported by the executor before its record is settled as lost. */
    public static final Duration LOST_RUN_GRACE = Duration.ofMinutes(10);
    /** How often a reported run's record notes the sighting: often enough for the grace, rarely enough to be cheap. */
    static final Duration SIGHTING_INTERVAL = Duration.ofMinutes(2);
    /** Writes flushed per heartbeat; the rest waits for the next one. */
    public static final int FLUSH_LIMIT = 50;

    private static final DateTimeFormatter RUN_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    private final Profile profile;
    private final Forge forge;
    private final StateStore store;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final String owner;
    private final PrAssessor assessor;
    private final Reconciler reconciler;
    private final IssueLinks links;
    private final PrCatchUp catchUps;
    private final StatePruner pruner;
    /** Assessments of the last pass, re-used while nothing they read has changed. */
    private final AssessmentMemo assessments = new AssessmentMemo();

    public Heartbeat(Profile profile, Forge forge, StateStore store, Outbox outbox, Dispatcher dispatcher,
            Clock clock) {
        this(profile, forge, store, outbox, dispatcher, clock, null);
    }

    /**
     * @param reconciler turns every finished run that has no {@code reconciled.json} into its writes, each heartbeat
     *     until it is done; null when runs are reconciled elsewhere
     */
    public Heartbeat(Profile profile, Forge forge, StateStore store, Outbox outbox, Dispatcher dispatcher,
            Clock clock, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.profile = profile;
        this.forge = forge;
        this.store = store;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.owner = "heartbeat-" + hostName() + "-" + ProcessHandle.current().pid();
        this.assessor = new PrAssessor(profile);
        this.links = new IssueLinks(profile);
        this.catchUps = new PrCatchUp(profile, store, outbox, forge, clock);
        this.pruner = new StatePruner(profile, store, outbox, reconciler == null ? null : reconciler::directory,
                reconciler == null ? null : reconciler.runsRoot());
    }

    /** What one assessment read; equal keys give equal assessments. */
    private record AssessmentKey(int number, String headSha, Instant updatedAt, List<String> labels,
            List<String> issueLabels, PrLane override, boolean running, Observation.PullDetails details) {
    }

    /** The assessments of the last pass by key; a PR whose key changed is assessed again. */
    private static final class AssessmentMemo {
        private Map<AssessmentKey, Assessment> last = new HashMap<>();
        private Map<AssessmentKey, Assessment> current = new HashMap<>();

        synchronized Assessment get(AssessmentKey key) {
            Assessment a = last.get(key);
            if (a != null) {
                current.put(key, a);
            }
            return a;
        }

        synchronized void keep(AssessmentKey key, Assessment a) {
            current.put(key, a);
        }

        synchronized void endPass() {
            last = current;
            current = new HashMap<>();
        }
    }

    /** The assessments of the last completed pass, by PR number (for reports and reconcile). */
    public Map<Integer, Assessment> lastAssessments() {
        return Map.copyOf(lastAssessed);
    }

    private volatile Map<Integer, Assessment> lastAssessed = Map.of();

    private static PullRequest withLane(PullRequest p, PrLane lane) {
        return new PullRequest(p.number(), p.title(), p.body(), p.headRef(), p.baseRef(), p.headSha(), p.labels(),
                p.draft(), p.author(), lane, p.agentSummaryComment(), p.updatedAt());
    }

    public HeartbeatReport run() {
        Instant startedAt = clock.instant();
        Optional<HeartbeatLock> lock = store.tryLockHeartbeat();
        if (lock.isEmpty()) {
            return HeartbeatReport.notRun(profile.id(), startedAt, "skipped",
                    "another heartbeat of this profile holds its lock", List.of(), RequestStats.NONE);
        }
        try (HeartbeatLock held = lock.get()) {
            // Kept for readers that must not call GitHub (the dashboard); written under the lock, one writer.
            return HeartbeatStatus.record(store.root(), new Pass(startedAt).run());
        }
    }

    /** One heartbeat's work, under the lock. */
    private final class Pass {
        private final Instant now;
        private final RequestStats before = forge.stats();
        private final List<String> launched = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<Integer, Issue> issues = new HashMap<>();
        private final Map<Integer, PullRequest> pulls = new HashMap<>();
        private Set<String> queuedWrites;
        private final Map<Integer, Assessment> assessedNow = new HashMap<>();
        /** Items whose finished run is not reconciled yet: they stay running and are not launched again. */
        private final Set<ItemRef> unreconciled = new HashSet<>();
        /**
         * Items whose last run's writes this pass's observation cannot show yet (reconciled at or after it was
         * taken, or writes still waiting in the outbox), with why: the plan saw the item as it was before the run's
         * result, so it is not launched again until an observation made after those writes.
         */
        private final Map<ItemRef, String> settling = new HashMap<>();
        private Instant observedAt;
        private boolean settlingChecked;

        Pass(Instant now) {
            this.now = now;
        }

        HeartbeatReport run() {
            ensureLabels();
            Observation observation;
            try {
                observation = forge.observe();
            } catch (ForgeException e) {
                return notRun("GitHub could not be observed: " + e.getMessage());
            }
            boolean reachable = "live".equals(observation.source());
            if (!reachable) {
                notes.add("GitHub was unreachable: planned from the observation of " + observation.observedAt()
                        + "; writes wait in the outbox");
            }
            List<WorkerRun> executorRuns;
            List<FinishedRun> finishedRuns;
            try {
                executorRuns = dispatcher.activeRuns();
                finishedRuns = dispatcher.finishedRuns();
            } catch (Dispatcher.DispatchException e) {
                return notRun("the executor could not list its runs: " + e.getMessage());
            }
            observation.issues().forEach(i -> issues.put(i.number(), i));
            observedAt = observation.observedAt();
            recordFinishedRuns(finishedRuns);
            settleRunRecords(executorRuns);
            LoadResult<PlannerState> loaded = store.loadPlannerState();
            for (StateProblem problem : loaded.problems()) {
                notes.add("state file quarantined: " + problem);
            }
            reconcileFinishedRuns(observation);
            Set<ItemRef> active = activeItems(executorRuns);
            notes.addAll(catchUps.catchUp(observation, active));
            Map<ItemRef, List<String>> labels = effectiveLabels(observation);
            List<PullRequest> assessed = assessPulls(observation, labels, loaded.value(), active);
            assessed.forEach(p -> pulls.put(p.number(), p));
            Set<ItemRef> worked = new HashSet<>();
            store.runs().forEach(r -> worked.add(r.item()));
            catchUps.track(observation, p -> links.isManaged(p) || worked.contains(p.ref()), labels);
            syncIssueLabels(observation, labels, active);
            World world = new World(observation.defaultBranchSha(), observation.issues(), assessed,
                    executorRuns, observation.source());
            Plan plan = HeartbeatPlanner.plan(profile, world, withoutDoubleCheckStages(loaded.value()), now);
            applyEffects(plan);
            Integer pointer = null;
            for (Launch launch : plan.launches()) {
                if (launch(launch) && "recurring-rotation".equals(launch.rule())) {
                    pointer = launch.item().number();
                }
            }
            if (pointer != null) {
                store.putRecurringPointer(pointer);
            }
            assessments.endPass();
            lastAssessed = Map.copyOf(assessedNow);
            prune(observation);
            String flushed = reachable ? flush() : null;
            return new HeartbeatReport(profile.id(), now, clock.instant(), "completed", null, plan, launched,
                    failures, notes, forge.stats().since(before), flushed);
        }

        /**
         * Every finished run without its {@code reconciled.json} is reconciled; one that must wait (GitHub, the outbox,
         * a push) is taken up again by the next heartbeat, from where it stopped.
         */
        private void reconcileFinishedRuns(Observation observation) {
            if (reconciler == null) {
                return;
            }
            for (WorkerRun run : store.runs()) {
                if (!run.phase().terminal()) {
                    continue;
                }
                Optional<RunDirectory.Reconciled> done = reconciler.directory(run.runId()).reconciled();
                if (done.isPresent()) {
                    if (unseen(done.get().reconciledAt())) {
                        settling.put(run.item(), "its last run " + run.runId() + " was reconciled after this"
                                + " heartbeat observed GitHub");
                    }
                    continue;
                }
                try {
                    ReconcileReport r = reconciler.reconcile(run.runId(), observation);
                    notes.add(r.render());
                    if (!r.done()) {
                        unreconciled.add(run.item());
                    } else {
                        settling.put(run.item(), "its last run " + run.runId() + " was reconciled in this heartbeat,"
                                + " after GitHub was observed");
                    }
                } catch (RuntimeException e) {
                    unreconciled.add(run.item());
                    failures.add("reconcile of " + run.runId() + " failed: " + e.getMessage());
                }
            }
        }

        /** Whether something that happened at {@code at} may be missing from this pass's observation. */
        private boolean unseen(Instant at) {
            return at == null || observedAt == null || !at.isBefore(observedAt);
        }

        /**
         * Items with a run's GitHub write still waiting in the outbox (an opened PR, a merge, a label): until it is
         * sent, GitHub does not show the run's result, so a plan from GitHub's state would repeat the run.
         */
        private void settlingWrites() {
            for (Intent pending : outbox.pending()) {
                if (pending.item() != null && pending.key().startsWith("run/")) {
                    settling.putIfAbsent(pending.item(), "a write of its last run waits in the outbox ("
                            + pending.kind().shortName() + ")");
                }
            }
        }

        /**
         * The state as the planner sees it: a double-check stage recorded by reconcile is the assessment's input (as in
         * the original, honoured only for a managed, open, unblocked PR with no run, no agent blocker and no review
         * comments), not an operator override that wins over the assessment.
         */
        private PlannerState withoutDoubleCheckStages(PlannerState s) {
            if (s.prLaneOverrides().values().stream().noneMatch(PrLane::isDoubleCheck)) {
                return s;
            }
            Map<Integer, PrLane> operator = new HashMap<>();
            s.prLaneOverrides().forEach((n, lane) -> {
                if (!lane.isDoubleCheck()) {
                    operator.put(n, lane);
                }
            });
            return new PlannerState(s.retries(), s.providerCooldowns(), s.githubCooldown(), s.schedules(),
                    s.blockedRecovery(), s.recurringPointer(), operator, s.runs(), s.budgetMarks());
        }

        /** Items with a run the executor reports, an unfinished run record or a pending launch. */
        private Set<ItemRef> activeItems(List<WorkerRun> executorRuns) {
            Set<ItemRef> out = new HashSet<>();
            executorRuns.stream().filter(r -> !r.phase().terminal()).forEach(r -> out.add(r.item()));
            store.runs().stream().filter(r -> !r.phase().terminal()).forEach(r -> out.add(r.item()));
            store.pendingLaunches().forEach(p -> out.add(p.item()));
            out.addAll(unreconciled);
            return out;
        }

        /**
         * The labels of every observed item as they will be once the outbox has flushed: a label write already
         * queued counts as done, so nothing is queued twice and the assessment sees a stage the host just advanced.
         */
        private Map<ItemRef, List<String>> effectiveLabels(Observation observation) {
            Map<ItemRef, java.util.LinkedHashSet<String>> out = new HashMap<>();
            observation.issues().forEach(i -> out.put(i.ref(), new java.util.LinkedHashSet<>(i.labels())));
            observation.pulls().forEach(p -> out.put(p.ref(), new java.util.LinkedHashSet<>(p.labels())));
            for (Intent pending : outbox.pending()) {
                java.util.LinkedHashSet<String> set = pending.item() == null ? null : out.get(pending.item());
                if (set == null) {
                    continue;
                }
                if (pending.kind() == Intent.Kind.ADD_LABELS) {
                    set.addAll(pending.labels());
                } else if (pending.kind() == Intent.Kind.REMOVE_LABEL) {
                    set.remove(pending.label());
                }
            }
            Map<ItemRef, List<String>> result = new HashMap<>();
            out.forEach((k, v) -> result.put(k, List.copyOf(v)));
            return result;
        }

        /**
         * Every open PR is assessed (a pure function, re-used while the PR's head, labels and the inputs are
         * unchanged) and planned in the lane the assessment gives; a managed PR's labels follow the assessment.
         */
        private List<PullRequest> assessPulls(Observation observation, Map<ItemRef, List<String>> labels,
                PlannerState state, Set<ItemRef> active) {
            List<PullRequest> out = new ArrayList<>();
            for (PullRequest pr : observation.pulls()) {
                List<String> prLabels = labels.getOrDefault(pr.ref(), pr.labels());
                Integer linked = null;
                for (int n : links.linkedIssues(pr)) {
                    linked = n;
                    break;
                }
                Issue issue = linked == null ? null : issues.get(linked);
                List<String> issueLabels = issue == null ? List.of()
                        : labels.getOrDefault(issue.ref(), issue.labels());
                PrLane override = state.prLaneOverrides().get(pr.number());
                boolean running = active.contains(pr.ref());
                Observation.PullDetails details = observation.details().get(pr.number());
                AssessmentKey key = new AssessmentKey(pr.number(), pr.headSha(), pr.updatedAt(), prLabels,
                        issueLabels, override, running, details);
                Assessment a = assessments.get(key);
                if (a == null) {
                    a = assessor.assess(PrObservation.of(pr, details, issueLabels, prLabels), override, running);
                    assessments.keep(key, a);
                }
                assessedNow.put(pr.number(), a);
                out.add(withLane(pr, a.lane()));
                LabelSync.Change change = LabelSync.forPr(profile, a, prLabels, issueLabels);
                queueChange(pr.ref(), change);
                if (issue != null && !active.contains(issue.ref()) && issueLabels.contains(profile.labels().running())
                        && a.managed()) {
                    queue(Intent.Kind.REMOVE_LABEL, issue.ref(), profile.labels().running(),
                            k -> Intent.removeLabel(k, issue.ref(), profile.labels().running()));
                }
            }
            return out;
        }

        /** Schedule labels of every open issue, and stale running (and with it blocked) labels. */
        private void syncIssueLabels(Observation observation, Map<ItemRef, List<String>> labels, Set<ItemRef> active) {
            for (Issue issue : observation.issues()) {
                List<String> have = labels.getOrDefault(issue.ref(), issue.labels());
                queueChange(issue.ref(), LabelSync.forIssue(profile, issue, have, active.contains(issue.ref())));
            }
        }

        private void queueChange(ItemRef item, LabelSync.Change change) {
            if (change.isEmpty()) {
                return;
            }
            if (!change.add().isEmpty()) {
                String joined = String.join(",", change.add());
                queue(Intent.Kind.ADD_LABELS, item, joined, k -> Intent.addLabels(k, item, change.add()));
            }
            for (String label : change.remove()) {
                queue(Intent.Kind.REMOVE_LABEL, item, label, k -> Intent.removeLabel(k, item, label));
            }
        }

        /** Nothing could be planned; writes wait in the outbox for a heartbeat that can reach GitHub. */
        private HeartbeatReport notRun(String why) {
            return new HeartbeatReport(profile.id(), now, clock.instant(), "failed", why, null, List.of(), List.of(),
                    notes, forge.stats().since(before), null);
        }

        /** Every label the profile uses exists with its colour; the outbox's keys make this free after once. */
        private void ensureLabels() {
            for (LabelCatalog.LabelSpec label : LabelCatalog.of(profile)) {
                String key = "labels/" + keyPart(label.name()) + "/" + label.color() + "-"
                        + Integer.toHexString(label.description().hashCode());
                outbox.enqueue(Intent.ensureLabel(key, label.name(), label.color(), label.description()));
            }
        }

        /**
         * Ends the executor reports: each non-terminal record becomes terminal with the executor's outcome and
         * reason, and backs the item off or clears its retries once; then the executor may forget the run. A crash
         * before the acknowledgement only means the end is reported, and found already recorded, again.
         */
        private void recordFinishedRuns(List<FinishedRun> finishedRuns) {
            for (FinishedRun end : finishedRuns) {
                Optional<WorkerRun> record = store.run(end.runId());
                if (record.isPresent() && !record.get().phase().terminal()) {
                    WorkerRun r = record.get();
                    WorkerRun ended = new WorkerRun(r.runId(), r.lane(), r.item(), end.phase(), r.startedAt(),
                            end.endedAt(), r.heavy(), r.recurring(), r.exclusive(), r.provider(), end.outcome(),
                            end.reason(), r.seenAt());
                    store.putRun(ended);
                    clearPendingLaunchOf(ended);
                    backOffAfter(ended);
                    if (end.phase() != RunPhase.SUCCEEDED) {
                        notes.add("run " + r.runId() + " on " + r.item() + " ended " + end.phase().wireName()
                                + (end.reason() != null ? ": " + end.reason() : ""));
                    }
                }
                try {
                    dispatcher.acknowledge(end.runId());
                } catch (Dispatcher.DispatchException | RuntimeException e) {
                    notes.add("the executor could not forget finished run " + end.runId() + ": " + e.getMessage());
                }
            }
        }

        /**
         * Run records the executor does not report: a pending one older than the grace is a launch that never
         * started, a running one a worker that died; both are settled as failed so they stop holding capacity. A
         * pending record the executor now reports as running is brought up to date.
         */
        private void settleRunRecords(List<WorkerRun> executorRuns) {
            Map<String, WorkerRun> known = new HashMap<>();
            executorRuns.forEach(r -> known.put(r.runId(), r));
            for (WorkerRun record : store.runs()) {
                if (record.phase().terminal()) {
                    clearPendingLaunchOf(record);
                    backOffAfter(record);
                    continue;
                }
                WorkerRun live = known.get(record.runId());
                if (live != null) {
                    boolean stale = Duration.between(record.lastSignOfLife(), now).compareTo(SIGHTING_INTERVAL) >= 0;
                    if (live.phase() != record.phase() || stale) {
                        store.putRun(record.withPhase(live.phase(), null).withSeenAt(now));
                    }
                    if (live.phase() != RunPhase.PENDING) {
                        clearPendingLaunchOf(record);
                    }
                    continue;
                }
                if (Duration.between(record.lastSignOfLife(), now).compareTo(LOST_RUN_GRACE) < 0) {
                    continue;
                }
                String reason = record.phase() == RunPhase.PENDING ? "lost-before-start"
                        : "runner-aborted-before-completion";
                WorkerRun failed = new WorkerRun(record.runId(), record.lane(), record.item(), RunPhase.FAILED,
                        record.startedAt(), now, record.heavy(), record.recurring(), record.exclusive(),
                        record.provider(), "failed", reason, record.seenAt());
                store.putRun(failed);
                clearPendingLaunchOf(record);
                backOffAfter(failed);
                notes.add("run " + record.runId() + " on " + record.item() + " settled as failed: " + reason);
            }
            for (PendingLaunch pending : store.pendingLaunches()) {
                if (store.run(pending.runId()).isEmpty()
                        && Duration.between(pending.createdAt(), now).compareTo(LOST_RUN_GRACE) >= 0) {
                    store.clearPendingLaunch(pending.item());
                    notes.add("pending launch " + pending.runId() + " on " + pending.item() + " never started");
                }
            }
        }

        /**
         * A run that failed after the item's retry state was last written backs the item off (the n-th failure waits
         * the n-th cooldown); a later success clears the retry state. Level-triggered: an outcome is accounted for
         * once, whoever settled the run (the executor, or this heartbeat).
         */
        private void backOffAfter(WorkerRun run) {
            if (run.endedAt() == null || run.lane() == Lane.CI_REFRESH || !run.countsAsAttempt()) {
                return;
            }
            Optional<RetryEntry> retry = store.retry(run.item());
            boolean newer = retry.isEmpty() || retry.get().updatedAt() == null
                    || run.endedAt().isAfter(retry.get().updatedAt());
            if (!newer) {
                return;
            }
            if (run.phase() == RunPhase.FAILED) {
                String reason = run.reason() != null ? run.reason() : "worker-failed";
                store.putRetry(run.item(), RetryEntry.schedule(retry.orElse(null),
                        profile.schedules().retryCooldowns(), run.endedAt(), reason, null, null));
            } else if (run.phase() == RunPhase.SUCCEEDED && retry.isPresent()
                    && !RunResult.BLOCKED.equals(run.outcome())) {
                // A run that ended blocked backs off from reconcile, with the blocker's reason.
                store.clearRetry(run.item());
            }
        }

        private void clearPendingLaunchOf(WorkerRun record) {
            store.pendingLaunch(record.item())
                    .filter(p -> p.runId().equals(record.runId()))
                    .ifPresent(p -> store.clearPendingLaunch(p.item()));
        }

        private void applyEffects(Plan plan) {
            for (Effect effect : plan.effects()) {
                switch (effect.kind()) {
                    case ADD_LABEL -> queue(Intent.Kind.ADD_LABELS, effect.item(), effect.label(),
                            key -> Intent.addLabels(key, effect.item(), List.of(effect.label())));
                    case REMOVE_LABEL -> queue(Intent.Kind.REMOVE_LABEL, effect.item(), effect.label(),
                            key -> Intent.removeLabel(key, effect.item(), effect.label()));
                    case RECORD_BUDGET_LABELLED -> {
                        Instant resetAt = store.budgetMark(effect.item()).map(BudgetMark::resetAt).orElse(null);
                        store.putBudgetMark(effect.item(), new BudgetMark(now, resetAt));
                    }
                    case RESET_BUDGET -> {
                        store.putBudgetMark(effect.item(), new BudgetMark(null, now));
                        notes.add(effect.item() + " has a fresh budget: a human removed '" + effect.label() + "'");
                    }
                    default -> throw new IllegalStateException("unknown effect " + effect.kind());
                }
            }
        }

        /**
         * Queues a label write unless the same write is already waiting in the outbox (a repair planned again
         * while GitHub is down must not pile up).
         */
        private void queue(Intent.Kind kind, ItemRef item, String label,
                java.util.function.Function<String, Intent> make) {
            String what = kind.shortName();
            String signature = what + " " + item + " " + label;
            if (queuedWrites == null) {
                queuedWrites = new HashSet<>();
                for (Intent pending : outbox.pending()) {
                    List<String> labels = new ArrayList<>();
                    if (pending.labels() != null) {
                        labels.addAll(pending.labels());
                    }
                    if (pending.label() != null) {
                        labels.add(pending.label());
                    }
                    for (String l : labels) {
                        queuedWrites.add(pending.kind().shortName() + " " + pending.item() + " " + l);
                    }
                }
            }
            if (label.contains(",")) {
                boolean fresh = false;
                for (String l : label.split(",")) {
                    fresh |= queuedWrites.add(what + " " + item + " " + l);
                }
                if (!fresh) {
                    return;
                }
                outbox.enqueue(make.apply("heartbeat/" + RUN_STAMP.format(now) + "/" + item.fileKey() + "/" + what
                        + "-" + Integer.toHexString(label.hashCode())));
                return;
            }
            if (queuedWrites.add(signature)) {
                outbox.enqueue(make.apply("heartbeat/" + RUN_STAMP.format(now) + "/" + item.fileKey() + "/" + what
                        + "-" + keyPart(label)));
            }
        }

        /**
         * An open PR that already works on the issue though the planner does not link it: its body or title mentions
         * {@code #N}, or its branch (ours or another tool's) is named for the issue.
         */
        private Optional<PullRequest> duplicateWork(int issue) {
            java.util.regex.Pattern mention = java.util.regex.Pattern.compile("(?<![\\w/])#" + issue + "(?!\\d)");
            java.util.regex.Pattern branch = java.util.regex.Pattern.compile("(^|[/_-])issue[-_]?" + issue
                    + "($|[^0-9])");
            return pulls.values().stream()
                    .filter(p -> mention.matcher(p.body()).find() || mention.matcher(p.title()).find()
                            || branch.matcher(p.headRef()).find())
                    .min(java.util.Comparator.comparingInt(PullRequest::number));
        }

        /** Returns whether the launch was carried out. */
        private boolean launch(Launch launch) {
            if (launch.lane() == Lane.CI_REFRESH) {
                return refreshCi(launch);
            }
            if (unreconciled.contains(launch.item())) {
                notes.add(launch.item() + " waits: its last run is not reconciled yet; not launched");
                return false;
            }
            if (!settlingChecked) {
                settlingChecked = true;
                settlingWrites();
            }
            String why = settling.get(launch.item());
            if (why != null) {
                notes.add(launch.item() + " waits: " + why + "; not launched before GitHub shows the result");
                return false;
            }
            if (launch.item().kind() == ItemRef.Kind.ISSUE && launch.lane() != Lane.SCHEDULED) {
                Optional<PullRequest> other = duplicateWork(launch.item().number());
                if (other.isPresent()) {
                    notes.add(launch.item() + " waits: duplicate-work: PR #" + other.get().number() + " ("
                            + other.get().headRef() + ") already works on it; not launched");
                    return false;
                }
            }
            String base = profile.id() + "-" + launch.lane().wireName() + "-" + launch.item().fileKey() + "-"
                    + RUN_STAMP.format(now);
            String runId = base;
            for (int n = 2; store.run(runId).isPresent(); n++) {
                runId = base + "-" + n;
            }
            String backend = BackendHealth.poolFor(profile, launch.provider()).backend();
            Optional<BackendHealth.Mark> unusable = new BackendHealth(store.root()).unusable(backend, profile);
            if (unusable.isPresent()) {
                // Launching would fail at once, at no cost but to no end: wait for the profile to be fixed.
                failures.add(launch.lane().wireName() + " " + launch.item() + ": not launched, backend " + backend
                        + " is misconfigured (" + unusable.get().detail() + "); fix agent.backends." + backend
                        + " in the profile");
                return false;
            }
            Optional<Claim> claim = store.tryClaim(launch.item(), owner);
            if (claim.isEmpty()) {
                failures.add(launch.item() + ": claimed by " + store.claim(launch.item()).map(Claim::owner)
                        .orElse("another process") + "; not launched");
                return false;
            }
            try {
                WorkerRun run = new WorkerRun(runId, launch.lane(), launch.item(), RunPhase.PENDING, now, null,
                        launch.hasTrait(HeartbeatPlanner.TRAIT_HEAVY), launch.hasTrait(HeartbeatPlanner.TRAIT_RECURRING),
                        launch.hasTrait(HeartbeatPlanner.TRAIT_EXCLUSIVE), launch.provider(), null, null);
                store.putRun(run);
                store.putPendingLaunch(new PendingLaunch(launch.item(), launch.lane(), runId, now, owner));
                try {
                    dispatcher.dispatch(new WorkerLaunch(profile.id(), runId, launch.lane(), launch.item(),
                            launch.provider(), launch.rule(), launch.traits()));
                } catch (Dispatcher.DispatchException | RuntimeException e) {
                    // Nothing ran: no record may hold capacity or spend the item's budget.
                    store.deleteRun(runId);
                    store.clearPendingLaunch(launch.item());
                    failures.add(launch.lane().wireName() + " " + launch.item() + ": dispatch failed: "
                            + e.getMessage());
                    return false;
                }
                markRunning(launch, runId);
                recordLaunch(launch);
                launched.add(runId + " (" + launch.lane().wireName() + " " + launch.item() + ", " + launch.rule()
                        + ")");
                return true;
            } finally {
                store.release(launch.item(), owner);
            }
        }

        private void markRunning(Launch launch, String runId) {
            List<String> add = new ArrayList<>();
            add.add(profile.labels().running());
            if (launch.hasTrait(HeartbeatPlanner.TRAIT_HEAVY)) {
                add.add(profile.labels().heavy());
            }
            outbox.enqueue(Intent.addLabels("run/" + runId + "/mark-running", launch.item(), add));
            List<String> labels = launch.item().kind() == ItemRef.Kind.ISSUE
                    ? Optional.ofNullable(issues.get(launch.item().number())).map(Issue::labels).orElse(List.of())
                    : Optional.ofNullable(pulls.get(launch.item().number())).map(PullRequest::labels)
                            .orElse(List.of());
            if (labels.contains(profile.labels().blocked())) {
                outbox.enqueue(Intent.removeLabel("run/" + runId + "/unblock", launch.item(),
                        profile.labels().blocked()));
            }
        }

        private void recordLaunch(Launch launch) {
            int number = launch.item().number();
            if (launch.lane() == Lane.SCHEDULED) {
                Issue issue = issues.get(number);
                long interval = issue == null ? 0 : Cadence.parseSeconds(issue.body()).orElse(0);
                if (interval > 0) {
                    store.putSchedule(number, ScheduleEntry.afterLaunch(store.schedule(number).orElse(null),
                            interval, now));
                }
            }
            if (launch.lane() == Lane.BLOCKED_RECOVERY && launch.recoveryDueAt() != null) {
                store.putBlockedRecovery(number, launch.recoveryDueAt());
            }
        }

        /**
         * A CI refresh needs no worker: the failed jobs of the head are re-run on GitHub, and the PR backs off so
         * the next heartbeat does not re-run them again before they finish.
         */
        private boolean refreshCi(Launch launch) {
            PullRequest pr = pulls.get(launch.item().number());
            if (pr == null || pr.headSha().isEmpty()) {
                failures.add("ci-refresh " + launch.item() + ": no head commit observed");
                return false;
            }
            outbox.enqueue(Intent.rerunFailedJobs("ci-refresh/" + launch.item().fileKey() + "/" + pr.headSha(),
                    launch.item(), pr.headSha()));
            RetryEntry previous = store.retry(launch.item()).orElse(null);
            store.putRetry(launch.item(), RetryEntry.schedule(previous, profile.schedules().retryCooldowns(), now,
                    "ci-refresh-rerun", null, null));
            launched.add("ci-refresh " + launch.item() + " at " + pr.headSha());
            return true;
        }

        /** Retention of run records, done outbox intents and their keys: a bounded number of files a pass. */
        private void prune(Observation observation) {
            try {
                String line = pruner.prune(observation, now);
                if (line != null) {
                    notes.add(line);
                }
            } catch (RuntimeException e) {
                failures.add("retention failed: " + e.getMessage());
            }
        }

        private String flush() {
            try {
                FlushReport report = outbox.flush(forge, FLUSH_LIMIT);
                return "sent " + report.sent() + ", confirmed " + report.confirmed() + ", deferred "
                        + report.deferred() + ", failed " + report.failed()
                        + (report.rateLimitedUntil() != null
                                ? ", rate-limited until " + PlanText.time(report.rateLimitedUntil()) : "")
                        + (report.note() != null ? " (" + report.note() + ")" : "");
            } catch (RuntimeException e) {
                failures.add("outbox flush failed: " + e.getMessage());
                return null;
            }
        }
    }

    /** A label name as a part of an outbox key, which allows {@code [A-Za-z0-9._-]}. */
    static String keyPart(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.equals(text) ? safe : safe + "-" + Integer.toHexString(text.hashCode());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (java.io.IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.replaceAll("[^A-Za-z0-9.-]", "_");
        }
    }
}
