package io.agentcontrolplane.core.plan;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, every heartbeat, what to launch and why everything else waits: a pure function of the profile, the
 * observed world, the durable state and the time. The same input always gives the same plan.
 *
 * <p>The launch order is the original's: scheduled issues that are due, then up to a few double-check reviews,
 * then one PR before any issue work, then a reservation of PR slots, then blocked-issue recovery, then ready
 * issues, then the remaining PR work. An exclusive item runs alone; an all-cooling provider or a rate-limited
 * GitHub launches nothing. Beyond the original: untrusted issues never launch, and an item whose lifetime budget is
 * spent waits for a human.
 */
public final class HeartbeatPlanner {
    public static final String TRAIT_HEAVY = "heavy";
    public static final String TRAIT_RECURRING = "recurring";
    public static final String TRAIT_SCHEDULED = "scheduled";
    public static final String TRAIT_EXCLUSIVE = "exclusive";

    private HeartbeatPlanner() {
    }

    public static Plan plan(Profile profile, World world, PlannerState state, Instant now) {
        return new Pass(profile, world, state, now).run();
    }

    private static final int ROLE_RUNNING = 1;
    private static final int ROLE_BLOCKED = 2;
    private static final int ROLE_KEEP_OPEN = 4;
    private static final int ROLE_EXCLUSIVE = 8;
    private static final int ROLE_NEEDS_HUMAN = 16;

    /** Oldest first, then by number. */
    private static final Comparator<Issue> ISSUE_ORDER = (a, b) -> {
        int c = a.createdAt().compareTo(b.createdAt());
        return c != 0 ? c : Integer.compare(a.number(), b.number());
    };

    /** A PR that may launch this pass, in the lane it launches in. */
    private record PrCandidate(PullRequest pr, PrLane lane) {
        ItemRef ref() {
            return pr.ref();
        }
    }

    /** One planning pass; mutable working counts, discarded after {@link #run()}. */
    private static final class Pass {
        private final Profile profile;
        private final Profile.Limits limits;
        private final World world;
        private final PlannerState state;
        private final Instant now;
        private final IssueTraits traits;
        private final IssueLinks links;

        private final Set<String> recorded = new HashSet<>();
        private final List<WorkerRun> activeRuns;
        private final Map<ItemRef, WorkerRun> busy;
        private final IntMap<Issue> issuesByNumber;
        private final IntMap<PullRequest> prsByNumber;
        private final Map<ItemRef, List<WorkerRun>> runsByItem;
        private final IntMap<Integer> linkedPrOfIssue;
        private final Map<Integer, Boolean> heavyCache = new HashMap<>();

        private final List<Launch> launches = new ArrayList<>();
        private final Map<ItemRef, Wait> waits;
        private final List<Wait> issueWaits;
        private final List<Effect> effects = new ArrayList<>();
        private final Set<ItemRef> launched = new HashSet<>();

        private int runningTotal;
        private int runningIssues;
        private int runningPrs;
        private int runningHeavy;
        private int runningRecurring;
        private int runningScheduled;
        private int runningScheduledHeavy;
        private int runningBlockedRecovery;
        private int runningExclusive;
        private int authWaiting;
        private int idleResident;
        private int launchedIssues;
        private int launchedPrs;
        private int openAgentPrs;
        private int pendingHumanReview;
        private int heavyDeferred;
        private int prBacklog;
        private int reservedPrSlots;
        private int issueCapacityLimit;

        private int budget;
        private WaitReason budgetGate;
        private Instant budgetGateUntil;
        private ProviderGate providerGate;
        private ExclusiveLock exclusiveLock;
        private Integer recurringPointer;
        private String launchLimitDetail;
        private String workersBusyDetail;
        private int workersBusyFor = -1;

        private final List<Issue> scheduledCandidates = new ArrayList<>();
        private final List<Issue> blockedCandidates = new ArrayList<>();
        private final List<Issue> normalCandidates = new ArrayList<>();
        private final List<PrCandidate> prCandidates = new ArrayList<>();
        private final List<PullRequest> lockablePrs = new ArrayList<>();
        private final List<Issue> exclusiveIssues = new ArrayList<>();
        private final Map<String, Integer> roleBits = new HashMap<>();
        private String roleFirstChars = "";

        Pass(Profile profile, World world, PlannerState state, Instant now) {
            this.profile = profile;
            this.limits = profile.limits();
            this.world = world;
            this.state = state;
            this.now = now;
            this.traits = new IssueTraits(profile);
            this.links = new IssueLinks(profile);
            this.waits = new HashMap<>(capacityFor(world.pulls().size()));
            this.issueWaits = new ArrayList<>(world.issues().size());
            this.issuesByNumber = new IntMap<>(world.issues().size());
            this.prsByNumber = new IntMap<>(world.pulls().size());
            this.linkedPrOfIssue = new IntMap<>(world.pulls().size());
            this.runsByItem = new HashMap<>(capacityFor(state.runs().size() + world.runs().size()));
            this.busy = new HashMap<>(capacityFor(world.runs().size() + state.runs().size()));
            this.activeRuns = mergeActiveRuns();
            this.recurringPointer = state.recurringPointer();
            this.issueCapacityLimit = limits.maxWorkers();
            Profile.Labels labels = profile.labels();
            roleBits.merge(labels.running(), ROLE_RUNNING, (a, b) -> a | b);
            roleBits.merge(labels.blocked(), ROLE_BLOCKED, (a, b) -> a | b);
            roleBits.merge(labels.keepOpen(), ROLE_KEEP_OPEN, (a, b) -> a | b);
            roleBits.merge(labels.exclusive(), ROLE_EXCLUSIVE, (a, b) -> a | b);
            roleBits.merge(labels.needsHuman(), ROLE_NEEDS_HUMAN, (a, b) -> a | b);
            StringBuilder firsts = new StringBuilder();
            for (String role : roleBits.keySet()) {
                if (!role.isEmpty() && firsts.indexOf(role.substring(0, 1)) < 0) {
                    firsts.append(role.charAt(0));
                }
            }
            roleFirstChars = firsts.toString();
        }

