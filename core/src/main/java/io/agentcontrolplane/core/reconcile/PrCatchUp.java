package io.agentcontrolplane.core.reconcile;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.IssueLinks;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.state.TrackedPr;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.PullRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Catching up after pull requests merged or closed outside the control plane (the original's
 * {@code catch-up-merged-prs}): every open pull request the control plane opened or works on is tracked in the state
 * ({@code tracked-prs/<n>.json}); one that leaves the open list while no run of ours is pending on it is looked at
 * once ({@link Forge#state}, one request) and cleaned up after:
 *
 * <ul>
 *   <li>merged: the agent labels leave the pull request, each linked issue loses {@code running} and
 *       {@code blocked}, is closed unless GitHub closed it already or it is recurring ({@code agent-keep-open}), and
 *       its retry and blocked-recovery state is cleared;</li>
 *   <li>closed without merging: the agent labels leave the pull request, each linked issue loses {@code running}
 *       and goes back to the queue (a blocked one stays blocked, for the blocked-recovery lane); it is never
 *       reopened.</li>
 * </ul>
 *
 * <p>Either way the pull request's retry and lane override are cleared and its record is marked caught up (kept, so
 * that nothing tracks the same closing again, until retention removes it). Level-triggered and idempotent: every
 * write is an outbox intent keyed to the pull request and the time its tracking began, state changes are idempotent,
 * and the mark goes last, so a crash anywhere is completed by the next heartbeat without writing twice. A pull
 * request seen open again after it was caught up (reopened) is tracked anew, under new keys.
 */
public final class PrCatchUp {
    /** Pull requests looked at per heartbeat at most; the rest wait for the next one. */
    public static final int LIMIT_PER_PASS = 10;
    /** A tracked pull request GitHub still calls open though it left the open list is asked about again after this. */
    public static final Duration RECHECK_OPEN = Duration.ofHours(1);

    private final Profile profile;
    private final StateStore store;
    private final Outbox outbox;
    private final Forge forge;
    private final Clock clock;
    private final IssueLinks links;

    public PrCatchUp(Profile profile, StateStore store, Outbox outbox, Forge forge, Clock clock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.store = Objects.requireNonNull(store, "store");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.forge = Objects.requireNonNull(forge, "forge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.links = new IssueLinks(profile);
    }

    /**
     * Tracks every observed open pull request that is the agents' (managed) or that a run of ours worked on; a record
     * is written only when the branch, links or labels changed.
     *
     * @param effectiveLabels each item's labels as they will be once the outbox has flushed (null: as observed)
     */
    public void track(Observation observation, Predicate<PullRequest> ours,
            Map<ItemRef, List<String>> effectiveLabels) {
        Map<Integer, TrackedPr> tracked = store.trackedPrs();
        for (PullRequest pr : observation.pulls()) {
            TrackedPr known = tracked.get(pr.number());
            if (known != null && known.isCaughtUp()) {
                if (observation.observedAt() == null || !observation.observedAt().isAfter(known.caughtUpAt())) {
                    continue; // observed before it was caught up: not reopened
                }
                known = null; // reopened since: tracked anew
            }
            if (known == null && !ours.test(pr)) {
                continue;
            }
            List<String> labels = effectiveLabels == null ? pr.labels()
                    : effectiveLabels.getOrDefault(pr.ref(), pr.labels());
            List<Integer> issues = links.linkedIssues(pr);
            TrackedPr next = known == null
                    ? new TrackedPr(pr.number(), pr.headRef(), issues, labels, clock.instant(), null, null)
                    : known.seen(pr.headRef(), issues, labels);
            if (!next.equals(known)) {
                store.putTrackedPr(next);
            }
        }
    }

    /**
     * Starts tracking a pull request the control plane just opened (it may be merged before it is observed); one
     * tracked already, or caught up already, is left as it is.
     */
    public void trackOpened(int number, String headRef, int issue) {
        if (store.trackedPr(number).isEmpty()) {
            store.putTrackedPr(new TrackedPr(number, headRef, List.of(issue), List.of(), clock.instant(), null,
                    null));
        }
    }

    /**
     * Catches up after tracked pull requests missing from a live observation; returns what was done, a line each.
     *
     * @param busy items with a run that is active or not yet reconciled (reconcile catches up after those itself)
     */
    public List<String> catchUp(Observation observation, Set<ItemRef> busy) {
        List<String> notes = new ArrayList<>();
        if (!"live".equals(observation.source())) {
            return notes;
        }
        Set<Integer> open = new java.util.HashSet<>();
        observation.pulls().forEach(p -> open.add(p.number()));
        Map<Integer, Issue> issues = new HashMap<>();
        observation.issues().forEach(i -> issues.put(i.number(), i));
        Instant now = clock.instant();
        int asked = 0;
        for (TrackedPr t : store.trackedPrs().values()) {
            if (t.isCaughtUp() || open.contains(t.number()) || busy.contains(ItemRef.pr(t.number()))
                    || t.checkedAt() != null && t.checkedAt().plus(RECHECK_OPEN).isAfter(now)) {
                continue;
            }
            if (asked >= LIMIT_PER_PASS) {
                notes.add("catch-up: more pull requests left the open list; the next heartbeat looks at them");
                break;
            }
            Optional<Instant> limited = rateLimitedUntil(now);
            if (limited.isPresent()) {
                notes.add("catch-up waits: GitHub's limit is exhausted until " + limited.get());
                break;
            }
            asked++;
            String state;
            try {
                state = forge.state(ItemRef.pr(t.number()));
            } catch (ForgeException e) {
                if (e.kind() == ForgeException.Kind.NOT_FOUND) {
                    store.putTrackedPr(t.caughtUp(now));
                    notes.add("catch-up: pr#" + t.number() + " is gone from GitHub; no longer tracked");
                    continue;
                }
                notes.add("catch-up of pr#" + t.number() + " waits: " + e.getMessage());
                break;
            }
            if ("open".equals(state)) {
                store.putTrackedPr(t.checked(now));
                notes.add("catch-up: pr#" + t.number() + " is open but was not listed; asked again after "
                        + RECHECK_OPEN.toMinutes() + " minutes");
                continue;
            }
            List<String> steps = cleanUp(t, state, t.labels(), issues::get, busy::contains);
            store.putTrackedPr(t.caughtUp(now));
            notes.add("catch-up: pr#" + t.number() + " was " + state + " outside the control plane: "
                    + (steps.isEmpty() ? "nothing to clean" : String.join("; ", steps)));
        }
        return notes;
    }

    /**
     * The writes and state changes after a pull request was merged or closed, shared with reconcile (which catches up
     * when a run of its own finds the pull request gone). Idempotent: the keys are the pull request's and its
     * tracking time's.
     *
     * @param prLabels the pull request's labels when last seen, or null when unknown (every agent label is removed)
     * @param openIssue an issue as observed open, or null when it is not open (GitHub closed it)
     * @param busy whether another run holds an item (its {@code running} label and state stay)
     * @return what was done
     */
    public List<String> cleanUp(TrackedPr t, String state, List<String> prLabels,
            java.util.function.IntFunction<Issue> openIssue, Predicate<ItemRef> busy) {
        Profile.Labels l = profile.labels();
        ItemRef prRef = ItemRef.pr(t.number());
        String key = "catchup/" + prRef.fileKey() + "-" + t.since().toEpochMilli();
        List<String> steps = new ArrayList<>();
        Set<String> present = prLabels == null ? null : new LinkedHashSet<>(prLabels);
        if (present != null) {
            for (Intent pending : outbox.pending()) {
                if (prRef.equals(pending.item()) && pending.kind() == Intent.Kind.ADD_LABELS) {
                    present.addAll(pending.labels());
                }
            }
        }
        for (String label : List.of(l.running(), l.automerge(), l.repairQueued(), l.ciRefresh(), l.ciBypassed(),
                l.doubleCheck1(), l.doubleCheck2(), l.humanReview(), l.blocked())) {
            if (present == null || present.contains(label)) {
                outbox.enqueue(Intent.removeLabel(key + "/unlabel-" + Reconciler.safe(label), prRef, label));
                steps.add("unlabel " + prRef + " '" + label + "'");
            }
        }
        store.clearRetry(prRef);
        store.clearPrLaneOverride(t.number());
        boolean merged = "merged".equals(state);
        for (int n : t.issues()) {
            ItemRef issueRef = ItemRef.issue(n);
            if (busy.test(issueRef)) {
                steps.add(issueRef + " has a run of its own: left as it is");
                continue;
            }
            Issue issue = openIssue.apply(n);
            if (merged) {
                store.clearRetry(issueRef);
                store.clearBlockedRecovery(n);
            }
            if (issue == null) {
                continue; // not open (GitHub closed it with the merge, or someone did): nothing to write
            }
            List<String> stale = merged ? List.of(l.running(), l.blocked()) : List.of(l.running());
            for (String label : stale) {
                if (issue.hasLabel(label)) {
                    outbox.enqueue(Intent.removeLabel(key + "/unlabel-" + issueRef.fileKey() + "-" + Reconciler.safe(label),
                            issueRef, label));
                    steps.add("unlabel " + issueRef + " '" + label + "'");
                }
            }
            if (merged && !issue.hasLabel(l.keepOpen())) {
                outbox.enqueue(Intent.closeIssue(key + "/close-" + issueRef.fileKey(), issueRef));
                steps.add("close " + issueRef + " (its pull request was merged)");
            } else if (merged) {
                steps.add(issueRef + " is recurring ('" + l.keepOpen() + "'): kept open");
            } else {
                steps.add(issueRef + " goes back to the queue" + (issue.hasLabel(l.blocked()) ? " (blocked: the"
                        + " blocked-recovery lane takes it up)" : ""));
            }
        }
        return steps;
    }

    private Optional<Instant> rateLimitedUntil(Instant now) {
        Optional<Instant> until = outbox.rateLimitedUntil();
        if (until.isPresent()) {
            return until;
        }
        return store.githubCooldown().filter(c -> !c.ready(now)).map(RetryEntry::nextAttemptAt);
    }
}
