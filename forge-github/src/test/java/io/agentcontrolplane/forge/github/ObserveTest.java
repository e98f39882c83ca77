package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObserveTest extends ForgeTestSupport {

    private int prOn(String branch, String author) {
        repo.createBranchWithCommit(branch, "main", Map.of(branch.replace('/', '-') + ".txt", "x\n"), "work");
        return repo.openPullRequest(author, "PR " + branch, "Fixes #1", branch, "main", false);
    }

    @Test
    void readsEveryOpenIssueAndPullRequestBeyondOneHundred() throws Exception {
        for (int i = 0; i < 250; i++) {
            repo.createIssue("walt", "Issue " + i, "body " + i);
        }
        for (int i = 0; i < 120; i++) {
            prOn("agent/widgets/issue-" + i, "walt");
        }
        repo.close(1, "walt");
        Observation o = forge.observe();
        assertThat(o.source()).isEqualTo("live");
        assertThat(o.issues()).hasSize(249).allSatisfy(i -> assertThat(i.authorPermission()).isEqualTo(Permission.WRITE));
        assertThat(o.issues()).extracting(Issue::number).doesNotContain(1).contains(2, 250);
        assertThat(o.pulls()).hasSize(120);
        assertThat(o.details()).hasSize(120);
        assertThat(o.defaultBranchSha()).isEqualTo(repo.branchSha("main"));
        PullRequest first = o.pulls().get(0);
        assertThat(first.headRef()).isEqualTo("agent/widgets/issue-0");
        assertThat(first.headSha()).isEqualTo(repo.branchSha("agent/widgets/issue-0"));
        assertThat(first.baseRef()).isEqualTo("main");
        assertThat(first.lane()).isEqualTo(PrLane.PENDING);
        assertThat(o.stats().requests()).isPositive();
    }

    @Test
    void idleSecondObservationCostsNoPointsAndOnly304s() throws Exception {
        for (int i = 0; i < 5; i++) {
            repo.createIssue(i % 2 == 0 ? "walt" : "stranger", "Issue " + i, "body");
        }
        prOn("agent/widgets/issue-1", "walt");
        prOn("agent/widgets/issue-2", "walt");
        forge.observe();
        Observation idle = forge.observe();
        assertThat(idle.stats().points()).isZero();
        assertThat(idle.stats().requests()).isPositive().isEqualTo(idle.stats().notModified());
        assertThat(idle.details()).hasSize(2);

        // After a restart (new client, same state directory) an idle heartbeat is still free.
        GitHubForge restarted = newForge(sandbox.baseUrl());
        Observation again = restarted.observe();
        assertThat(again.stats().points()).isZero();
        assertThat(again.details()).isEqualTo(idle.details());
    }

    @Test
    void aChangedPullRequestRefetchesDetailsForThatPullRequestOnly() throws Exception {
        int a = prOn("agent/widgets/issue-1", "walt");
        int b = prOn("agent/widgets/issue-2", "walt");
        forge.observe();
        sandbox.counters().reset();
        repo.commit("agent/widgets/issue-2", Map.of("more.txt", "y\n"), "more");
        repo.addCheckRun("agent/widgets/issue-2", "build", "completed", "failure");
        Observation o = forge.observe();
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files")).isEqualTo(1);
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/pulls/{pull_number}")).isEqualTo(1);
        assertThat(o.details().get(b).files()).contains("more.txt");
        assertThat(o.details().get(b).checks()).anySatisfy(c -> assertThat(c.state()).isEqualTo("failure"));
        assertThat(o.details().get(a).headSha()).isEqualTo(repo.branchSha("agent/widgets/issue-1"));
        assertThat(o.stats().points()).isLessThanOrEqualTo(12);
    }

    @Test
    void trustLabellerBlockerCommentAndAgentSummary() throws Exception {
        int trusted = repo.createIssue("stranger", "Please", "body");
        repo.addLabelsAs(trusted, "maria", "agent-ready");
        int untrusted = repo.createIssue("stranger", "Also", "body", "agent-ready");
        int blocked = repo.createIssue("walt", "Stuck", "body", "agent-blocked");
        repo.addComment(blocked, "acp-bot", "# Blocker: scope\nFailure reason: `scope-guard-blocked`");
        repo.addComment(blocked, "walt", "any news?");
        int pr = prOn("feature/x", "walt");
        repo.addComment(pr, "acp-bot", "## PR repair summary\nfixed");
        Observation o = forge.observe();
        Map<Integer, Issue> byNumber = new java.util.HashMap<>();
        o.issues().forEach(i -> byNumber.put(i.number(), i));
        assertThat(byNumber.get(trusted).authorPermission()).isEqualTo(Permission.READ);
        assertThat(byNumber.get(trusted).labelledBy()).containsEntry("agent-ready", Permission.MAINTAIN);
        assertThat(byNumber.get(untrusted).labelledBy()).containsEntry("agent-ready", Permission.READ);
        assertThat(byNumber.get(blocked).latestBlockerComment()).startsWith("# Blocker: scope");
        assertThat(o.pulls()).singleElement().satisfies(p -> assertThat(p.agentSummaryComment()).isTrue());

        sandbox.counters().reset();
        forge.observe();
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments")).isZero();
        assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events")).isZero();
    }

    @Test
    void whenGitHubIsUnreachableTheMirrorIsReturned() throws Exception {
        repo.createIssue("walt", "One", "body");
        Observation live = forge.observe();
        sandbox.close();
        Observation mirrored = forge.observe();
        assertThat(mirrored.source()).isEqualTo("mirror");
        assertThat(mirrored.observedAt()).isEqualTo(live.observedAt());
        assertThat(mirrored.issues()).isEqualTo(live.issues());
        assertThat(mirrored.stats().points()).isZero();
        assertThat(forge.stats()).isNotEqualTo(RequestStats.NONE);
    }

    @Test
    void enterpriseEndpointWorks() throws Exception {
        repo.createIssue("walt", "One", "body");
        GitHubForge ghe = GitHubForges.standalone(sandbox.enterpriseUrl(), TOKEN, settings(), stateDir.resolve("ghe"),
                governor, GitHubForges.Timeouts.DEFAULT);
        assertThat(ghe.observe().issues()).hasSize(1);
    }
}