        Plan run() {
            index();
            countRunning();
            gateLaunchBudget();
            classifyIssues();
            classifyPrs();
            if (applyExclusiveLock()) {
                planLaunches();
            }
            List<Wait> sortedWaits = inItemOrder(issueWaits, waits.values());
            int retryIssues = 0;
            int retryPrs = 0;
            for (Wait wait : sortedWaits) {
                if (wait.reason() == WaitReason.RETRY_COOLDOWN) {
                    if (wait.item().kind() == ItemRef.Kind.ISSUE) {
                        retryIssues++;
                    } else {
                        retryPrs++;
                    }
                }
            }
            Counts counts = new Counts(runningTotal, runningIssues, runningPrs, runningHeavy, runningRecurring,
                    runningScheduled, runningScheduledHeavy, runningBlockedRecovery, runningExclusive, authWaiting,
                    idleResident, launchedIssues, launchedPrs, budget, prBacklog, reservedPrSlots,
                    issueCapacityLimit, openAgentPrs, pendingHumanReview, heavyDeferred, retryIssues, retryPrs);
            return new Plan(profile.id(), now, world.source(), providerGate, exclusiveLock, launches, sortedWaits,
                    effects, counts, recurringPointer);
        }

        // ---- ordering -----------------------------------------------------------------------------------------

        /**
         * Issues oldest first, then by number: a sort of packed primitive keys (creation second, number), with the
         * comparator only when the keys do not fit or two issues share a second and differ below it.
         */
        private List<Issue> inCreationOrder(List<Issue> issues) {
            int n = issues.size();
            long[] keys = new long[n];
            boolean packable = true;
            for (int i = 0; i < n && packable; i++) {
                Issue issue = issues.get(i);
                long second = issue.createdAt().getEpochSecond();
                packable = issue.number() < (1 << 24) && issue.createdAt().getNano() == 0
                        && second >= 0 && second < (1L << 38);
                keys[i] = (second << 24) | issue.number();
            }
            if (!packable) {
                List<Issue> ordered = new ArrayList<>(issues);
                ordered.sort(ISSUE_ORDER);
                return ordered;
            }
            java.util.Arrays.sort(keys);
            List<Issue> ordered = new ArrayList<>(n);
            for (long key : keys) {
                ordered.add(issuesByNumber.get((int) (key & ((1 << 24) - 1))));
            }
            return ordered;
        }

        /** Waits issues first, each kind by number: one sort of packed keys (kind, number, position). */
        private static List<Wait> inItemOrder(List<Wait> issueWaits, java.util.Collection<Wait> prWaits) {
            Wait[] all = new Wait[issueWaits.size() + prWaits.size()];
            int at = 0;
            for (Wait wait : issueWaits) {
                all[at++] = wait;
            }
            for (Wait wait : prWaits) {
                all[at++] = wait;
            }
            if (all.length >= (1 << 20)) {
                List<Wait> ordered = new ArrayList<>(List.of(all));
                ordered.sort(Comparator.comparing(Wait::item));
                return ordered;
            }
            long[] keys = new long[all.length];
            for (int i = 0; i < all.length; i++) {
                ItemRef item = all[i].item();
                long kind = item.kind() == ItemRef.Kind.ISSUE ? 0 : 1;
                keys[i] = (kind << 52) | ((long) item.number() << 20) | i;
            }
            java.util.Arrays.sort(keys);
            List<Wait> ordered = new ArrayList<>(all.length);
            for (long key : keys) {
                ordered.add(all[(int) (key & ((1 << 20) - 1))]);
            }
            return ordered;
        }

        private static int capacityFor(int entries) {
            return Math.max(16, (int) (entries / 0.75f) + 1);
        }

        // ---- observation ------------------------------------------------------------------------------------

        /**
         * Runs the executor reports, plus unfinished run records it does not know (a pending launch, say). What the
         * executor says of a run wins over its record, which may lag behind.
         */
        private List<WorkerRun> mergeActiveRuns() {
            Map<String, WorkerRun> records = new HashMap<>();
            for (WorkerRun record : state.runs()) {
                records.putIfAbsent(record.runId(), record);
            }
            Map<String, WorkerRun> byId = new HashMap<>();
            List<WorkerRun> runs = new ArrayList<>();
            for (WorkerRun run : world.runs()) {
                if (byId.containsKey(run.runId())) {
                    continue;
                }
                WorkerRun record = records.get(run.runId());
                WorkerRun merged = record == null ? run : record.withPhase(run.phase(), run.endedAt());
                byId.put(run.runId(), merged);
                if (record != null) {
                    recorded.add(run.runId());
                }
                if (!merged.phase().terminal()) {
                    runs.add(merged);
                }
            }
            for (WorkerRun record : records.values()) {
                if (!record.phase().terminal() && !byId.containsKey(record.runId())) {
                    recorded.add(record.runId());
                    runs.add(record);
                }
            }
            runs.sort((a, b) -> a.runId().compareTo(b.runId()));
            return runs;
        }

