package io.agentcontrolplane.core.reconcile;

import io.agentcontrolplane.core.assess.Assessment;
import io.agentcontrolplane.core.assess.PrAssessor;
import io.agentcontrolplane.core.assess.PrObservation;
import io.agentcontrolplane.core.assess.StatusComments;
import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.outbox.OutboxEntry;
import io.agentcontrolplane.core.plan.BlockerReasons;
import io.agentcontrolplane.core.plan.IssueLinks;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.HostGit.HostGitException;
import io.agentcontrolplane.core.reconcile.RunDirectory.Reconciled;
import io.agentcontrolplane.core.run.RunFileException;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.state.TrackedPr;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a finished worker run into the right GitHub writes and state changes: the engine entry point the heartbeat,
 * {@code acp} and the Jenkins {@code acpReconcile} step call, {@link #reconcile(String)}.
 *
 * <p>Level-triggered and idempotent. Every GitHub write is an outbox intent under a key derived from the run (or,
 * for blocker and status comments, from the comment's content), so repeating a step never writes twice. Host steps
 * (pushing the branch the worker kept) check the remote first. State changes are keyed to the run's end time. A step
 * that must wait (the push while GitHub is unreachable, the pull request's number until the outbox has opened it)
 * leaves the run unreconciled, and the next heartbeat continues from what is already done. When everything is
 * queued, {@code reconciled.json} is written and the run is never reconciled again.
 */
public final class Reconciler {
    /** The first line of a blocker that hands the work to follow-up issues (the issue is then closed). */
    public static final String SUPERSEDED = "Superseded by focused follow-up issues:";
    public static final String QUOTA_BLOCKER = "# Blocker: Provider quota is currently exhausted";
    public static final String QUOTA_REASON = "provider-quota-limit";
    /** Status labels of scheduled checks (the original's {@code health|checks|smoke-ok/not-ok}). */
    public static final String REPORT_OK_LABEL = "agent-checks-ok";
    public static final String REPORT_ALERT_LABEL = "agent-checks-not-ok";

    private final Profile profile;
    private final StateStore store;
    private final Outbox outbox;
    private final Forge forge;
    private final HostGit git;
    private final Path runsRoot;
    private final Clock clock;
    private final IssueLinks links;
    private final PrCatchUp catchUps;
    private final HostVerification verifier;

    public Reconciler(Profile profile, StateStore store, Outbox outbox, Forge forge, HostGit git, Path runsRoot,
            Clock clock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.store = Objects.requireNonNull(store, "store");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.forge = Objects.requireNonNull(forge, "forge");
        this.git = Objects.requireNonNull(git, "git");
        this.runsRoot = Objects.requireNonNull(runsRoot, "runsRoot");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.links = new IssueLinks(profile);
        this.catchUps = new PrCatchUp(profile, store, outbox, forge, clock);
        this.verifier = new HostVerification(clock);
    }

    /** Where the runs' directories are. */
    public Path runsRoot() {
        return runsRoot;
    }

    /** The run's directory. */
    public RunDirectory directory(String runId) {
        return new RunDirectory(runsRoot.resolve(StateStore.requireSafeName(runId, "run id")));
    }

    /** Reconciles one finished run, observing GitHub for the item's current state when needed. */
    public ReconcileReport reconcile(String runId) {
        return reconcile(runId, null);
    }

    /**
     * Reconciles one finished run.
     *
     * @param observation what the calling heartbeat observed (items, PR details), or null to observe when needed
     */
    public ReconcileReport reconcile(String runId, Observation observation) {
        Optional<WorkerRun> record = store.run(runId);
        if (record.isEmpty()) {
            return new ReconcileReport(runId, "?", "unknown-run", null, List.of(), "no run record " + runId);
        }
        WorkerRun run = record.get();
        if (!run.phase().terminal()) {
            return new ReconcileReport(runId, run.item().toString(), "not-finished", null, List.of(),
                    "the run is " + run.phase().wireName());
        }
        RunDirectory dir = directory(runId);
        Optional<Reconciled> done = dir.reconciled();
        if (done.isPresent()) {
            return new ReconcileReport(runId, run.item().toString(), "already-reconciled", done.get().outcome(),
                    done.get().steps(), null);
        }
        return new Pass(run, dir, observation).run();
    }

    /** A step that cannot go on now; the next heartbeat reconciles the run again. */
    private static final class Wait extends Exception {
        private static final long serialVersionUID = 1L;

        Wait(String why) {
            super(why, null, false, false);
        }
    }

    /** One reconcile of one run. */
    private final class Pass {
        private final WorkerRun run;
        private final RunDirectory dir;
        private Observation observation;
        private final String key;
        private final List<String> steps = new ArrayList<>();
        private final Instant endedAt;
        private final Profile.Labels l = profile.labels();

        Pass(WorkerRun run, RunDirectory dir, Observation observation) {
            this.run = run;
            this.dir = dir;
            this.observation = observation;
            this.key = "run/" + run.runId();
            this.endedAt = run.endedAt() != null ? run.endedAt() : clock.instant();
        }

        ReconcileReport run() {
            String result;
            try {
                result = decide();
            } catch (Wait w) {
                return new ReconcileReport(run.runId(), run.item().toString(), "waiting", null, steps,
                        w.getMessage());
            }
            try {
                dir.markReconciled(new Reconciled(run.runId(), run.startedAt(), clock.instant(), result,
                        null, steps));
            } catch (IOException e) {
                return new ReconcileReport(run.runId(), run.item().toString(), "waiting", result, steps,
                        "cannot write " + dir.path().resolve(RunFiles.RECONCILED) + ": " + e.getMessage());
            }
            return new ReconcileReport(run.runId(), run.item().toString(), "reconciled", result, steps, null);
        }

        /** Returns the result's name; throws {@link Wait} when a step cannot complete now. */
        private String decide() throws Wait {
            if (WorkerRun.NO_LONGER_NEEDED.equals(run.reason())) {
                // Superseded, not failed: no retry, no blocker; the item's own end (merged, closed) is caught up
                // by whoever saw it happen.
                unmark(run.item(), l.running());
                return "superseded: " + run.item() + " was merged or closed before the run could work on it";
            }
            if (run.phase() != RunPhase.SUCCEEDED) {
                return failed(run.reason() != null ? run.reason() : "worker-failed");
            }
            RunResult result;
            try {
                result = dir.result().orElse(null);
            } catch (RunFileException e) {
                steps.add("result refused: " + e.getMessage());
                return failed("invalid-result-contract");
            }
            if (result == null) {
                steps.add("no " + RunFiles.RESULT + " in " + dir.path());
                return failed("invalid-result-contract");
            }
            result = result.normalisedFor(run.lane());
            String problem = result.problemFor(run.lane());
            if (problem != null) {
                steps.add("result refused: " + problem);
                return failed("invalid-result-contract");
            }
            return run.item().kind() == ItemRef.Kind.ISSUE ? issue(result) : pr(result);
        }

        // ------------------------------------------------------------------ issue runs

        private String issue(RunResult result) throws Wait {
            return switch (result.outcome()) {
                case RunResult.IMPLEMENTED -> implemented();
                case RunResult.BLOCKED -> issueBlocked(text(RunFiles.ISSUE_COMMENT).orElse(null), null);
                case RunResult.REPORTED -> reported(result);
                default -> failed("invalid-result-contract");
            };
        }

        private String implemented() throws Wait {
            WorkspaceFacts facts = facts();
            if (facts == null || facts.headSha() == null) {
                return issueBlocked(null, "no-publishable-commits");
            }
            Path ws = Path.of(facts.workspace());
            String branch = facts.remoteBranch() != null ? facts.remoteBranch() : facts.branch();
            Integer number = publishedPr(branch);
            if (number == null) {
                String other = otherWorkFor(run.item().number(), branch);
                if (other != null) {
                    steps.add("duplicate-work: " + other + " already works on " + run.item() + "; not opening a"
                            + " second pull request (the branch " + branch + " is kept)");
                    unmark(run.item(), l.running());
                    return "duplicate-work: " + other;
                }
            }
            if (number != null && number == -1) {
                return issueBlocked(null, "host-publish-failed");
            }
            if (number == null) {
                int ahead = gitCall(() -> git.hasCommit(ws, facts.headSha())
                        ? git.commitsBetween(ws, facts.baseSha(), facts.headSha()) : -1);
                if (ahead == -1) {
                    // The workspace is gone: publish from the branch if the head already reached the remote, else
                    // rebuild the work from the patch the worker kept.
                    requireGitHub("read " + branch);
                    Optional<String> remote = gitCall(() -> git.remoteHead(branch));
                    if (remote.isEmpty() || !remote.get().equals(facts.headSha())) {
                        String patch = text(RunFiles.PATCH).orElse(null);
                        if (patch == null || facts.baseSha() == null) {
                            return issueBlocked(null, "workspace-lost-before-publish");
                        }
                        Path scratch = dir.path().resolve("replay");
                        String message = patchSubject(patch).orElse("Agent work on #" + run.item().number());
                        String replayed = gitCall(() -> git.replay(scratch, facts.baseSha(), patch, message));
                        gitCall(() -> {
                            git.push(scratch, replayed, branch, null);
                            return null;
                        });
                        steps.add("rebuilt the kept patch on " + shortSha(facts.baseSha()) + " as "
                                + shortSha(replayed) + " and pushed it to " + branch);
                        number = openPr(facts, scratch, branch, replayed);
                        return announce(number);
                    }
                } else {
                    if (ahead == 0) {
                        return issueBlocked(null, "no-publishable-commits");
                    }
                    if (!dirVerificationPassed() && !hostRecovered(ws)) {
                        return issueBlocked(null, "verification-guard-blocked");
                    }
                    List<String> changed = gitCall(() -> git.changedFiles(ws, facts.baseSha(), facts.headSha()));
                    Assessment scope = scopeOf(changed, branch);
                    if (scope.scopeTooBroad()) {
                        steps.add("scope guard: " + String.join(", ", scope.scopeReasons()));
                        return issueBlocked(null, "scope-guard-blocked");
                    }
                    requireGitHub("push " + branch);
                    gitCall(() -> {
                        git.push(ws, facts.headSha(), branch, null);
                        return null;
                    });
                    steps.add("pushed " + shortSha(facts.headSha()) + " to " + branch);
                }
                number = openPr(facts, ws, branch, ahead != -1 ? facts.headSha() : null);
            }
            return announce(number);
        }

        /** The "Opened PR" comment and the issue's labels and state once its pull request exists. */
        private String announce(int number) throws Wait {
            ItemRef issueRef = run.item();
            Issue issue = issueOf(issueRef.number());
            String title = issue != null ? issue.title() : "";
            enqueue(Intent.comment(key + "/opened-pr", issueRef, "Opened PR #" + number + "\n- Issue: #"
                    + issueRef.number() + (title.isEmpty() ? "" : " (" + title + ")") + "\n- Session: `"
                    + run.runId() + "`"), "comment 'Opened PR #" + number + "' on " + issueRef);
            unmark(issueRef, l.running(), l.blocked());
            store.clearRetry(issueRef);
            store.clearBlockedRecovery(issueRef.number());
            WorkspaceFacts facts = factsQuietly();
            catchUps.trackOpened(number, facts == null ? "" : facts.remoteBranch() != null ? facts.remoteBranch()
                    : facts.branch(), issueRef.number());
            return "implemented: PR #" + number;
        }

        /**
         * Another pull request for the issue, on another branch: an open one the observation links to it, or one
         * another run's intent opens (pending or done). Null when there is none.
         */
        private String otherWorkFor(int issue, String branch) throws Wait {
            for (PullRequest p : observation().pulls()) {
                if (!p.headRef().equals(branch) && links.linkedIssues(p).contains(issue)) {
                    return "PR #" + p.number();
                }
            }
            for (OutboxEntry e : outbox.list()) {
                Intent i = e.intent();
                if (i == null || i.kind() != Intent.Kind.OPEN_PR || !run.item().equals(i.item())
                        || i.head().equals(branch)) {
                    continue;
                }
                if (e.state() == OutboxEntry.State.PENDING) {
                    return "the pull request queued for " + i.head();
                }
                if (e.state() == OutboxEntry.State.DONE && i.pullRequestNumber() != null) {
                    // Still open in the observation, or opened when it may not have seen it, or opened while this
                    // run worked (the two ran side by side and the other published first: merged or closed since,
                    // it still answered the issue). A PR merged or closed before this run started (a recurring
                    // issue's earlier cycle, a rejected attempt) is no duplicate: this run was launched after it. An
                    // observation is stamped when it starts, so a PR opened at that very instant may be missing
                    // from it: only one opened strictly before counts as seen.
                    Instant seen = observation().observedAt();
                    boolean open = observation().pulls().stream().anyMatch(p -> p.number() == i.pullRequestNumber());
                    boolean newer = seen == null || i.finishedAt() == null || !i.finishedAt().isBefore(seen);
                    boolean sideBySide = run.startedAt() == null || i.finishedAt() == null
                            || i.finishedAt().isAfter(run.startedAt());
                    if (open || newer || sideBySide) {
                        return "PR #" + i.pullRequestNumber();
                    }
                }
            }
            return null;
        }

        /** The PR this run already opened (the outbox's answer) or that exists for the branch. */
        private Integer publishedPr(String branch) throws Wait {
            Optional<Intent> open = outbox.find(key + "/open-pr");
            if (open.isPresent() && open.get().pullRequestNumber() != null) {
                return open.get().pullRequestNumber();
            }
            if (open.isPresent() && isPending(open.get())) {
                throw new Wait("the pull request for " + branch + " waits in the outbox (" + open.get().id() + ")");
            }
            requireGitHub("find the pull request of " + branch);
            Optional<Integer> existing = forgeCall(() -> forge.findOpenPullRequest(branch));
            existing.ifPresent(n -> steps.add("found open PR #" + n + " for " + branch));
            if (existing.isEmpty() && open.isPresent()) {
                // GitHub refused it for good (transient failures stay pending in the outbox) and no PR exists.
                steps.add("opening the PR was refused: " + open.get().lastError());
                return -1;
            }
            return existing.orElse(null);
        }

        /** @param head the commit to take the title from, in {@code ws}; null when there is no workspace */
        private int openPr(WorkspaceFacts facts, Path ws, String branch, String head) throws Wait {
            ItemRef issueRef = run.item();
            Issue issue = issueOf(issueRef.number());
            boolean recurring = run.recurring() || issue != null && issue.hasLabel(l.keepOpen());
            String title = head != null ? gitCall(() -> git.subject(ws, head))
                    : (issue != null ? issue.title() : "Work on #" + issueRef.number());
            String body = text(RunFiles.PR_BODY).orElse("## Summary\n\nAgent work on #" + issueRef.number()
                    + ".\n\n## Verification\n\nSee the run " + run.runId() + ".");
            String closing = (recurring ? "Related to #" : "Closes #") + issueRef.number();
            if (recurring) {
                body = body.replaceAll("(?i)\\b(close[sd]?|fix(e[sd])?|resolve[sd]?)(:?\\s+)#" + issueRef.number()
                        + "\\b", "Related to #" + issueRef.number());
            }
            if (!body.contains(closing)) {
                body = body.stripTrailing() + "\n\n" + closing + "\n";
            }
            String base = facts.baseRef() != null ? facts.baseRef() : profile.repository().defaultBranch();
            Intent i = enqueue(Intent.openPullRequest(key + "/open-pr", issueRef, branch, base, title, body, false),
                    "open PR " + branch + " -> " + base + " (" + closing + ")");
            if (i.pullRequestNumber() != null) {
                return i.pullRequestNumber();
            }
            throw new Wait("the pull request for " + branch + " is queued in the outbox; its number is needed for"
                    + " the 'Opened PR' comment");
        }

        private String issueBlocked(String comment, String guardReason) throws Wait {
            ItemRef issueRef = run.item();
            String body = comment;
            if (body == null || body.isBlank()) {
                String reason = guardReason != null ? guardReason : "issue-worker-blocked";
                body = "# Blocker: " + describe(reason) + "\n\nFailure reason: `" + reason + "`";
            }
            if (body.stripLeading().startsWith(SUPERSEDED)) {
                postContentComment(issueRef, body);
                enqueue(Intent.closeIssue(key + "/close-superseded", issueRef), "close " + issueRef
                        + " (superseded by follow-up issues)");
                unmark(issueRef, l.running(), l.blocked());
                store.clearRetry(issueRef);
                return "blocked: superseded, issue closed";
            }
            postContentComment(issueRef, body);
            String reason = guardReason != null ? guardReason
                    : BlockerReasons.fromComment(body).orElse(BlockerReasons.GENERIC_WORKER_BLOCK);
            WorkspaceFacts facts = factsQuietly();
            String baseline = BlockerReasons.BASELINE_GATED.contains(reason) && facts != null ? facts.baseSha() : null;
            scheduleRetry(issueRef, reason, baseline);
            enqueue(Intent.addLabels(key + "/mark-blocked", issueRef, List.of(l.blocked())), "label " + issueRef
                    + " '" + l.blocked() + "'");
            unmark(issueRef, l.running());
            return "blocked: " + reason;
        }

        private String reported(RunResult result) throws Wait {
            ItemRef issueRef = run.item();
            String body = text(RunFiles.ISSUE_COMMENT).orElse(null);
            if (body == null || body.isBlank()) {
                steps.add("a reported run without " + RunFiles.ISSUE_COMMENT);
                return failed("invalid-result-contract");
            }
            enqueue(Intent.comment(key + "/report", issueRef, body), "post the report on " + issueRef);
            boolean ok = RunResult.SCHEDULED_REPORT.equals(result.action());
            enqueue(Intent.addLabels(key + "/report-label", issueRef, List.of(ok ? REPORT_OK_LABEL
                    : REPORT_ALERT_LABEL)), "label " + issueRef + " '" + (ok ? REPORT_OK_LABEL : REPORT_ALERT_LABEL)
                    + "'");
            Issue issue = issueOf(issueRef.number());
            String stale = ok ? REPORT_ALERT_LABEL : REPORT_OK_LABEL;
            if (issue == null || issue.hasLabel(stale)) {
                enqueue(Intent.removeLabel(key + "/report-label-stale", issueRef, stale), "unlabel '" + stale + "'");
            }
            unmark(issueRef, l.running());
            store.clearRetry(issueRef);
            return "reported: " + (ok ? "ok" : "alert");
        }

        // ------------------------------------------------------------------ failures (any lane)

        private String failed(String reason) throws Wait {
            ItemRef item = run.item();
            boolean quota = QUOTA_REASON.equals(reason) || reason.contains("quota") || reason.contains("usage-limit");
            if (quota && run.provider() != null) {
                Optional<RetryEntry> previous = store.providerCooldown(run.provider());
                if (previous.isEmpty() || previous.get().updatedAt() == null
                        || endedAt.isAfter(previous.get().updatedAt())) {
                    RetryEntry next = RetryEntry.schedule(previous.orElse(null),
                            profile.schedules().providerCooldowns(), endedAt, QUOTA_REASON, null, null);
                    store.putProviderCooldown(run.provider(), next);
                    steps.add("provider " + run.provider() + " cools down until " + next.nextAttemptAt()
                            + "; launches fail over to the next pool");
                }
                if (item.kind() == ItemRef.Kind.ISSUE) {
                    postContentComment(item, QUOTA_BLOCKER + "\n\nThe agent provider `" + run.provider()
                            + "` reported its quota exhausted; the work is retried on the next ready pool.\n\n"
                            + "Failure reason: `" + QUOTA_REASON + "`");
                }
            }
            if (run.phase() == RunPhase.SUCCEEDED) {
                // The executor saw success, so no backoff was recorded; an invalid result still costs a retry.
                scheduleRetry(item, reason, null);
            }
            unmark(item, l.running(), l.blocked());
            return "failed: " + reason;
        }

        // ------------------------------------------------------------------ PR runs

        private String pr(RunResult result) throws Wait {
            ItemRef prRef = run.item();
            requireGitHub("read the state of " + prRef);
            String state = forgeCall(() -> forge.state(prRef));
            if (!state.equals("open")) {
                return catchUp(prRef, state);
            }
            return switch (result.outcome()) {
                case RunResult.REVIEW_PASSED -> reviewPassed(result);
                case RunResult.UPDATED_BRANCH -> updatedBranch();
                case RunResult.NO_CHANGE_NEEDED -> noChange();
                case RunResult.BLOCKED -> prBlocked();
                default -> failed("invalid-result-contract");
            };
        }

        /**
         * The PR was merged or closed outside the control plane (or by an earlier pass): clean up after it as the
         * heartbeat's catch-up does, under the same keys, so whichever of the two gets there first, nothing is written
         * twice.
         */
        private String catchUp(ItemRef prRef, String state) throws Wait {
            PullRequest pr = pullOf(prRef.number());
            TrackedPr tracked = store.trackedPr(prRef.number()).orElse(null);
            List<String> labels = pr != null ? pr.labels() : tracked != null ? tracked.labels() : null;
            if (tracked == null) {
                WorkspaceFacts facts = factsQuietly();
                String head = pr != null ? pr.headRef() : facts != null && facts.remoteBranch() != null
                        ? facts.remoteBranch() : "";
                // No longer among the open PRs: its branch still names the issue it was for.
                PullRequest shape = pr != null ? pr : new PullRequest(prRef.number(), "", "", head, "", "",
                        List.of(), false, "", null, false, null);
                tracked = new TrackedPr(prRef.number(), head, links.linkedIssues(shape), List.of(), run.startedAt(),
                        null, null);
                labels = pr != null ? pr.labels() : null;
            }
            Map<Integer, Issue> open = new HashMap<>();
            observation().issues().forEach(i -> open.put(i.number(), i));
            steps.addAll(catchUps.cleanUp(tracked, state, labels, open::get, this::anotherRunOn));
            if (!tracked.isCaughtUp()) {
                store.putTrackedPr(tracked.caughtUp(clock.instant()));
            }
            return state + " outside: labels cleaned";
        }

        private String reviewPassed(RunResult result) throws Wait {
            ItemRef prRef = run.item();
            PullRequest pr = pullOf(prRef.number());
            postPrComment(prRef, text(RunFiles.PR_COMMENT).orElse(null), reviewedHead(pr));
            switch (result.action()) {
                case RunResult.ADVANCE_DOUBLE_CHECK_2 -> {
                    // The stage is kept in the state too: the label follows the lane and goes while checks run.
                    store.putPrLaneOverride(prRef.number(), io.agentcontrolplane.core.world.PrLane.DOUBLE_CHECK_2);
                    enqueue(Intent.addLabels(key + "/double-check-2", prRef, List.of(l.doubleCheck2())),
                            "label " + prRef + " '" + l.doubleCheck2() + "'");
                    unmark(prRef, l.doubleCheck1(), l.running());
                    store.clearRetry(prRef);
                    return "double-check-1 approved: queued double-check-2";
                }
                case RunResult.AWAIT_HUMAN_REVIEW -> {
                    enqueue(Intent.addLabels(key + "/human-review", prRef, List.of(l.humanReview())),
                            "label " + prRef + " '" + l.humanReview() + "'");
                    unmark(prRef, l.running());
                    store.clearRetry(prRef);
                    return "waiting for human review";
                }
                default -> {
                    return merge(prRef, pr);
                }
            }
        }

        private String merge(ItemRef prRef, PullRequest pr) throws Wait {
            boolean allowed = run.lane() == Lane.AUTOMERGE || run.lane() == Lane.DOUBLE_CHECK_2;
            Assessment a = pr == null ? null : assessmentOf(pr);
            if (!allowed && (a == null || !a.eligibleForAutoMerge())) {
                steps.add("merge not allowed from lane " + run.lane().wireName() + " without auto-merge eligibility");
                unmark(prRef, l.running());
                return "review passed: merge not allowed";
            }
            if (a != null && a.requiresHumanApproval() && !a.humanApproved()) {
                steps.add("merge refused: system-breaking files need '" + l.humanApproved() + "'");
                enqueue(Intent.addLabels(key + "/human-review", prRef, List.of(l.humanReview())), "label "
                        + prRef + " '" + l.humanReview() + "'");
                unmark(prRef, l.running());
                return "review passed: waiting for human approval";
            }
            String head = reviewedHead(pr);
            if (head == null) {
                throw new Wait("the reviewed head of " + prRef + " is unknown");
            }
            requireGitHub("tell whose pull request " + prRef + " is");
            String me = forgeCall(forge::login);
            String author = pr != null ? pr.author() : "";
            if (!author.equalsIgnoreCase(me)) {
                enqueue(Intent.review(key + "/approve", prRef, Forge.ReviewEvent.APPROVE, "Automated final review"
                        + " passed. Safe low-risk scope, green checks, and host-side merge approved."),
                        "approve " + prRef);
            } else {
                steps.add("not approving " + prRef + ": it is the control plane's own pull request");
            }
            String title = pr != null ? pr.title() + " (#" + prRef.number() + ")" : null;
            enqueue(Intent.squashMerge(key + "/merge", prRef, head, title, null), "squash-merge " + prRef + " at "
                    + shortSha(head));
            if (pr != null && !pr.headRef().isEmpty()) {
                enqueue(Intent.deleteBranch(key + "/delete-branch", prRef, pr.headRef()), "delete branch "
                        + pr.headRef());
                for (int n : links.linkedIssues(pr)) {
                    Issue issue = issueOf(n);
                    if (issue != null && !issue.hasLabel(l.keepOpen())) {
                        enqueue(Intent.closeIssue(key + "/close-issue-" + n, ItemRef.issue(n)), "close issue#" + n);
                    }
                }
            }
            unmark(prRef, l.running());
            store.clearRetry(prRef);
            return "approved and merged";
        }

        private String updatedBranch() throws Wait {
            ItemRef prRef = run.item();
            WorkspaceFacts facts = facts();
            if (facts == null || facts.headSha() == null) {
                return prRetry(prRef, "host-noop-updated-branch", "the run left no head commit");
            }
            Path ws = Path.of(facts.workspace());
            String remoteBranch = facts.remoteBranch() != null ? facts.remoteBranch() : facts.branch();
            Optional<String> remote = Optional.empty();
            boolean haveWorkspace = gitCall(() -> git.hasCommit(ws, facts.headSha()));
            if (!haveWorkspace) {
                requireGitHub("read " + remoteBranch);
                remote = gitCall(() -> git.remoteHead(remoteBranch));
                if (remote.isEmpty() || !remote.get().equals(facts.headSha())) {
                    return prRetry(prRef, "workspace-lost-before-publish", "the workspace is gone and the remote"
                            + " does not have " + shortSha(facts.headSha()));
                }
            } else {
                if (!facts.hasNewCommits()) {
                    return prRetry(prRef, "host-noop-updated-branch", "no commits on top of "
                            + shortSha(facts.startSha()));
                }
                List<String> unresolved = new ArrayList<>();
                for (String path : facts.conflictPaths()) {
                    Optional<String> content = gitCall(() -> git.fileAt(ws, facts.headSha(), path));
                    if (content.isPresent() && content.get().contains("<<<<<<<")) {
                        unresolved.add(path);
                    }
                }
                if (!unresolved.isEmpty()) {
                    postPrComment(prRef, StatusComments.HOST_GUARD + "\n\nHost rejected this repair: merge conflicts"
                            + " remain in " + String.join(", ", unresolved) + ".", facts.startSha());
                    return prRetry(prRef, "host-rejected-partial-repair", "conflict markers remain in "
                            + String.join(", ", unresolved));
                }
                requireGitHub("push " + remoteBranch);
                gitCall(() -> {
                    git.push(ws, facts.headSha(), remoteBranch, facts.startSha());
                    return null;
                });
                steps.add("pushed " + shortSha(facts.headSha()) + " to " + remoteBranch);
            }
            clearDoubleCheckStage(prRef);
            String summary = text(RunFiles.PR_COMMENT).orElse(StatusComments.REPAIR_SUMMARY
                    + "\n\nPushed " + shortSha(facts.headSha()) + ".");
            postPrComment(prRef, summary, facts.headSha());
            List<String> uncovered = haveWorkspace ? uncoveredFeedback(facts, ws, summary) : List.of();
            unmark(prRef, l.running(), l.repairQueued(), l.doubleCheck1(), l.doubleCheck2());
            if (!uncovered.isEmpty()) {
                postPrComment(prRef, "## PR repair blocker\n\nThe fix left review feedback that existed when it"
                        + " started neither answered nor changed:\n\n- " + String.join("\n- ", uncovered)
                        + "\n\nThe fix lane is queued again for these.", facts.headSha());
                scheduleRetry(prRef, "review-feedback-uncovered", null);
                return "updated branch: " + uncovered.size() + " review item(s) uncovered, fix re-queued";
            }
            store.clearRetry(prRef);
            return "pushed branch for CI";
        }

        /**
         * Review threads and review bodies that existed when the run started, by someone other than the PR's
         * author, that the push neither changed (the thread's file) nor the summary answered (naming the comment or
         * review id).
         */
        private List<String> uncoveredFeedback(WorkspaceFacts facts, Path ws, String summary) throws Wait {
            Observation.PullDetails d = detailsOf(run.item().number());
            PullRequest pr = pullOf(run.item().number());
            if (d == null || pr == null) {
                return List.of();
            }
            List<String> changed = gitCall(() -> git.changedFiles(ws, facts.startSha(), facts.headSha()));
            List<String> out = new ArrayList<>();
            Set<Long> answered = new java.util.HashSet<>();
            for (Observation.ReviewComment c : d.reviewComments()) {
                if (c.inReplyTo() != null && c.createdAt() != null && !c.createdAt().isBefore(run.startedAt())) {
                    answered.add(c.inReplyTo());
                }
            }
            for (Observation.ReviewComment c : d.reviewComments()) {
                if (c.inReplyTo() != null || c.author().equals(pr.author())
                        || c.createdAt() != null && !c.createdAt().isBefore(run.startedAt())) {
                    continue;
                }
                boolean covered = answered.contains(c.id()) || c.path() != null && changed.contains(c.path())
                        || summary.contains("r" + c.id()) || summary.contains(String.valueOf(c.id()));
                if (!covered) {
                    out.add("review comment " + c.id() + " on " + c.path() + ": " + firstLine(c.body()));
                }
            }
            for (ForgeReview r : d.reviews()) {
                if (r.body() == null || r.body().isBlank() || r.author().equals(pr.author())
                        || !Set.of("CHANGES_REQUESTED", "COMMENTED").contains(r.state())
                        || r.submittedAt() != null && !r.submittedAt().isBefore(run.startedAt())
                        || StatusComments.isAgentStatus(r.body()) || r.body().contains("<!-- acp:intent")) {
                    continue;
                }
                boolean covered = summary.contains(String.valueOf(r.id()))
                        || changed.stream().anyMatch(f -> r.body().contains(f));
                if (!covered) {
                    out.add("review " + r.id() + " by " + r.author() + ": " + firstLine(r.body()));
                }
            }
            return out;
        }

        private String noChange() throws Wait {
            ItemRef prRef = run.item();
            PullRequest pr = pullOf(prRef.number());
            String head = reviewedHead(pr);
            postPrComment(prRef, text(RunFiles.PR_COMMENT).orElse(StatusComments.REPAIR_SUMMARY
                    + "\n\nNo change was needed on the current PR head."), head);
            unmark(prRef, l.running());
            store.clearRetry(prRef);
            return "no change needed: refreshed PR state";
        }

        private String prBlocked() throws Wait {
            WorkspaceFacts facts = factsQuietly();
            if (facts != null && facts.headSha() != null && facts.hasNewCommits()
                    && !profile.repository().verifyCommands().isEmpty() && !dirVerificationPassed()) {
                Path ws = Path.of(facts.workspace());
                // The original's recovery: the agent gave up unverified, but its commits pass the host's checks.
                if (gitCall(() -> git.hasCommit(ws, facts.headSha())) && hostRecovered(ws)) {
                    steps.add("the host's verification passed on the run's commits: published as an updated branch");
                    return updatedBranch();
                }
            }
            ItemRef prRef = run.item();
            PullRequest pr = pullOf(prRef.number());
            String body = text(RunFiles.PR_COMMENT).orElse(StatusComments.REVIEW_BLOCKER
                    + "\n\nThe agent found blocking problems; see the run " + run.runId() + ".");
            if (!StatusComments.isAgentStatus(body)) {
                body = StatusComments.REVIEW_BLOCKER + "\n\n" + body;
            }
            postPrComment(prRef, body, reviewedHead(pr));
            enqueue(Intent.addLabels(key + "/repair-queued", prRef, List.of(l.repairQueued())), "label " + prRef
                    + " '" + l.repairQueued() + "'");
            clearDoubleCheckStage(prRef);
            unmark(prRef, l.running(), l.doubleCheck1(), l.doubleCheck2(), l.automerge());
            store.clearRetry(prRef);
            return "blocked: fix queued";
        }

        /** A new head, or a blocker, starts the double-check over at stage 1. */
        private void clearDoubleCheckStage(ItemRef prRef) {
            if (store.prLaneOverride(prRef.number()).filter(io.agentcontrolplane.core.world.PrLane::isDoubleCheck)
                    .isPresent()) {
                store.clearPrLaneOverride(prRef.number());
                steps.add("double-check of " + prRef + " starts over at stage 1");
            }
        }

        private String prRetry(ItemRef prRef, String reason, String why) {
            steps.add(why);
            scheduleRetry(prRef, reason, null);
            unmark(prRef, l.running());
            return "not published: " + reason;
        }

        // ------------------------------------------------------------------ helpers

        private void scheduleRetry(ItemRef item, String reason, String baseline) {
            Optional<RetryEntry> previous = store.retry(item);
            if (previous.isPresent() && endedAt.equals(previous.get().updatedAt())
                    && reason.equals(previous.get().lastReason())) {
                return; // this run's retry is recorded already
            }
            RetryEntry next = RetryEntry.schedule(previous.orElse(null), profile.schedules().retryCooldowns(),
                    endedAt, reason, null, baseline);
            store.putRetry(item, next);
            steps.add("retry of " + item + " after " + next.nextAttemptAt() + " (" + reason
                    + (baseline != null ? ", baseline " + shortSha(baseline) : "") + ")");
        }

        /** An issue comment whose key is its content: the same blocker is never posted twice on an item. */
        private void postContentComment(ItemRef item, String body) {
            enqueue(Intent.comment(item.fileKey() + "/comment-" + digest(body), item, body), "comment on " + item
                    + ": " + firstLine(body));
        }

        /** A PR status comment about {@code head} (the assessment reads which head it is about). */
        private void postPrComment(ItemRef prRef, String body, String head) {
            if (body == null || body.isBlank()) {
                return;
            }
            String text = head == null || StatusComments.headOf(body) != null ? body
                    : body.stripTrailing() + "\n\n" + StatusComments.headMarker(head);
            postContentComment(prRef, text);
        }

        private void unmark(ItemRef item, String... labels) {
            List<String> have = labelsOf(item);
            for (String label : labels) {
                if (label.equals(l.running()) && anotherRunOn(item)) {
                    continue; // a later run holds the item now; its label stays
                }
                if (have == null || have.contains(label)) {
                    enqueue(Intent.removeLabel(key + "/unlabel-" + item.fileKey() + "-" + safe(label), item, label),
                            "unlabel " + item + " '" + label + "'");
                }
            }
        }

        private boolean anotherRunOn(ItemRef item) {
            return store.runs().stream().anyMatch(r -> r.item().equals(item) && !r.runId().equals(run.runId())
                    && !r.phase().terminal()) || store.pendingLaunch(item).filter(p -> !p.runId().equals(
                    run.runId())).isPresent();
        }

        private Intent enqueue(Intent draft, String what) {
            Intent i = outbox.enqueue(draft);
            steps.add(what + " [" + i.id() + "]");
            return i;
        }

        private boolean isPending(Intent i) {
            return outbox.list().stream().anyMatch(e -> e.state() == OutboxEntry.State.PENDING
                    && e.id().equals(i.id()));
        }

        /**
         * Whether GitHub may be called now: not while the outbox or the state records an exhausted rate limit. The
         * run then waits with its item backed off until the reset, and what is already queued stays queued.
         */
        private void requireGitHub(String what) throws Wait {
            Optional<Instant> until = outbox.rateLimitedUntil();
            Optional<RetryEntry> cooldown = store.githubCooldown();
            Instant now = clock.instant();
            Instant limit = until.orElse(cooldown.filter(c -> !c.ready(now)).map(RetryEntry::nextAttemptAt)
                    .orElse(null));
            if (limit != null) {
                steps.add("GitHub's limit is exhausted until " + limit + ": waiting to " + what);
                throw new Wait("GitHub rate-limited until " + limit);
            }
        }

        private WorkspaceFacts facts() throws Wait {
            try {
                return dir.workspace().orElse(null);
            } catch (RunFileException e) {
                steps.add(e.getMessage());
                return null;
            }
        }

        private WorkspaceFacts factsQuietly() {
            try {
                return dir.workspace().orElse(null);
            } catch (RunFileException e) {
                return null;
            }
        }

        private boolean dirVerificationPassed() {
            try {
                return dir.verificationPassed();
            } catch (RunFileException e) {
                steps.add(e.getMessage());
                return false;
            }
        }

        /**
         * The host verification recovery, once per run: the profile's verify commands in the workspace; true when
         * they all passed (their results are in the journal, so a later pass of this reconcile reads them).
         */
        private boolean hostRecovered(Path ws) throws Wait {
            List<String> commands = profile.repository().verifyCommands();
            if (commands.isEmpty()) {
                return false;
            }
            String journal;
            try {
                journal = dir.text(RunFiles.VERIFICATION).orElse(null);
            } catch (RunFileException e) {
                steps.add(e.getMessage());
                return false;
            }
            if (!HostVerification.attempted(journal)) {
                try {
                    boolean passed = verifier.run(commands, ws, dir.path());
                    steps.add("host verification recovery: " + String.join("; ", commands) + " "
                            + (passed ? "passed" : "failed") + " (" + HostVerification.LOG + ")");
                } catch (java.io.IOException e) {
                    steps.add("host verification recovery could not run: " + e.getMessage());
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Wait("interrupted during the host verification");
                }
            }
            return dirVerificationPassed();
        }

        private Optional<String> text(String name) {
            try {
                return dir.text(name).filter(t -> !t.isBlank());
            } catch (RunFileException e) {
                steps.add(e.getMessage());
                return Optional.empty();
            }
        }

        private Assessment scopeOf(List<String> files, String branch) {
            PrObservation o = new PrObservation(1, "", "", "", branch, "main", "", false, List.of(), files, "clean",
                    List.of(), List.of(), List.of(), List.of(), List.of(), null, List.of());
            return new PrAssessor(profile).assess(o, null, false);
        }

        private Assessment assessmentOf(PullRequest pr) throws Wait {
            Observation.PullDetails d = detailsOf(pr.number());
            return new PrAssessor(profile).assess(PrObservation.of(pr, d, List.of(), pr.labels()), null, false);
        }

        private String reviewedHead(PullRequest pr) {
            WorkspaceFacts facts = factsQuietly();
            if (facts != null && facts.startSha() != null) {
                return facts.startSha();
            }
            return pr != null && !pr.headSha().isEmpty() ? pr.headSha() : null;
        }

        private Observation observation() throws Wait {
            if (observation == null) {
                requireGitHub("observe " + profile.repository().slug());
                observation = forgeCall(forge::observe);
            }
            return observation;
        }

        private Issue issueOf(int n) throws Wait {
            return observation().issues().stream().filter(i -> i.number() == n).findFirst().orElse(null);
        }

        private PullRequest pullOf(int n) throws Wait {
            return observation().pulls().stream().filter(p -> p.number() == n).findFirst().orElse(null);
        }

        private Observation.PullDetails detailsOf(int n) throws Wait {
            return observation().details().get(n);
        }

        /** The item's labels as observed, or null when unknown (then removals are queued regardless). */
        private List<String> labelsOf(ItemRef item) {
            try {
                if (item.kind() == ItemRef.Kind.ISSUE) {
                    Issue i = issueOf(item.number());
                    return i == null ? null : i.labels();
                }
                PullRequest p = pullOf(item.number());
                return p == null ? null : p.labels();
            } catch (Wait w) {
                return null;
            }
        }

        private <T> T forgeCall(ForgeCall<T> call) throws Wait {
            try {
                return call.call();
            } catch (ForgeException e) {
                if (e.kind() == ForgeException.Kind.RATE_LIMITED) {
                    Instant until = e.retryAt() != null ? e.retryAt() : clock.instant().plusSeconds(60);
                    store.putRetry(run.item(), RetryEntry.schedule(store.retry(run.item()).orElse(null),
                            List.of(0), clock.instant(), "github-api-rate-limit", until, null));
                    steps.add("GitHub rate-limited until " + until);
                }
                throw new Wait("GitHub: " + e.getMessage());
            }
        }

        private <T> T gitCall(GitCall<T> call) throws Wait {
            try {
                return call.call();
            } catch (HostGitException e) {
                if (e.retryable()) {
                    steps.add("git: " + e.getMessage());
                    throw new Wait("git: " + e.getMessage());
                }
                throw new Wait("git: " + e.getMessage() + " (needs attention)");
            }
        }
    }

    @FunctionalInterface
    private interface ForgeCall<T> {
        T call() throws ForgeException;
    }

    @FunctionalInterface
    private interface GitCall<T> {
        T call() throws HostGitException;
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "no-publishable-commits" -> "the run left no commits to publish";
            case "verification-guard-blocked" -> "no verification command passed, so the branch was not published";
            case "scope-guard-blocked" -> "the change is too broad to publish as one pull request";
            case "host-publish-failed" -> "GitHub refused to open the pull request";
            case "workspace-lost-before-publish" -> "the run's workspace is gone and its commits never reached"
                    + " GitHub";
            default -> "the agent could not finish this issue";
        };
    }

    /** The first commit's subject from the worker's patch header ({@code # commit SHA author} then {@code # subject}). */
    static Optional<String> patchSubject(String patch) {
        String[] lines = patch.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("# commit ") && lines[i + 1].startsWith("# ")) {
                String subject = lines[i + 1].substring(2).strip();
                if (!subject.isEmpty()) {
                    return Optional.of(subject);
                }
            }
        }
        return Optional.empty();
    }

    static String digest(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A label as a part of an outbox key. */
    static String safe(String label) {
        String s = label.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.equals(label) ? s : s + "-" + Integer.toHexString(label.hashCode());
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).toLowerCase(Locale.ROOT).isEmpty() ? "" : nl < 0 ? t
                : t.substring(0, nl);
    }
}
