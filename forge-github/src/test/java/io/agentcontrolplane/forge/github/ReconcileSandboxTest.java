package io.agentcontrolplane.forge.github;

import static io.agentcontrolplane.forge.github.ReconcileFixture.commit;
import static io.agentcontrolplane.forge.github.ReconcileFixture.passVerification;
import static io.agentcontrolplane.forge.github.ReconcileFixture.result;
import static io.agentcontrolplane.forge.github.ReconcileFixture.runFile;
import static io.agentcontrolplane.forge.github.ReconcileFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.FlushReport;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.outbox.OutboxEntry;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.JGitHost;
import io.agentcontrolplane.core.reconcile.ReconcileReport;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.World;
import io.agentcontrolplane.sandbox.Fault;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconcile end to end over the GitHub sandbox: a scripted agent (a real process committing with git) leaves a run
 * directory as the worker would; reconcile pushes with JGit over the sandbox's smart HTTP and writes through the
 * outbox; every assertion is about the sandbox's own state. Reconciling twice, a GitHub outage in the middle and a
 * restart change nothing that was done.
 */
class ReconcileSandboxTest extends ForgeTestSupport {
    static final String PRIMARY_KEY = "claude-sonnet";

    Profile profile = Profile.defaults("widgets", REPO).withAgent(new Profile.AgentSettings("claude", Map.of(),
            List.of(new Profile.ProviderPool("primary", "claude", "sonnet"),
                    new Profile.ProviderPool("fallback", "codex", "gpt-5"))));
    Path acp;
    StateStore store;
    Outbox outbox;
    ReconcileFixture runs;
    Reconciler reconciler;

    @BeforeEach
    void engine() {
        acp = stateDir.resolve("acp");
        store = new StateStore(acp, clock, p -> { });
        outbox = newOutbox();
        runs = new ReconcileFixture(stateDir.resolve("work"), sandbox.baseUrl() + "/" + REPO + ".git", store);
        reconciler = newReconciler();
    }

    Outbox newOutbox() {
        return new Outbox(acp, profile.schedules().retryCooldowns(), 80, 500, clock, d -> clock.advance(d),
                CrashPoints.NONE);
    }

    Reconciler newReconciler() {
        return new Reconciler(profile, store, outbox, forge, new JGitHost(runs.cloneUrl, TOKEN), runs.runsRoot, clock);
    }