        private void index() {
            for (WorkerRun run : activeRuns) {
                busy.putIfAbsent(run.item(), run);
            }
            for (Issue issue : world.issues()) {
                issuesByNumber.put(issue.number(), issue);
                if (issue.linkedPr() != null) {
                    linkedPrOfIssue.putMin(issue.number(), issue.linkedPr(), Integer::compare);
                }
            }
            for (PullRequest pr : world.pulls()) {
                prsByNumber.put(pr.number(), pr);
                if (links.isManaged(pr)) {
                    openAgentPrs++;
                    for (int issue : links.linkedIssues(pr)) {
                        linkedPrOfIssue.putMin(issue, pr.number(), Integer::compare);
                    }
                }
            }
            Set<String> seen = new HashSet<>();
            for (WorkerRun run : activeRuns) {
                seen.add(run.runId());
                runsByItem.computeIfAbsent(run.item(), k -> new ArrayList<>()).add(run);
            }
            for (WorkerRun run : state.runs()) {
                if (seen.add(run.runId())) {
                    runsByItem.computeIfAbsent(run.item(), k -> new ArrayList<>()).add(run);
                }
            }
        }

        private boolean heavy(Issue issue) {
            return heavyCache.computeIfAbsent(issue.number(), n -> traits.heavy(issue));
        }

        private void countRunning() {
            for (WorkerRun run : activeRuns) {
                boolean exclusive = run.exclusive() || itemHasLabel(run.item(), profile.labels().exclusive());
                if (exclusive) {
                    runningExclusive++;
                }
                if (run.phase() == RunPhase.WAITING_AUTH) {
                    authWaiting++;
                    continue;
                }
                if (run.phase() == RunPhase.IDLE_RESIDENT) {
                    idleResident++;
                    continue;
                }
                if (!run.phase().holdsCapacity() || !run.lane().occupiesWorker()) {
                    continue;
                }
                runningTotal++;
                if (run.lane().isPr()) {
                    runningPrs++;
                    continue;
                }
                runningIssues++;
                // A run we launched carries the classification it launched with (labels added since still count);
                // a run we know nothing of is classified afresh.
                Issue issue = issuesByNumber.get(run.item().number());
                boolean heavy = run.heavy() || (issue != null
                        && (recorded.contains(run.runId()) ? traits.heavyByLabel(issue) : heavy(issue)));
                boolean recurring = run.recurring() || (issue != null && traits.recurring(issue));
                if (heavy) {
                    runningHeavy++;
                }
                if (recurring) {
                    runningRecurring++;
                }
                if (run.lane() == Lane.SCHEDULED) {
                    runningScheduled++;
                    if (heavy) {
                        runningScheduledHeavy++;
                    }
                }
                if (run.lane() == Lane.BLOCKED_RECOVERY) {
                    runningBlockedRecovery++;
                }
            }
        }

        private boolean itemHasLabel(ItemRef item, String label) {
            if (item.kind() == ItemRef.Kind.ISSUE) {
                Issue issue = issuesByNumber.get(item.number());
                return issue != null && issue.hasLabel(label);
            }
            PullRequest pr = prsByNumber.get(item.number());
            return pr != null && pr.hasLabel(label);
        }

        /** A rate-limited GitHub or an all-cooling provider leaves no launch budget this heartbeat. */
        private void gateLaunchBudget() {
            budget = limits.maxLaunchesPerHeartbeat();
            List<Profile.ProviderPool> pools = profile.agent().effectivePools();
            Profile.ProviderPool chosen = null;
            for (Profile.ProviderPool pool : pools) {
                RetryEntry cooldown = state.providerCooldowns().get(pool.providerKey());
                if (cooldown == null || cooldown.ready(now)) {
                    chosen = pool;
                    break;
                }
            }
            if (chosen != null) {
                providerGate = new ProviderGate(chosen.name(), chosen.backend(), chosen.providerKey(), "ready", true,
                        null, null);
            } else {
                Profile.ProviderPool soonest = null;
                RetryEntry soonestEntry = null;
                for (Profile.ProviderPool pool : pools) {
                    RetryEntry entry = state.providerCooldowns().get(pool.providerKey());
                    if (soonestEntry == null || entry.nextAttemptAt().isBefore(soonestEntry.nextAttemptAt())) {
                        soonest = pool;
                        soonestEntry = entry;
                    }
                }
                providerGate = new ProviderGate(soonest.name(), soonest.backend(), soonest.providerKey(),
                        "all-cooldown", false, soonestEntry.nextAttemptAt(), soonestEntry.lastReason());
                budget = 0;
                budgetGate = WaitReason.PROVIDER_COOLDOWN;
                budgetGateUntil = soonestEntry.nextAttemptAt();
            }
            RetryEntry github = state.githubCooldown();
            if (github != null && !github.ready(now)) {
                budget = 0;
                budgetGate = WaitReason.GITHUB_COOLDOWN;
                budgetGateUntil = github.nextAttemptAt();
            }
        }

        // ---- eligibility ------------------------------------------------------------------------------------

        /** An item with an unreadable state record waits for a person: its retry, schedule or run is unknown. */
        private boolean unreadable(ItemRef ref) {
            String why = state.unreadable().get(ref);
            if (why != null) {
                wait(ref, WaitReason.STATE_UNREADABLE, null, null, why);
                return true;
            }
            return false;
        }

