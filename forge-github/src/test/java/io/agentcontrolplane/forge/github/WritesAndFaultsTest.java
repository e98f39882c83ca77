package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.sandbox.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WritesAndFaultsTest extends ForgeTestSupport {
    private static final String COMMENTS = "/repos/acme/widgets/issues/*/comments";

    @Test
    void everyWriteAndCheck() throws Exception {
        int issue = repo.createIssue("walt", "Fix it", "body", "bug");
        ItemRef ref = ItemRef.issue(issue);
        forge.addLabels(ref, List.of("agent-running", "agent-double-check-1/2"));
        assertThat(forge.labels(ref)).containsExactly("bug", "agent-running", "agent-double-check-1/2");
        forge.removeLabel(ref, "agent-double-check-1/2");
        forge.removeLabel(ref, "never-there");
        assertThat(repo.labels(issue)).containsExactly("bug", "agent-running");

        forge.ensureLabel("agent-running", "#0E8A16", "An agent works on it");
        assertThat(repo.labelInfo("agent-running")).isEqualTo("agent-running:0e8a16:An agent works on it");
        forge.ensureLabel("agent-new", "ff0000", "New");
        forge.ensureLabel("agent-new", "ff0000", "New");
        assertThat(repo.labelInfo("agent-new")).isEqualTo("agent-new:ff0000:New");

        ForgeComment c = forge.comment(ref, "hello <!-- acp:1 -->");
        assertThat(c.author()).isEqualTo("acp-bot");
        assertThat(forge.comments(ref)).extracting(ForgeComment::body).containsExactly("hello <!-- acp:1 -->");

        assertThat(forge.permission("maria")).isEqualTo(Permission.MAINTAIN);
        assertThat(forge.permission("stranger")).isEqualTo(Permission.READ);
        assertThat(forge.permission("nobody-at-all")).isEqualTo(Permission.NONE);

        String branch = "agent/widgets/issue-" + issue;
        repo.createBranchWithCommit(branch, "main", Map.of("fix.txt", "fixed\n"), "fix");
        assertThat(forge.branchExists(branch)).isTrue();
        assertThat(forge.findOpenPullRequest(branch)).isEmpty();
        int pr = forge.openPullRequest(branch, "main", "Fix it", "Closes #" + issue, false);
        assertThat(forge.findOpenPullRequest(branch)).contains(pr);
        forge.updatePullRequestBody(pr, "Closes #" + issue + "\n\nmore");
        assertThat(repo.issue(pr).body()).endsWith("more");

        // A review by another user (the bot cannot approve its own PR): walt's forge.
        GitHubForge walt = GitHubForges.standalone(sandbox.baseUrl(), "walt-token", settings(),
                stateDir.resolve("walt"), governor, GitHubForges.Timeouts.DEFAULT);
        walt.review(pr, ReviewEvent.APPROVE, "LGTM <!-- acp:review -->");
        assertThat(forge.reviews(pr)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo("APPROVED");
            assertThat(r.author()).isEqualTo("walt");
            assertThat(r.commitSha()).isEqualTo(repo.branchSha(branch));
        });

        String head = repo.branchSha(branch);
        repo.commit(branch, Map.of("late.txt", "x\n"), "late push");
        ForgeException moved = catchThrowableOfType(ForgeException.class,
                () -> forge.squashMerge(pr, head, "Fix it (#" + pr + ")", "body"));
        assertThat(moved.kind()).isEqualTo(Kind.REJECTED);
        assertThat(moved.status()).isEqualTo(409);
        assertThat(forge.isMerged(pr)).isFalse();
        String sha = forge.squashMerge(pr, repo.branchSha(branch), "Fix it (#" + pr + ")", "body");
        assertThat(repo.pull(pr).merged()).isTrue();
        assertThat(repo.pull(pr).mergeCommitSha()).isEqualTo(sha);
        assertThat(repo.commitMessage("main")).startsWith("Fix it (#" + pr + ")");
        assertThat(forge.isMerged(pr)).isTrue();
        // A lost answer's PR is found though merged since; one opened before the write is not it.
        assertThat(forge.findOpenPullRequest(branch)).isEmpty();
        assertThat(forge.findPullRequestOpenedSince(branch, java.time.Instant.now().minusSeconds(600))).contains(pr);
        assertThat(forge.findPullRequestOpenedSince(branch, java.time.Instant.now().plusSeconds(600))).isEmpty();

        forge.deleteBranch(branch);
        forge.deleteBranch(branch);
        assertThat(forge.branchExists(branch)).isFalse();

        String ci = repo.createBranchWithCommit("ci", "main", Map.of("c.txt", "c\n"), "ci");
        long failed = repo.addWorkflowRun("CI", "ci", ci, "completed", "failure");
        long ok = repo.addWorkflowRun("Lint", "ci", ci, "completed", "success");
        assertThat(forge.rerunFailedJobs(ci)).isEqualTo(1);
        assertThat(repo.workflowRun(failed).runAttempt()).isEqualTo(2);
        assertThat(repo.workflowRun(ok).runAttempt()).isEqualTo(1);

        assertThat(catchThrowableOfType(ForgeException.class, () -> forge.labels(ItemRef.issue(999))).kind())
                .isEqualTo(Kind.NOT_FOUND);
        ForgeException rejected = catchThrowableOfType(ForgeException.class,
                () -> forge.openPullRequest("no-such-branch", "main", "t", "b", false));
        assertThat(rejected.kind()).isEqualTo(Kind.REJECTED);
        assertThat(rejected.getMessage()).contains("Validation Failed");
    }

    private ForgeException commentFails() {
        return catchThrowableOfType(ForgeException.class, () -> forge.comment(ItemRef.issue(1), "hi"));
    }

    private ForgeException labelsFail() {
        return catchThrowableOfType(ForgeException.class, () -> forge.labels(ItemRef.issue(1)));
    }

    @Test
    void faultsMapToKinds() {
        repo.createIssue("walt", "One", "body");
        sandbox.faults().on("POST", COMMENTS).next(1, Fault.status(502));
        assertThat(commentFails().kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        sandbox.faults().on("POST", COMMENTS).next(1, Fault.reset());
        assertThat(commentFails().kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        sandbox.faults().on("POST", COMMENTS).next(1, Fault.timeout(Duration.ofSeconds(2)));
        assertThat(commentFails().kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(repo.comments(1)).isEmpty();

        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(3, Fault.status(503));
        assertThat(labelsFail().kind()).isEqualTo(Kind.TRANSIENT);
        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(3, Fault.reset());
        assertThat(labelsFail().kind()).isEqualTo(Kind.TRANSIENT);
        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(2, Fault.reset());
        assertThat(catchThrowableOfType(ForgeException.class, () -> forge.labels(ItemRef.issue(1)))).isNull();
        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(1, Fault.delay(Duration.ofMillis(300)));
        assertThat(catchThrowableOfType(ForgeException.class, () -> forge.labels(ItemRef.issue(1)))).isNull();
    }

    @Test
    void secondaryLimitWithRetryAfterIsHonoured() {
        repo.createIssue("walt", "One", "body");
        sandbox.faults().on("POST", COMMENTS).next(1, Fault.secondaryRateLimit(90));
        ForgeException e = commentFails();
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAt()).isEqualTo(clock.instant().plusSeconds(90));
        long before = sandbox.counters().totalRequests();
        ForgeException fast = labelsFail();
        assertThat(fast.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(fast.retryAt()).isEqualTo(e.retryAt());
        assertThat(sandbox.counters().totalRequests()).as("nothing sent while blocked").isEqualTo(before);
        clock.advance(Duration.ofSeconds(91));
        assertThat(catchThrowableOfType(ForgeException.class, () -> forge.labels(ItemRef.issue(1)))).isNull();
    }

    @Test
    void tooManyRequestsAndPrimaryExhaustion() {
        repo.createIssue("walt", "One", "body");
        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(1, Fault.tooManyRequests(30));
        ForgeException e = labelsFail();
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(31));

        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(1, Fault.primaryExhausted());
        ForgeException p = labelsFail();
        assertThat(p.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(p.retryAt()).isAfter(clock.instant().minusSeconds(1));

        // hub4j's read path maps the same way (its FAIL handlers do not sleep).
        clock.advance(Duration.ofHours(2));
        sandbox.faults().on("GET", "/repos/acme/widgets/issues").next(1, Fault.secondaryRateLimit(60));
        ForgeException o = catchThrowableOfType(ForgeException.class, () -> forge.observe());
        assertThat(o.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(o.retryAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void theTokenNeverLeaks() {
        repo.createIssue("walt", "One", "body");
        sandbox.faults().on("POST", COMMENTS).next(1, Fault.status(500));
        ForgeException e = commentFails();
        sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(3, Fault.reset());
        ForgeException r = labelsFail();
        sandbox.close();
        ForgeException down = labelsFail();
        for (Throwable t : List.of(e, r, down)) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(TOKEN);
                assertThat(c.toString()).doesNotContain(TOKEN);
            }
        }
        assertThat(forge.toString() + forge.stats() + governor).doesNotContain(TOKEN);
    }
}