    /** Reconcile and flush until the run is reconciled (what successive heartbeats do). */
    ReconcileReport settle(String runId) {
        ReconcileReport r = null;
        for (int i = 0; i < 10; i++) {
            r = reconciler.reconcile(runId);
            FlushReport f = outbox.flush(forge, 50);
            assertThat(f.failed()).as(f.toString()).isZero();
            if (r.done()) {
                return r;
            }
            clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not reconciled: " + r.render());
    }

    Instant started() {
        return clock.instant().minusSeconds(600);
    }

    String implementRun(String runId, int issue, String extraScript) throws Exception {
        String branch = "agent/widgets/issue-" + issue + "-work";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish(runId, Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                write("src/feature-" + issue + ".js", "export const x = " + issue + ";") + commit("feat: work on #"
                        + issue) + passVerification() + result("implemented", RunResult.PUBLISH_ISSUE_PR)
                        + extraScript, RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        return branch;
    }

    List<String> bodies(int n) {
        return repo.comments(n).stream().map(SandboxRepo.CommentView::body).toList();
    }

    long count(int n, String text) {
        return bodies(n).stream().filter(b -> b.contains(text)).count();
    }

    // ------------------------------------------------------------------ issue runs

    @Test
    void anImplementedIssueIsPushedPublishedAndAnnouncedOnceEvenWhenReconciledAgain() throws Exception {
        int issue = repo.createIssue("walt", "Add the widget", "body", "agent-running");
        String branch = implementRun("r-impl", issue, "");

        ReconcileReport first = reconciler.reconcile("r-impl");
        assertThat(first.status()).as(first.render()).isEqualTo("waiting");
        assertThat(repo.branches()).contains(branch);
        outbox.flush(forge, 50);
        ReconcileReport done = settle("r-impl");
        assertThat(done.status()).isEqualTo("reconciled");

        List<SandboxRepo.PullView> pulls = openPulls();
        assertThat(pulls).singleElement().satisfies(p -> {
            assertThat(p.headRef()).isEqualTo(branch);
            assertThat(p.title()).isEqualTo("feat: work on #" + issue);
        });
        int pr = pulls.get(0).number();
        assertThat(repo.issue(pr).body()).endsWith("Closes #" + issue + "\n");
        assertThat(count(issue, "Opened PR #" + pr)).isEqualTo(1);
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(Files.exists(runs.runsRoot.resolve("r-impl/reconciled.json"))).isTrue();

        long writes = sandbox.counters().writes().size();
        assertThat(reconciler.reconcile("r-impl").status()).isEqualTo("already-reconciled");
        Files.delete(runs.runsRoot.resolve("r-impl/reconciled.json"));
        assertThat(settle("r-impl").status()).as("without the marker, again: nothing new").isEqualTo("reconciled");
        assertThat(sandbox.counters().writes()).hasSize((int) writes);
        assertThat(openPulls()).hasSize(1);
        assertThat(count(issue, "Opened PR")).isEqualTo(1);
    }

    @Test
    void aRecurringIssueGetsRelatedToInsteadOfCloses() throws Exception {
        int issue = repo.createIssue("walt", "Keep deps fresh", "body", "agent-keep-open");
        implementRun("r-rec", issue, runFile("pr-body.md", "Bumps things. Fixes #" + issue + "."));
        settle("r-rec");
        int pr = openPulls().get(0).number();
        String body = repo.issue(pr).body();
        assertThat(body).contains("Related to #" + issue).doesNotContain("Closes #" + issue)
                .doesNotContain("Fixes #" + issue);
    }

    @Test
    void publicationSurvivesAGitHubOutageAndARestartWithoutRerunningTheAgent() throws Exception {
        int issue = repo.createIssue("walt", "Add the gadget", "body");
        String branch = implementRun("r-outage", issue, "");
        sandbox.stop();
        ReconcileReport down = reconciler.reconcile("r-outage");
        assertThat(down.status()).isEqualTo("waiting");
        assertThat(openPulls()).isEmpty();
        sandbox.start();
        // GitHub answers again but fails the pull request creation: it stays queued.
        sandbox.faults().on("POST", "/repos/acme/widgets/pulls").next(1, Fault.status(502));
        assertThat(reconciler.reconcile("r-outage").status()).isEqualTo("waiting");
        outbox.flush(forge, 50);
        // A restart: new outbox and reconciler on the same state; the agent is not run again.
        outbox = newOutbox();
        reconciler = newReconciler();
        settle("r-outage");
        assertThat(openPulls()).singleElement().satisfies(p -> assertThat(p.headRef()).isEqualTo(branch));
        assertThat(count(issue, "Opened PR")).isEqualTo(1);
    }

    @Test
    void whenTheWorkspaceIsGoneThePrIsBuiltFromTheKeptPatch() throws Exception {
        int issue = repo.createIssue("walt", "Patch only", "body");
        String branch = "agent/widgets/issue-" + issue + "-p";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        // The worker keeps the work as a patch with its commit header (as Workspaces.keep writes it).
        runs.finish("r-patch", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                write("src/kept.js", "kept") + commit("feat: kept work") + passVerification()
                        + result("implemented", RunResult.PUBLISH_ISSUE_PR)
                        + "{ printf '# commit %s Agent <agent@example.invalid>\n# feat: kept work\n' \"$(git rev-parse"
                        + " HEAD)\"; git diff " + base + " HEAD; } > \"$RUN_DIR/changes.patch\"\n",
                RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        ReconcileFixture.deleteTree(ws);
        settle("r-patch");
        assertThat(openPulls()).singleElement().satisfies(p -> {
            assertThat(p.headRef()).isEqualTo(branch);
            assertThat(p.title()).isEqualTo("feat: kept work");
        });
        assertThat(repo.fileContent(branch, "src/kept.js")).isEqualTo("kept\n");
        assertThat(count(issue, "Opened PR")).isEqualTo(1);
    }

    @Test
    void aBlockedRunCommentsOnceBacksOffAndLabelsTheIssueBlocked() throws Exception {
        int issue = repo.createIssue("walt", "Hard one", "body", "agent-running");
        String blocker = "# Blocker: the API contract is unclear\n\nFailure reason: `needs-product-decision`";
        for (String id : List.of("r-b1", "r-b2")) {
            runs.finish(id, Lane.IMPLEMENT, ItemRef.issue(issue), null, null, null, null, List.of(),
                    result("blocked", RunResult.COMMENT_BLOCKER) + runFile("issue-comment.md", blocker),
                    RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
            settle(id);
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(count(issue, "the API contract is unclear")).as("identical blocker posted once").isEqualTo(1);
        assertThat(repo.labels(issue)).contains("agent-blocked").doesNotContain("agent-running");
        RetryEntry retry = store.retry(ItemRef.issue(issue)).orElseThrow();
        assertThat(retry.lastReason()).isEqualTo("needs-product-decision");
        assertThat(retry.attempts()).isEqualTo(2);
    }

    @Test
    void nothingToPublishIsBlockedWithTheBaselineRecorded() throws Exception {
        int issue = repo.createIssue("walt", "Nothing to do", "body");
        Path ws = runs.workspace("agent/widgets/issue-" + issue + "-x", "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-empty", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, "agent/widgets/issue-" + issue
                + "-x", List.of(), result("implemented", RunResult.PUBLISH_ISSUE_PR), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        settle("r-empty");
        RetryEntry retry = store.retry(ItemRef.issue(issue)).orElseThrow();
        assertThat(retry.lastReason()).isEqualTo("no-publishable-commits");
        assertThat(retry.baselineHeadSha()).isEqualTo(base);
        assertThat(openPulls()).isEmpty();
        assertThat(count(issue, "Failure reason: `no-publishable-commits`")).isEqualTo(1);
    }

    @Test
    void withoutAPassingVerificationTheBranchIsNotPublished() throws Exception {
        int issue = repo.createIssue("walt", "Unverified", "body");
        String branch = "agent/widgets/issue-" + issue + "-u";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-unverified", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                write("src/u.js", "u") + commit("feat: u") + result("implemented", RunResult.PUBLISH_ISSUE_PR),
                RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        settle("r-unverified");
        assertThat(repo.branches()).doesNotContain(branch);
        assertThat(store.retry(ItemRef.issue(issue)).orElseThrow().lastReason())
                .isEqualTo("verification-guard-blocked");
    }

    /** The profile with {@code repository.verifyCommands}, and a reconciler on it. */
    void verifyWith(String... commands) {
        Profile p = profile;
        Profile.RepositorySettings r = p.repository();
        profile = new Profile(p.id(), new Profile.RepositorySettings(r.slug(), r.defaultBranch(), r.apiUrl(),
                r.cloneUrl(), List.of(commands)), p.credentials(), p.agent(), p.limits(), p.schedules(), p.labels(),
                p.heavy(), p.naming(), p.trust(), p.budget(), p.workspace(), p.templates(), p.github(),
                p.assessment());
        reconciler = newReconciler();
    }

    @Test
    void theHostRecoversAMissingVerificationWithTheProfilesCommandsOnce() throws Exception {
        Path count = stateDir.resolve("verify-count");
        verifyWith("test -f src/v.js", "echo ran >> '" + count + "'; echo checked");
        int issue = repo.createIssue("walt", "Unverified but fine", "body");
        String branch = "agent/widgets/issue-" + issue + "-v";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-recover", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                write("src/v.js", "v") + commit("feat: v") + result("implemented", RunResult.PUBLISH_ISSUE_PR),
                RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        ReconcileReport r = settle("r-recover");
        assertThat(r.result()).as(r.render()).startsWith("implemented: PR #");
        assertThat(openPulls()).anySatisfy(p -> assertThat(p.headRef()).isEqualTo(branch));
        Path runDir = runs.runsRoot.resolve("r-recover");
        assertThat(Files.readString(runDir.resolve("verification.jsonl"))).contains("\"status\":\"pass\"",
                "\"note\":\"host-recovery-after-missing-worker-verification\"", "test -f src/v.js");
        assertThat(Files.readString(runDir.resolve("host-verification.log"))).contains("checked");
        assertThat(Files.readAllLines(count)).as("run once, though reconcile passed several times").hasSize(1);
    }

    @Test
    void aFailingHostVerificationBlocksTheIssue() throws Exception {
        verifyWith("exit 3");
        int issue = repo.createIssue("walt", "Unverified, failing", "body");
        String branch = "agent/widgets/issue-" + issue + "-f";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-fails", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                write("src/f.js", "f") + commit("feat: f") + result("implemented", RunResult.PUBLISH_ISSUE_PR),
                RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        settle("r-fails");
        assertThat(repo.branches()).doesNotContain(branch);
        assertThat(store.retry(ItemRef.issue(issue)).orElseThrow().lastReason())
                .isEqualTo("verification-guard-blocked");
        assertThat(Files.readString(runs.runsRoot.resolve("r-fails/verification.jsonl")))
                .contains("\"status\":\"fail\"", "\"command\":\"exit 3\"");
    }

    @Test
    void aPrRunThatGaveUpUnverifiedIsPublishedWhenTheHostsVerificationPasses() throws Exception {
        verifyWith("grep -q fixed src/p*.js");
        int issue = repo.createIssue("walt", "Fix it", "body");
        int pr = agentPr(issue, "walt");
        String prBranch = "agent/widgets/issue-" + issue;
        Path ws = runs.workspace("fix-unverified", prBranch);
        String start = ReconcileFixture.head(ws);
        runs.finish("r-gave-up", Lane.FIX, ItemRef.pr(pr), ws, start, start, prBranch, List.of(),
                write("src/p" + issue + ".js", "fixed") + commit("fix: it") + result("blocked",
                        RunResult.COMMENT_PR_BLOCKER) + runFile("pr-comment.md", "## PR final review blocker\n\n"
                        + "Could not run the tests here."), RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(),
                clock.instant());
        ReconcileReport r = settle("r-gave-up");
        assertThat(r.steps()).anySatisfy(st -> assertThat(st).contains("published as an updated branch"));
        assertThat(repo.pull(pr).headSha()).isEqualTo(ReconcileFixture.head(ws)).isNotEqualTo(start);
        assertThat(repo.labels(pr)).doesNotContain("agent-repair-queued");
    }

    @Test
    void aSupersededIssueIsClosed() throws Exception {
        int issue = repo.createIssue("walt", "Too big", "body", "agent-running");
        runs.finish("r-sup", Lane.IMPLEMENT, ItemRef.issue(issue), null, null, null, null, List.of(),
                result("blocked", RunResult.COMMENT_BLOCKER) + runFile("issue-comment.md",
                        "Superseded by focused follow-up issues:\n- #90\n- #91"), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        settle("r-sup");
        assertThat(repo.issue(issue).state()).isEqualTo("closed");
        assertThat(count(issue, "Superseded by focused follow-up issues")).isEqualTo(1);
    }

    @Test
    void aScheduledReportIsPostedWithItsStatusLabel() throws Exception {
        int issue = repo.createIssue("walt", "Nightly health", "Agent schedule: every 1d", "agent-running",
                "agent-checks-ok");
        runs.finish("r-rep", Lane.SCHEDULED, ItemRef.issue(issue), null, null, null, null, List.of(),
                result("reported", RunResult.SCHEDULED_ALERT) + runFile("issue-comment.md", "## Health\n\n2 checks"
                        + " failing"), RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        settle("r-rep");
        assertThat(count(issue, "2 checks failing")).isEqualTo(1);
        assertThat(repo.labels(issue)).contains("agent-checks-not-ok").doesNotContain("agent-checks-ok",
                "agent-running");
    }

    @Test
    void aQuotaFailureCoolsTheProviderDownAndTheNextPlanFailsOverToTheNextPool() throws Exception {
        int issue = repo.createIssue("walt", "Quota victim", "body", "agent-running");
        runs.finish("r-quota", Lane.IMPLEMENT, ItemRef.issue(issue), null, null, null, null, List.of(), null,
                RunPhase.FAILED, "provider-quota-limit", PRIMARY_KEY, started(), clock.instant());
        settle("r-quota");
        assertThat(store.providerCooldown(PRIMARY_KEY)).hasValueSatisfying(c -> {
            assertThat(c.lastReason()).isEqualTo("provider-quota-limit");
            assertThat(c.ready(clock.instant())).isFalse();
        });
        assertThat(count(issue, "# Blocker: Provider quota is currently exhausted")).isEqualTo(1);
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        Plan plan = HeartbeatPlanner.plan(profile, new World("", List.of(), List.of(), List.of(), "live"),
                store.loadPlannerState().value(), clock.instant());
        assertThat(plan.provider().pool()).isEqualTo("fallback");
    }

    @Test
    void aWorkerCrashRestoresTheLabels() throws Exception {
        int issue = repo.createIssue("walt", "Crashy", "body", "agent-running", "agent-blocked");
        runs.finish("r-crash", Lane.BLOCKED_RECOVERY, ItemRef.issue(issue), null, null, null, null, List.of(), null,
                RunPhase.FAILED, "runner-aborted-before-completion", PRIMARY_KEY, started(), clock.instant());
        ReconcileReport r = settle("r-crash");
        assertThat(r.result()).isEqualTo("failed: runner-aborted-before-completion");
        assertThat(repo.labels(issue)).doesNotContain("agent-running", "agent-blocked");
        assertThat(store.providerCooldown(PRIMARY_KEY)).isEmpty();
    }

    @Test
    void whileGitHubsLimitIsExhaustedNothingIsCalledAndTheRunWaits() throws Exception {
        int issue = repo.createIssue("walt", "Limited", "body");
        implementRun("r-limit", issue, "");
        store.putGithubCooldown(RetryEntry.schedule(null, List.of(600), clock.instant(), "github-api-rate-limit",
                null, null));
        long before = sandbox.counters().totalRequests();
        ReconcileReport r = reconciler.reconcile("r-limit");
        assertThat(r.status()).isEqualTo("waiting");
        assertThat(r.detail()).contains("rate-limited");
        assertThat(sandbox.counters().totalRequests()).isEqualTo(before);
        store.clearGithubCooldown();
        settle("r-limit");
        assertThat(openPulls()).hasSize(1);
    }

    // ------------------------------------------------------------------ PR runs

    int agentPr(int issue, String author) {
        String branch = "agent/widgets/issue-" + issue;
        repo.createBranchWithCommit(branch, "main", Map.of("src/p" + issue + ".js", "p\n"), "work on #" + issue);
        return repo.openPullRequest(author, "Fix #" + issue, "Closes #" + issue, branch, "main", false);
    }

    @Test
    void aPassedFinalReviewApprovesSquashMergesDeletesTheBranchAndClosesTheIssue() throws Exception {
        int issue = repo.createIssue("walt", "Merge me", "body");
        int pr = agentPr(issue, "walt");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("review", "agent/widgets/issue-" + issue);
        runs.finish("r-merge", Lane.AUTOMERGE, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue,
                List.of(), result(RunResult.REVIEW_PASSED, RunResult.APPROVE_AND_MERGE), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        settle("r-merge");
        SandboxRepo.PullView merged = repo.pull(pr);
        assertThat(merged.merged()).isTrue();
        assertThat(merged.reviewStates()).containsExactly("APPROVED");
        assertThat(repo.branches()).doesNotContain("agent/widgets/issue-" + issue);
        assertThat(repo.issue(issue).state()).isEqualTo("closed");
    }

    @Test
    void theControlPlaneDoesNotApproveItsOwnPullRequestButStillMerges() throws Exception {
        int issue = repo.createIssue("walt", "Own PR", "body");
        int pr = agentPr(issue, "acp-bot");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("review-own", "agent/widgets/issue-" + issue);
        runs.finish("r-own", Lane.DOUBLE_CHECK_2, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue,
                List.of(), result(RunResult.REVIEW_PASSED, RunResult.APPROVE_AND_MERGE), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        ReconcileReport r = settle("r-own");
        assertThat(r.steps()).anySatisfy(s -> assertThat(s).contains("own pull request"));
        assertThat(repo.pull(pr).merged()).isTrue();
        assertThat(repo.pull(pr).reviewStates()).isEmpty();
    }

    @Test
    void theFirstDoubleCheckAdvancesToTheSecond() throws Exception {
        int issue = repo.createIssue("walt", "Infra", "body");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-double-check-1/2", "agent-running");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("dc1", "agent/widgets/issue-" + issue);
        runs.finish("r-dc1", Lane.DOUBLE_CHECK_1, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue,
                List.of(), result(RunResult.REVIEW_PASSED, RunResult.ADVANCE_DOUBLE_CHECK_2), RunPhase.SUCCEEDED,
                null, PRIMARY_KEY, started(), clock.instant());
        settle("r-dc1");
        assertThat(repo.labels(pr)).contains("agent-double-check-2/2").doesNotContain("agent-double-check-1/2",
                "agent-running");
        assertThat(repo.pull(pr).merged()).isFalse();
    }

    @Test
    void aFixRunPushesToThePrBranchAndPostsItsSummaryAboutTheNewHead() throws Exception {
        int issue = repo.createIssue("walt", "Fix", "body");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-repair-queued", "agent-running");
        String prBranch = "agent/widgets/issue-" + issue;
        Path ws = runs.workspace("fix-local", prBranch);
        String start = ReconcileFixture.head(ws);
        runs.finish("r-fix", Lane.FIX, ItemRef.pr(pr), ws, start, start, prBranch, List.of(),
                write("src/p" + issue + ".js", "fixed") + commit("fix: null check") + result(RunResult.UPDATED_BRANCH,
                        RunResult.PUSH_PR_BRANCH) + runFile("pr-comment.md", "## PR repair summary\n\nAdded the null"
                        + " check."), RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        settle("r-fix");
        String newHead = repo.pull(pr).headSha();
        assertThat(newHead).isNotEqualTo(start).isEqualTo(ReconcileFixture.head(ws));
        assertThat(bodies(pr)).anySatisfy(b -> assertThat(b).contains("Added the null check",
                "<!-- acp:head " + newHead + " -->"));
        assertThat(repo.labels(pr)).doesNotContain("agent-repair-queued", "agent-running");
    }

    @Test
    void aMergeRepairThatLeavesConflictMarkersIsRejectedByTheHost() throws Exception {
        int issue = repo.createIssue("walt", "Conflict", "body");
        int pr = agentPr(issue, "walt");
        String prBranch = "agent/widgets/issue-" + issue;
        Path ws = runs.workspace("repair-local", prBranch);
        String start = ReconcileFixture.head(ws);
        runs.finish("r-repair", Lane.MERGE_REPAIR, ItemRef.pr(pr), ws, start, start, prBranch, List.of("README.md"),
                write("README.md", "<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs") + commit("fix: merge")
                        + result(RunResult.UPDATED_BRANCH, RunResult.PUSH_PR_BRANCH), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        ReconcileReport r = settle("r-repair");
        assertThat(r.result()).isEqualTo("not published: host-rejected-partial-repair");
        assertThat(repo.pull(pr).headSha()).isEqualTo(start);
        assertThat(count(pr, "Host rejected this repair")).isEqualTo(1);
        assertThat(store.retry(ItemRef.pr(pr)).orElseThrow().lastReason()).isEqualTo("host-rejected-partial-repair");
    }

    @Test
    void reviewFeedbackAFixLeftUncoveredRequeuesTheFixLane() throws Exception {
        int issue = repo.createIssue("walt", "Feedback", "body");
        int pr = agentPr(issue, "walt");
        long covered = repo.addReviewComment(pr, "maria", "src/p" + issue + ".js", 1, "Rename this", null);
        long uncovered = repo.addReviewComment(pr, "maria", "docs/other.md", 1, "Document it", null);
        String prBranch = "agent/widgets/issue-" + issue;
        Path ws = runs.workspace("cover-local", prBranch);
        String start = ReconcileFixture.head(ws);
        runs.finish("r-cover", Lane.FIX, ItemRef.pr(pr), ws, start, start, prBranch, List.of(),
                write("src/p" + issue + ".js", "renamed") + commit("fix: rename") + result(RunResult.UPDATED_BRANCH,
                        RunResult.PUSH_PR_BRANCH), RunPhase.SUCCEEDED, null, PRIMARY_KEY, Instant.now().plusSeconds(5),
                clock.instant().plusSeconds(60));
        ReconcileReport r = settle("r-cover");
        assertThat(r.result()).contains("1 review item(s) uncovered");
        assertThat(bodies(pr)).anySatisfy(b -> assertThat(b).startsWith("## PR repair blocker")
                .contains("review comment " + uncovered).doesNotContain("review comment " + covered + " "));
        assertThat(store.retry(ItemRef.pr(pr)).orElseThrow().lastReason()).isEqualTo("review-feedback-uncovered");
    }

    @Test
    void noChangeNeededAndABlockedReviewWriteTheirCommentsAndQueueTheRepair() throws Exception {
        int issue = repo.createIssue("walt", "Review", "body");
        int pr = agentPr(issue, "walt");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("nc", "agent/widgets/issue-" + issue);
        runs.finish("r-nc", Lane.FIX, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue, List.of(),
                result(RunResult.NO_CHANGE_NEEDED, RunResult.REFRESH_PR_STATE), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        settle("r-nc");
        assertThat(count(pr, "No change was needed on the current PR head")).isEqualTo(1);
        Path ws2 = runs.workspace("blk", "agent/widgets/issue-" + issue);
        runs.finish("r-blk", Lane.DOUBLE_CHECK_1, ItemRef.pr(pr), ws2, head, head, "agent/widgets/issue-" + issue,
                List.of(), result("blocked", RunResult.COMMENT_PR_BLOCKER) + runFile("pr-comment.md",
                        "## PR final review blocker\n\nThe migration drops a column."), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        settle("r-blk");
        assertThat(count(pr, "The migration drops a column")).isEqualTo(1);
        assertThat(repo.labels(pr)).contains("agent-repair-queued");
    }

    @Test
    void aPrMergedOutsideIsCaughtUpLabelsCleanedAndItsIssueClosed() throws Exception {
        int issue = repo.createIssue("walt", "Merged by a human", "body", "agent-running");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-automerge", "agent-running");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("late", "agent/widgets/issue-" + issue);
        runs.finish("r-late", Lane.AUTOMERGE, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue,
                List.of(), result(RunResult.REVIEW_PASSED, RunResult.APPROVE_AND_MERGE), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        repo.merge(pr, "maria", "squash");
        ReconcileReport r = settle("r-late");
        assertThat(r.result()).isEqualTo("merged outside: labels cleaned");
        assertThat(repo.labels(pr)).doesNotContain("agent-automerge", "agent-running");
        assertThat(repo.issue(issue).state()).isEqualTo("closed");
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
    }

    @Test
    void aChangeTooBroadIsBlockedByTheScopeGuardAndNotPushed() throws Exception {
        int issue = repo.createIssue("walt", "Everything at once", "body");
        String branch = "agent/widgets/issue-" + issue + "-wide";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-wide", Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                "mkdir -p src\nfor i in $(seq 1 16); do echo $i > src/f$i.js; done\n" + commit("feat: all")
                        + passVerification() + result("implemented", RunResult.PUBLISH_ISSUE_PR), RunPhase.SUCCEEDED,
                null, PRIMARY_KEY, started(), clock.instant());
        ReconcileReport r = settle("r-wide");
        assertThat(r.result()).isEqualTo("blocked: scope-guard-blocked");
        assertThat(repo.branches()).doesNotContain(branch);
        assertThat(count(issue, "Failure reason: `scope-guard-blocked`")).isEqualTo(1);
        assertThat(repo.labels(issue)).contains("agent-blocked");
    }

    @Test
    void aPullRequestGitHubRefusesBlocksTheIssueWithoutRerunningTheAgent() throws Exception {
        int issue = repo.createIssue("walt", "Refused", "body");
        implementRun("r-refused", issue, "");
        sandbox.faults().on("POST", "/repos/acme/widgets/pulls").next(1, Fault.status(422));
        ReconcileReport r = reconciler.reconcile("r-refused");
        for (int i = 0; i < 5 && !r.done(); i++) {
            outbox.flush(forge, 50); // the refusal moves the intent to failed/
            clock.advance(Duration.ofMinutes(1));
            r = reconciler.reconcile("r-refused");
        }
        assertThat(r.result()).isEqualTo("blocked: host-publish-failed");
        assertThat(openPulls()).isEmpty();
        assertThat(store.retry(ItemRef.issue(issue)).orElseThrow().lastReason()).isEqualTo("host-publish-failed");
    }

    @Test
    void aReviewThatWaitsForAHumanLabelsThePr() throws Exception {
        int issue = repo.createIssue("walt", "Risky", "body");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-running");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("human", "agent/widgets/issue-" + issue);
        runs.finish("r-human", Lane.DOUBLE_CHECK_2, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue,
                List.of(), result(RunResult.REVIEW_PASSED, RunResult.AWAIT_HUMAN_REVIEW), RunPhase.SUCCEEDED, null,
                PRIMARY_KEY, started(), clock.instant());
        assertThat(settle("r-human").result()).isEqualTo("waiting for human review");
        assertThat(repo.labels(pr)).contains("agent-human-review").doesNotContain("agent-running");
        assertThat(repo.pull(pr).merged()).isFalse();
    }

    @Test
    void aPrClosedOutsideWhileItsRunWorkedIsCleanedAndItsIssueKeptOpen() throws Exception {
        int issue = repo.createIssue("walt", "Abandoned", "body", "agent-running");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-repair-queued", "agent-running");
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("closed", "agent/widgets/issue-" + issue);
        runs.finish("r-closed", Lane.FIX, ItemRef.pr(pr), ws, head, head, "agent/widgets/issue-" + issue, List.of(),
                write("src/p" + issue + ".js", "late") + commit("fix: late") + result(RunResult.UPDATED_BRANCH,
                        RunResult.PUSH_PR_BRANCH), RunPhase.SUCCEEDED, null, PRIMARY_KEY, started(), clock.instant());
        repo.closePull(pr, "maria");
        ReconcileReport r = settle("r-closed");
        assertThat(r.result()).isEqualTo("closed outside: labels cleaned");
        assertThat(repo.pull(pr).headSha()).as("nothing pushed to a closed PR").isEqualTo(head);
        assertThat(repo.labels(pr)).doesNotContain("agent-repair-queued", "agent-running");
        assertThat(repo.issue(issue).state()).isEqualTo("open");
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isTrue());
    }

    @Test
    void aWorkerThatDiesIsSettledByTheHeartbeatAndReconciledItsLabelsRestored() throws Exception {
        int issue = repo.createIssue("walt", "Dies mid-run", "body");
        RecordingDispatcher dispatcher = new RecordingDispatcher(clock);
        Heartbeat hb = new Heartbeat(profile, forge, store, outbox, dispatcher, clock, reconciler);
        clock.advance(Duration.ofMinutes(1));
        hb.run();
        String runId = dispatcher.given().stream().filter(l -> l.item().equals(ItemRef.issue(issue))).findFirst()
                .orElseThrow().runId();
        assertThat(repo.labels(issue)).contains("agent-running");
        dispatcher.startAll();
        clock.advance(Duration.ofMinutes(1));
        hb.run();
        dispatcher.forget(runId); // the worker died without a word
        clock.advance(Heartbeat.LOST_RUN_GRACE.plusMinutes(1));
        HeartbeatReport r = hb.run();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains(runId, "runner-aborted-before-completion"));
        assertThat(runs.runsRoot.resolve(runId + "/reconciled.json")).exists();
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(store.retry(ItemRef.issue(issue)).orElseThrow().lastReason())
                .isEqualTo("runner-aborted-before-completion");
    }

    @Test
    void aRunWhosePrWasMergedBeforeItCouldWorkIsSupersededWithoutRetryOrComment() throws Exception {
        int issue = repo.createIssue("walt", "Merged meanwhile", "body");
        int pr = agentPr(issue, "walt");
        repo.addLabels(pr, "agent-automerge", "agent-running");
        repo.merge(pr, "maria", "squash");
        store.putRun(new io.agentcontrolplane.core.world.WorkerRun("r-gone", Lane.AUTOMERGE, ItemRef.pr(pr),
                RunPhase.CANCELLED, started(), clock.instant(), false, false, false, PRIMARY_KEY, null,
                io.agentcontrolplane.core.world.WorkerRun.NO_LONGER_NEEDED));
        long comments = repo.comments(pr).size();
        ReconcileReport r = settle("r-gone");
        assertThat(r.result()).isEqualTo("superseded: pr#" + pr + " was merged or closed before the run could work"
                + " on it");
        assertThat(repo.labels(pr)).doesNotContain("agent-running");
        assertThat(repo.comments(pr)).hasSize((int) comments);
        assertThat(store.retry(ItemRef.pr(pr))).isEmpty();
    }

    // ------------------------------------------------------------------ through the heartbeat

    @Test
    void theHeartbeatReconcilesFinishedRunsAndAvoidsDuplicateWork() throws Exception {
        int issue = repo.createIssue("walt", "Via heartbeat", "body");
        implementRun("r-hb", issue, "");
        RecordingDispatcher dispatcher = new RecordingDispatcher(clock);
        Heartbeat hb = new Heartbeat(profile, forge, store, outbox, dispatcher, clock, reconciler);
        for (int i = 0; i < 3 && !Files.exists(runs.runsRoot.resolve("r-hb/reconciled.json")); i++) {
            clock.advance(Duration.ofMinutes(1));
            HeartbeatReport r = hb.run();
            assertThat(r.outcome()).as(r.render()).isEqualTo("completed");
        }
        assertThat(runs.runsRoot.resolve("r-hb/reconciled.json")).exists();
        assertThat(openPulls()).hasSize(1);
        assertThat(count(issue, "Opened PR")).isEqualTo(1);

        // Another tool's PR mentions issue 2: no second attempt is launched for it.
        int other = repo.createIssue("walt", "Taken elsewhere", "body");
        repo.createBranchWithCommit("renovate/x", "main", Map.of("x.txt", "x\n"), "x");
        repo.openPullRequest("maria", "Work for #" + other, "Working on #" + other + " here", "renovate/x", "main",
                false);
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport r = hb.run();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("issue#" + other, "duplicate-work: PR #"));
        assertThat(dispatcher.given()).noneSatisfy(l -> assertThat(l.item()).isEqualTo(ItemRef.issue(other)));
    }

    /**
     * The demo's defect, made deterministic: a heartbeat observes GitHub, then reconciles a finished automerge run
     * (its merge queued in the outbox). Its observation still shows the PR open and green, so the plan launches
     * automerge on it again; that launch must not happen, in this heartbeat or the next.
     */
    @Test
    void aRunReconciledAfterTheObservationIsNotLaunchedAgainFromIt() throws Exception {
        int issue = repo.createIssue("walt", "Merged by the heartbeat", "body");
        int pr = agentPr(issue, "walt");
        String branch = "agent/widgets/issue-" + issue;
        repo.addCheckRun(branch, "build", "completed", "success");
        RecordingDispatcher dispatcher = new RecordingDispatcher(clock);
        Heartbeat hb = new Heartbeat(profile, forge, store, outbox, dispatcher, clock, reconciler);
        HeartbeatReport first = hb.run();
        assertThat(first.launched()).as(first.render()).anySatisfy(l -> assertThat(l).contains("automerge pr#" + pr));
        // The run ends the way the executor reports it; its worker left an approve-and-merge result.
        String runId = dispatcher.given().get(0).runId();
        dispatcher.forget(runId);
        String head = repo.pull(pr).headSha();
        Path ws = runs.workspace("hb-merge", branch);
        runs.finish(runId, Lane.AUTOMERGE, ItemRef.pr(pr), ws, head, head, branch, List.of(),
                result(RunResult.REVIEW_PASSED, RunResult.APPROVE_AND_MERGE), RunPhase.SUCCEEDED, null, PRIMARY_KEY,
                clock.instant(), clock.instant());

        HeartbeatReport settled = hb.run();
        assertThat(runs.runsRoot.resolve(runId + "/reconciled.json")).exists();
        assertThat(settled.plan().launches()).as("planned from an observation made before the merge was queued")
                .anySatisfy(l -> assertThat(l.item()).isEqualTo(ItemRef.pr(pr)));
        assertThat(settled.launched()).as(settled.render()).isEmpty();
        assertThat(settled.notes()).anySatisfy(n -> assertThat(n).startsWith("pr#" + pr + " waits: its last run "
                + runId + " was reconciled in this heartbeat"));
        assertThat(repo.pull(pr).merged()).isTrue();

        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport after = hb.run();
        assertThat(after.launched()).as(after.render()).isEmpty();
        assertThat(dispatcher.given()).hasSize(1);
    }

    /**
     * A run's write still in the outbox (here queued before the heartbeat, as after a GitHub outage) holds its item
     * back, however long ago the run was reconciled: GitHub does not show the run's result yet.
     */
    @Test
    void aRunWriteWaitingInTheOutboxHoldsTheItemBack() throws Exception {
        int issue = repo.createIssue("walt", "Comment waits", "body");
        int pr = agentPr(issue, "walt");
        repo.addCheckRun("agent/widgets/issue-" + issue, "build", "completed", "success");
        outbox.enqueue(io.agentcontrolplane.core.outbox.Intent.comment("run/r-old/summary", ItemRef.pr(pr),
                "## PR review summary\n\nReviewed."));
        RecordingDispatcher dispatcher = new RecordingDispatcher(clock);
        Heartbeat hb = new Heartbeat(profile, forge, store, outbox, dispatcher, clock, reconciler);
        clock.advance(Duration.ofHours(1));
        HeartbeatReport held = hb.run();
        assertThat(held.launched()).as(held.render()).isEmpty();
        assertThat(held.notes()).anySatisfy(n -> assertThat(n).contains("pr#" + pr + " waits: a write of its last"
                + " run waits in the outbox (comment)"));
        assertThat(count(pr, "Reviewed.")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport next = hb.run();
        assertThat(next.launched()).as(next.render()).anySatisfy(l -> assertThat(l).contains("automerge pr#" + pr));
    }

    List<SandboxRepo.PullView> openPulls() {
        return repo.issues().stream().filter(SandboxRepo.IssueView::pullRequest)
                .map(i -> repo.pull(i.number())).filter(p -> p.state().equals("open")).toList();
    }

    static boolean pendingOf(Outbox o) {
        return o.list().stream().anyMatch(e -> e.state() == OutboxEntry.State.PENDING);
    }
}