        private void classifyIssues() {
            List<Issue> ordered = inCreationOrder(world.issues());
            List<Issue> recurring = new ArrayList<>();
            for (Issue issue : ordered) {
                ItemRef ref = issue.ref();
                int roles = roles(issue.labels());
                WorkerRun run = busy.get(ref);
                if (run != null) {
                    wait(ref, WaitReason.ALREADY_RUNNING, null, null,
                            "run " + run.runId() + " (" + run.lane().wireName() + ") is " + run.phase().wireName());
                    continue;
                }
                if (unreadable(ref)) {
                    continue;
                }
                Integer linked = linkedPrOfIssue.get(issue.number());
                if (linked != null) {
                    wait(ref, WaitReason.LINKED_TO_OPEN_PR, null, ItemRef.pr(linked),
                            "open agent PR #" + linked + " carries its work");
                    continue;
                }
                if ((roles & ROLE_RUNNING) != 0) {
                    repairStaleRunningLabel(ref);
                }
                if (!traits.trusted(issue)) {
                    wait(ref, WaitReason.UNTRUSTED_AUTHOR, null, null, "author @" + issue.author() + " has "
                            + issue.authorPermission().wireName() + " permission; needs "
                            + profile.trust().minimumPermission().wireName() + ", or label '"
                            + profile.trust().optInLabel() + "' applied by such a user");
                    continue;
                }
                OptionalLong cadence = Cadence.parseSeconds(issue.body());
                boolean keepOpen = (roles & ROLE_KEEP_OPEN) != 0;
                if (budgetHolds(ref, (roles & ROLE_NEEDS_HUMAN) != 0, cadence.isPresent() || keepOpen)) {
                    continue;
                }
                if ((roles & ROLE_EXCLUSIVE) != 0) {
                    exclusiveIssues.add(issue);
                }
                if ((roles & ROLE_BLOCKED) != 0) {
                    blockedCandidates.add(issue);
                } else if (cadence.isPresent()) {
                    scheduledCandidates.add(issue);
                } else if (keepOpen) {
                    recurring.add(issue);
                } else {
                    normalCandidates.add(issue);
                }
            }
            normalCandidates.addAll(rotate(recurring));
        }

        /** Recurring issues in rotation: starting after the one launched last, wrapping around. */
        private List<Issue> rotate(List<Issue> recurring) {
            Integer pointer = state.recurringPointer();
            if (pointer == null || recurring.isEmpty()) {
                return recurring;
            }
            int start = 0;
            int exact = -1;
            for (int i = 0; i < recurring.size(); i++) {
                if (recurring.get(i).number() == pointer) {
                    exact = i;
                    break;
                }
            }
            if (exact >= 0) {
                start = exact + 1;
            } else {
                for (int i = 0; i < recurring.size(); i++) {
                    if (recurring.get(i).number() > pointer) {
                        start = i;
                        break;
                    }
                }
            }
            List<Issue> rotated = new ArrayList<>(recurring.size());
            for (int i = 0; i < recurring.size(); i++) {
                rotated.add(recurring.get((start + i) % recurring.size()));
            }
            return rotated;
        }

        private void classifyPrs() {
            List<PullRequest> ordered = new ArrayList<>(world.pulls());
            ordered.sort(Comparator.comparingInt(PullRequest::number));
            for (PullRequest pr : ordered) {
                ItemRef ref = pr.ref();
                if (!links.isManaged(pr)) {
                    wait(ref, WaitReason.NOT_MANAGED, null, null,
                            "branch '" + pr.headRef() + "' is not an agent branch and the PR has no '"
                                    + profile.labels().handoff() + "' label");
                    continue;
                }
                WorkerRun run = busy.get(ref);
                if (run != null) {
                    wait(ref, WaitReason.ALREADY_RUNNING, null, null,
                            "run " + run.runId() + " (" + run.lane().wireName() + ") is " + run.phase().wireName());
                    continue;
                }
                if (unreadable(ref)) {
                    continue;
                }
                if (pr.hasLabel(profile.labels().running())) {
                    repairStaleRunningLabel(ref);
                }
                if (budgetHolds(ref, pr.hasLabel(profile.labels().needsHuman()), false)) {
                    continue;
                }
                PrLane override = state.prLaneOverrides().get(pr.number());
                PrLane lane = override != null ? override : pr.lane();
                if (lane != PrLane.HUMAN_REVIEW && pr.hasLabel(profile.labels().exclusive())) {
                    lockablePrs.add(pr);
                }
                if (!lane.launchable()) {
                    waitForLane(ref, lane, override != null);
                    continue;
                }
                RetryEntry retry = state.retries().get(ref);
                if (retry != null && !retry.ready(now)) {
                    wait(ref, WaitReason.RETRY_COOLDOWN, retry.nextAttemptAt(), null,
                            "attempt " + retry.attempts() + " failed" + reasonSuffix(retry.lastReason()));
                    continue;
                }
                prCandidates.add(new PrCandidate(pr, lane));
            }
            prCandidates.sort(Comparator.comparingInt((PrCandidate c) -> c.lane().priority())
                    .thenComparingInt(c -> c.pr().number()));
        }

        private void waitForLane(ItemRef ref, PrLane lane, boolean overridden) {
            String how = overridden ? " (operator override)" : "";
            switch (lane) {
                case HUMAN_REVIEW -> {
                    pendingHumanReview++;
                    wait(ref, WaitReason.HUMAN_REVIEW, null, null,
                            "label '" + profile.labels().humanReview() + "': green and intentionally idle" + how);
                }
                case BLOCKED -> wait(ref, WaitReason.LANE_BLOCKED, null, null, "assessed blocked" + how);
                case IGNORE -> wait(ref, WaitReason.LANE_IGNORE, null, null, "assessed ignore" + how);
                default -> wait(ref, WaitReason.LANE_PENDING, null, null, "nothing to do until checks or reviews change"
                        + how);
            }
        }

        /** An item labelled running with no active run is left over from a crash: the label goes. */
        private void repairStaleRunningLabel(ItemRef ref) {
            effects.add(new Effect(Effect.Kind.REMOVE_LABEL, ref, profile.labels().running(), "no active run holds it"));
        }

        /** The role labels an issue carries, as bits, so that each is looked up once per pass. */
        private int roles(List<String> labels) {
            int bits = 0;
            for (String label : labels) {
                // Most labels are not roles: the first character rules them out without hashing.
                if (label.isEmpty() || roleFirstChars.indexOf(label.charAt(0)) < 0) {
                    continue;
                }
                Integer bit = roleBits.get(label);
                if (bit != null) {
                    bits |= bit;
                }
            }
            return bits;
        }

        /**
         * The lifetime budget: attempts and agent minutes across every lane and retry since the last reset (for
         * recurring and scheduled issues, since their last success, so a healthy cycle never runs out). Returns
         * whether the item is held.
         */
        private boolean budgetHolds(ItemRef ref, boolean labelled, boolean perCycle) {
            Profile.Budget limit = profile.budget();
            String label = profile.labels().needsHuman();
            List<WorkerRun> runs = runsByItem.getOrDefault(ref, List.of());
            if (!labelled && (runs.isEmpty() || !overBudget(runs, null))) {
                // Counting from a reset or a success only lowers the count: nothing to look up.
                return false;
            }
            BudgetMark mark = state.budgetMarks().get(ref);
            Instant since = mark != null ? mark.resetAt() : null;
            if (perCycle) {
                for (WorkerRun run : runs) {
                    if (run.phase() == RunPhase.SUCCEEDED && (since == null || !run.startedAt().isBefore(since))) {
                        since = run.startedAt().plusNanos(1);
                    }
                }
            }
            int attempts = 0;
            long minutes = 0;
            for (WorkerRun run : runs) {
                if (run.countsAsAttempt() && (since == null || !run.startedAt().isBefore(since))) {
                    attempts++;
                    minutes += run.agentMinutes(now);
                }
            }
            boolean over = attempts >= limit.maxAttempts() || minutes >= limit.maxAgentMinutes();
            if (over) {
                String spent = attempts + "/" + limit.maxAttempts() + " attempts, " + minutes + "/"
                        + limit.maxAgentMinutes() + " agent minutes";
                boolean weLabelled = mark != null && mark.labelledAt() != null;
                if (!labelled && weLabelled) {
                    effects.add(new Effect(Effect.Kind.RESET_BUDGET, ref, label,
                            "a human removed '" + label + "': fresh budget"));
                    return false;
                }
                if (!labelled) {
                    // Recorded only once the label is seen: a queued label write is not yet a label a human
                    // could have removed.
                    effects.add(new Effect(Effect.Kind.ADD_LABEL, ref, label, "lifetime budget spent: " + spent));
                } else if (!weLabelled) {
                    effects.add(new Effect(Effect.Kind.RECORD_BUDGET_LABELLED, ref, label, null));
                }
                wait(ref, WaitReason.BUDGET_EXHAUSTED, null, null,
                        spent + "; remove label '" + label + "' to grant a fresh budget");
                return true;
            }
            if (labelled) {
                wait(ref, WaitReason.NEEDS_HUMAN, null, null, "remove label '" + label + "' to let agents work on it");
                return true;
            }
            return false;
        }

        /** Whether all the runs counted from {@code since} (all runs when null) reach a budget limit. */
        private boolean overBudget(List<WorkerRun> runs, Instant since) {
            int attempts = 0;
            long minutes = 0;
            for (WorkerRun run : runs) {
                if (run.countsAsAttempt() && (since == null || !run.startedAt().isBefore(since))) {
                    attempts++;
                    minutes += run.agentMinutes(now);
                }
            }
            return attempts >= profile.budget().maxAttempts() || minutes >= profile.budget().maxAgentMinutes();
        }

        // ---- exclusive lock ---------------------------------------------------------------------------------

        /**
         * Returns whether launch planning goes on. A running exclusive item stops it; a pending one restricts it to
         * that item.
         */
        private boolean applyExclusiveLock() {
            WorkerRun holder = null;
            for (WorkerRun run : activeRuns) {
                if (run.exclusive() || itemHasLabel(run.item(), profile.labels().exclusive())) {
                    holder = run;
                    break;
                }
            }
            if (holder != null) {
                exclusiveLock = new ExclusiveLock("running", holder.item(), "run " + holder.runId() + " is "
                        + holder.phase().wireName());
                holdAllCandidatesFor(holder.item(), null);
                return false;
            }
            ItemRef lockItem = null;
            if (!lockablePrs.isEmpty()) {
                lockItem = lockablePrs.get(0).ref();
            } else {
                Issue first = firstExclusiveReadyIssue();
                if (first != null) {
                    lockItem = first.ref();
                }
            }
            if (lockItem == null) {
                return true;
            }
            holdAllCandidatesFor(lockItem, lockItem);
            exclusiveLock = new ExclusiveLock("pending", lockItem, null);
            return true;
        }

        private Issue firstExclusiveReadyIssue() {
            // exclusiveIssues is in creation order: the first that may lock is the one.
            for (Issue issue : exclusiveIssues) {
                boolean blocked = issue.hasLabel(profile.labels().blocked());
                boolean scheduled = !blocked && Cadence.parseSeconds(issue.body()).isPresent();
                // A scheduled issue that is not due would hold every other item for hours: it locks only when due.
                // Likewise a blocked issue locks only when recovery would take it up now; without this it would
                // launch through recovery beside whatever else this pass launches.
                if (blocked ? recoveryDue(issue) : !scheduled || scheduleDue(issue)) {
                    return issue;
                }
            }
            return null;
        }

        /** Whether recovery would take a blocked issue up now, capacity aside (the gates of planBlockedRecovery). */
        private boolean recoveryDue(Issue issue) {
            RetryEntry retry = state.retries().get(issue.ref());
            if (BlockerReasons.recoveryReason(retry, issue.latestBlockerComment()).isEmpty()
                    || BlockerReasons.baselineUnchanged(retry, world.defaultBranchSha())
                    || limits.maxBlockedRecoveryWorkers() == 0) {
                return false;
            }
            Instant dueAt = state.blockedRecovery().get(issue.number());
            return dueAt == null || !dueAt.isAfter(now);
        }

        /** Every candidate but {@code keep} waits behind {@code holder}. */
        private void holdAllCandidatesFor(ItemRef holder, ItemRef keep) {
            String detail = "exclusive item " + holder + " runs alone";
            for (List<Issue> list : List.of(scheduledCandidates, blockedCandidates, normalCandidates)) {
                list.removeIf(issue -> {
                    if (issue.ref().equals(keep)) {
                        return false;
                    }
                    wait(issue.ref(), WaitReason.EXCLUSIVE_LOCK, null, holder, detail);
                    return true;
                });
            }
            prCandidates.removeIf(c -> {
                if (c.ref().equals(keep)) {
                    return false;
                }
                wait(c.ref(), WaitReason.EXCLUSIVE_LOCK, null, holder, detail);
                return true;
            });
        }

        // ---- launch planning --------------------------------------------------------------------------------

        private void planLaunches() {
            planScheduled();
            planDoubleCheckFastPath();
            planFirstPr();
            computeReservation();
            planBlockedRecovery();
            planNormalIssues();
            planPrFill();
            if (exclusiveLock != null) {
                ItemRef item = exclusiveLock.item();
                Wait wait = waitOf(item);
                String reason = launched.contains(item) ? "launched"
                        : wait != null ? wait.reason().code() : "not-launchable";
                exclusiveLock = new ExclusiveLock("pending", item, reason);
            }
        }

        private void planScheduled() {
            List<Issue> due = new ArrayList<>();
            for (Issue issue : scheduledCandidates) {
                ScheduleEntry entry = state.schedules().get(issue.number());
                if (entry != null && entry.nextDueAt().isAfter(now)) {
                    wait(issue.ref(), WaitReason.SCHEDULE_NOT_DUE, entry.nextDueAt(), null,
                            "every " + Cadence.labelSuffix(Cadence.parseSeconds(issue.body()).orElseThrow()));
                } else {
                    due.add(issue);
                }
            }
            due.sort(Comparator.comparing((Issue i) -> dueTime(i)).thenComparingInt(Issue::number));
            for (Issue issue : due) {
                ItemRef ref = issue.ref();
                if (budgetBlocks(ref)) {
                    continue;
                }
                if (runningTotal >= limits.maxWorkers()) {
                    wait(ref, WaitReason.CAPACITY_FULL, null, null, workersBusy());
                    continue;
                }
                if (runningScheduled >= limits.maxScheduledWorkers()) {
                    wait(ref, WaitReason.SCHEDULED_CAP, null, null, limits.maxScheduledWorkers() == 0
                            ? "scheduled lane disabled (limits.maxScheduledWorkers is 0)"
                            : runningScheduled + "/" + limits.maxScheduledWorkers() + " scheduled workers busy");
                    continue;
                }
                boolean heavy = heavy(issue);
                if (heavy && runningScheduledHeavy >= limits.maxScheduledHeavyWorkers()) {
                    heavyDeferred++;
                    wait(ref, WaitReason.HEAVY_SLOT_BUSY, null, null, runningScheduledHeavy + "/"
                            + limits.maxScheduledHeavyWorkers() + " scheduled heavy workers busy");
                    continue;
                }
                long interval = Cadence.parseSeconds(issue.body()).orElseThrow();
                ScheduleEntry next = ScheduleEntry.afterLaunch(state.schedules().get(issue.number()), interval, now);
                runningScheduled++;
                if (heavy) {
                    runningScheduledHeavy++;
                }
                launchIssue(issue, Lane.SCHEDULED, "scheduled-due", heavy, true, next.nextDueAt(), null);
            }
        }

        private boolean scheduleDue(Issue issue) {
            ScheduleEntry entry = state.schedules().get(issue.number());
            return entry == null || !entry.nextDueAt().isAfter(now);
        }

        private Instant dueTime(Issue issue) {
            ScheduleEntry entry = state.schedules().get(issue.number());
            return entry == null ? Instant.EPOCH : entry.nextDueAt();
        }

        private void planDoubleCheckFastPath() {
            int left = limits.doubleCheckFastLaunches();
            for (PrCandidate candidate : prCandidates) {
                if (left <= 0) {
                    break;
                }
                if (!candidate.lane().isDoubleCheck() || launched.contains(candidate.ref())) {
                    continue;
                }
                if (!prBlocked(candidate)) {
                    launchPr(candidate, "double-check-fast-path");
                    left--;
                }
            }
        }

        private void planFirstPr() {
            for (PrCandidate candidate : prCandidates) {
                if (launched.contains(candidate.ref())) {
                    continue;
                }
                if (!prBlocked(candidate)) {
                    launchPr(candidate, "first-pr");
                    return;
                }
            }
        }

        /**
         * Keeps worker slots free for PR work so that issues never starve it: at least the configured floor, or the
         * whole double-check backlog, within what the PR lanes and the workers can still take.
         */
        private void computeReservation() {
            int backlog = 0;
            int priorityBacklog = 0;
            for (PrCandidate candidate : prCandidates) {
                if (!launched.contains(candidate.ref()) && candidate.lane().countsForReservation()) {
                    backlog++;
                    if (candidate.lane().isDoubleCheck()) {
                        priorityBacklog++;
                    }
                }
            }
            prBacklog = backlog;
            if (backlog == 0) {
                reservedPrSlots = 0;
                issueCapacityLimit = limits.maxWorkers();
                return;
            }
            int reserved = Math.max(limits.prReservationFloor(), priorityBacklog);
            reserved = Math.min(reserved, backlog);
            reserved = Math.min(reserved, Math.max(0, limits.maxPrWorkers() - runningPrs));
            reserved = Math.min(reserved, Math.max(0, limits.maxWorkers() - runningTotal));
            reservedPrSlots = Math.max(0, reserved);
            issueCapacityLimit = Math.max(limits.maxWorkers() - reservedPrSlots, runningTotal);
        }

        private void planBlockedRecovery() {
            List<Issue> due = new ArrayList<>();
            Map<Integer, String> reasons = new HashMap<>();
            for (Issue issue : blockedCandidates) {
                ItemRef ref = issue.ref();
                RetryEntry retry = state.retries().get(ref);
                var reason = BlockerReasons.recoveryReason(retry, issue.latestBlockerComment());
                if (reason.isEmpty()) {
                    wait(ref, WaitReason.BLOCKED_MANUALLY, null, null,
                            "label '" + profile.labels().blocked() + "' with no recorded failure or blocker comment");
                    continue;
                }
                if (baselineHolds(ref, retry)) {
                    continue;
                }
                if (limits.maxBlockedRecoveryWorkers() == 0) {
                    wait(ref, WaitReason.BLOCKED_RECOVERY_DISABLED, null, null,
                            reason.get() + "; limits.maxBlockedRecoveryWorkers is 0");
                    continue;
                }
                Instant dueAt = state.blockedRecovery().get(issue.number());
                if (dueAt != null && dueAt.isAfter(now)) {
                    wait(ref, WaitReason.BLOCKED_RECOVERY_NOT_DUE, dueAt, null, reason.get());
                    continue;
                }
                reasons.put(issue.number(), reason.get());
                due.add(issue);
            }
            due.sort(Comparator.comparing((Issue i) -> state.blockedRecovery().getOrDefault(i.number(), Instant.EPOCH))
                    .thenComparingInt(Issue::number));
            for (Issue issue : due) {
                ItemRef ref = issue.ref();
                if (retryHolds(ref, state.retries().get(ref))) {
                    continue;
                }
                if (budgetBlocks(ref)) {
                    continue;
                }
                if (runningTotal >= limits.maxWorkers()) {
                    wait(ref, WaitReason.CAPACITY_FULL, null, null, workersBusy());
                    continue;
                }
                if (runningBlockedRecovery >= limits.maxBlockedRecoveryWorkers()) {
                    wait(ref, WaitReason.BLOCKED_RECOVERY_CAP, null, null, runningBlockedRecovery + "/"
                            + limits.maxBlockedRecoveryWorkers() + " blocked-recovery workers busy");
                    continue;
                }
                if (classCapsHold(issue, ref)) {
                    continue;
                }
                boolean heavy = heavy(issue);
                runningBlockedRecovery++;
                launchIssue(issue, Lane.BLOCKED_RECOVERY, "blocked-recovery:" + reasons.get(issue.number()), heavy,
                        false, null, now.plusSeconds(limits.blockedRecoveryCooldownSeconds()));
            }
        }

        private void planNormalIssues() {
            for (Issue issue : normalCandidates) {
                ItemRef ref = issue.ref();
                RetryEntry retry = state.retries().get(ref);
                if (retryHolds(ref, retry) || baselineHolds(ref, retry)) {
                    continue;
                }
                if (budgetBlocks(ref)) {
                    continue;
                }
                if (runningTotal >= issueCapacityLimit) {
                    wait(ref, WaitReason.CAPACITY_FULL, null, null, reservedPrSlots > 0
                            ? runningTotal + " running; issue capacity " + issueCapacityLimit + " of "
                                    + limits.maxWorkers() + " (" + reservedPrSlots + " reserved for PRs)"
                            : workersBusy());
                    continue;
                }
                if (classCapsHold(issue, ref)) {
                    continue;
                }
                boolean recurring = traits.recurring(issue);
                boolean heavy = heavy(issue);
                launchIssue(issue, Lane.IMPLEMENT, recurring ? "recurring-rotation" : "ready-issue", heavy, false,
                        null, null);
                if (recurring) {
                    recurringPointer = issue.number();
                }
            }
        }

        private void planPrFill() {
            for (PrCandidate candidate : prCandidates) {
                if (!launched.contains(candidate.ref()) && !prBlocked(candidate)) {
                    launchPr(candidate, "pr-fill");
                }
            }
        }

        // ---- gates --------------------------------------------------------------------------------------------

        /** No launch budget left: records why. */
        private boolean budgetBlocks(ItemRef ref) {
            if (budget > 0) {
                return false;
            }
            if (budgetGate != null) {
                String detail = budgetGate == WaitReason.PROVIDER_COOLDOWN
                        ? "provider " + providerGate.providerKey() + reasonSuffix(providerGate.lastReason())
                        : "GitHub API" + reasonSuffix(state.githubCooldown().lastReason());
                wait(ref, budgetGate, budgetGateUntil, null, detail);
            } else {
                if (launchLimitDetail == null) {
                    launchLimitDetail = limits.maxLaunchesPerHeartbeat()
                            + (limits.maxLaunchesPerHeartbeat() == 1 ? " launch" : " launches")
                            + " per heartbeat already planned";
                }
                wait(ref, WaitReason.LAUNCH_LIMIT, null, null, launchLimitDetail);
            }
            return true;
        }

        private boolean retryHolds(ItemRef ref, RetryEntry retry) {
            if (retry != null && !retry.ready(now)) {
                wait(ref, WaitReason.RETRY_COOLDOWN, retry.nextAttemptAt(), null,
                        "attempt " + retry.attempts() + " failed" + reasonSuffix(retry.lastReason()));
                return true;
            }
            return false;
        }

        /** The baseline gate: nothing to publish on the current default-branch head; records why. */
        private boolean baselineHolds(ItemRef ref, RetryEntry retry) {
            if (!BlockerReasons.baselineUnchanged(retry, world.defaultBranchSha())) {
                return false;
            }
            wait(ref, WaitReason.BASELINE_UNCHANGED, null, null, retry.lastReason() + " at "
                    + shortSha(retry.baselineHeadSha()) + "; waits for " + profile.repository().defaultBranch()
                    + " to move");
            return true;
        }

        /** The caps of the issue's classes: recurring workers and open agent PRs, then the heavy slot. */
        private boolean classCapsHold(Issue issue, ItemRef ref) {
            if (traits.recurring(issue) && recurringCapHolds(ref)) {
                return true;
            }
            return heavy(issue) && heavySlotHolds(ref);
        }

        private boolean recurringCapHolds(ItemRef ref) {
            if (runningRecurring >= limits.maxRecurringWorkers()) {
                wait(ref, WaitReason.RECURRING_CAP, null, null,
                        runningRecurring + "/" + limits.maxRecurringWorkers() + " recurring workers busy");
                return true;
            }
            int cap = limits.maxOpenAgentPrsForRecurring();
            if (cap > 0 && openAgentPrs >= cap) {
                wait(ref, WaitReason.OPEN_AGENT_PR_CAP, null, null,
                        openAgentPrs + " agent PRs open; recurring work waits below " + cap);
                return true;
            }
            return false;
        }

        private boolean heavySlotHolds(ItemRef ref) {
            if (runningHeavy >= limits.maxHeavyWorkers()) {
                heavyDeferred++;
                wait(ref, WaitReason.HEAVY_SLOT_BUSY, null, null,
                        runningHeavy + "/" + limits.maxHeavyWorkers() + " heavy workers busy");
                return true;
            }
            return false;
        }

        /** Whether a PR candidate cannot launch now; records why. */
        private boolean prBlocked(PrCandidate candidate) {
            ItemRef ref = candidate.ref();
            if (budgetBlocks(ref)) {
                return true;
            }
            if (!candidate.lane().workerLane().occupiesWorker()) {
                return false;
            }
            if (runningPrs >= limits.maxPrWorkers()) {
                wait(ref, WaitReason.PR_CAPACITY_FULL, null, null,
                        runningPrs + "/" + limits.maxPrWorkers() + " PR workers busy");
                return true;
            }
            if (runningTotal >= limits.maxWorkers()) {
                wait(ref, WaitReason.CAPACITY_FULL, null, null, workersBusy());
                return true;
            }
            return false;
        }

        private String workersBusy() {
            if (workersBusyFor != runningTotal || workersBusyDetail == null) {
                workersBusyFor = runningTotal;
                workersBusyDetail = runningTotal + "/" + limits.maxWorkers() + " workers busy";
            }
            return workersBusyDetail;
        }

        // ---- outcomes -----------------------------------------------------------------------------------------

        private void launchIssue(Issue issue, Lane lane, String rule, boolean heavy, boolean scheduled,
                Instant nextDueAt, Instant recoveryDueAt) {
            boolean recurring = traits.recurring(issue);
            boolean exclusive = traits.exclusive(issue);
            List<String> traitList = new ArrayList<>(4);
            if (heavy) {
                traitList.add(TRAIT_HEAVY);
                runningHeavy++;
            }
            if (recurring) {
                traitList.add(TRAIT_RECURRING);
                runningRecurring++;
            }
            if (scheduled) {
                traitList.add(TRAIT_SCHEDULED);
            }
            if (exclusive) {
                traitList.add(TRAIT_EXCLUSIVE);
                runningExclusive++;
            }
            runningTotal++;
            runningIssues++;
            launchedIssues++;
            record(new Launch(lane, issue.ref(), rule, providerGate.pool(), traitList, nextDueAt, recoveryDueAt));
        }

        private void launchPr(PrCandidate candidate, String rule) {
            Lane lane = candidate.lane().workerLane();
            List<String> traitList = new ArrayList<>(1);
            if (candidate.pr().hasLabel(profile.labels().exclusive())) {
                traitList.add(TRAIT_EXCLUSIVE);
                runningExclusive++;
            }
            if (lane.occupiesWorker()) {
                runningTotal++;
                runningPrs++;
            }
            launchedPrs++;
            record(new Launch(lane, candidate.ref(), rule, providerGate.pool(), traitList, null, null));
        }

        private void record(Launch launch) {
            launches.add(launch);
            launched.add(launch.item());
            waits.remove(launch.item());
            budget--;
        }

        /**
         * Records why an item waits. An issue is decided exactly once (in the one phase that handles it), so its wait
         * goes to a list; a PR's wait may be replaced by a later phase, or dropped when it launches after all.
         */
        private void wait(ItemRef ref, WaitReason reason, Instant until, ItemRef blocker, String detail) {
            Wait wait = new Wait(ref, reason, until, blocker, detail);
            if (ref.kind() == ItemRef.Kind.ISSUE) {
                issueWaits.add(wait);
            } else {
                waits.put(ref, wait);
            }
        }

        private Wait waitOf(ItemRef item) {
            if (item.kind() == ItemRef.Kind.PR) {
                return waits.get(item);
            }
            for (Wait wait : issueWaits) {
                if (wait.item().equals(item)) {
                    return wait;
                }
            }
            return null;
        }

        private static String reasonSuffix(String reason) {
            return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        }

        private static String shortSha(String sha) {
            return sha.length() > 12 ? sha.substring(0, 12) : sha;
        }
    }
}
