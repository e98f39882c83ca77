package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestFileDetail;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewComment;
import org.kohsuke.github.GHPullRequestReviewEvent;
import org.kohsuke.github.GHPullRequestReviewState;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflowRun;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/** hub4j/github-api 1.330 as a real client against the sandbox: the way our adapter talks to it. */
class Hub4jClientTest extends SandboxTestSupport {

  GitHub gh(String token) throws IOException {
    return new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken(token).build();
  }

  @Test
  void userRateLimitAndRepository() throws IOException {
    GitHub gh = gh(ALICE);
    assertThat(gh.getMyself().getLogin()).isEqualTo("alice");
    assertThat(gh.getRateLimit().getCore().getLimit()).isEqualTo(5000);
    GHRepository r = gh.getRepository(REPO);
    assertThat(r.getFullName()).isEqualTo(REPO);
    assertThat(r.getDefaultBranch()).isEqualTo("main");
    assertThat(r.getPermission("rita")).isEqualTo(GHPermissionType.READ);
    assertThat(r.getPermission("bob")).isEqualTo(GHPermissionType.WRITE);
    assertThat(gh.lastRateLimit().getRemaining()).isLessThan(5000);
  }

  @Test
  void enterpriseEndpoint() throws IOException {
    GitHub gh = new GitHubBuilder().withEndpoint(sandbox.enterpriseUrl()).withOAuthToken(ALICE).build();
    repo.createIssue("alice", "via GHE", null);
    assertThat(gh.getRepository(REPO).getIssues(GHIssueState.OPEN)).extracting(GHIssue::getTitle).containsExactly("via GHE");
  }

  @Test
  void issuesCommentsAndLabels() throws IOException {
    int n = repo.createIssue("alice", "Bug", "body", "bug");
    int pr = seedPullRequest();
    GHRepository r = gh(BOB).getRepository(REPO);
    List<GHIssue> open = r.queryIssues().state(GHIssueState.OPEN).pageSize(100).list().toList();
    assertThat(open).extracting(GHIssue::getNumber).containsExactly(pr, n);
    assertThat(open.get(0).isPullRequest()).isTrue();
    assertThat(r.queryIssues().label("bug").list().toList()).extracting(GHIssue::getNumber).containsExactly(n);

    GHIssue issue = r.getIssue(n);
    assertThat(issue.getUser().getLogin()).isEqualTo("alice");
    GHIssueComment c = issue.comment("working on it");
    assertThat(c.getBody()).isEqualTo("working on it");
    assertThat(issue.getComments()).extracting(GHIssueComment::getBody).containsExactly("working on it");

    issue.addLabels("agent:claimed");
    assertThat(repo.labels(n)).containsExactly("bug", "agent:claimed");
    issue.removeLabel("bug");
    assertThat(repo.labels(n)).containsExactly("agent:claimed");
    issue.setLabels("done");
    assertThat(repo.labels(n)).containsExactly("done");
    assertThat(r.getIssue(n).getLabels()).extracting(GHLabel::getName).containsExactly("done");
    assertThatThrownBy(() -> r.getIssue(n).removeLabel("absent")).isInstanceOf(GHFileNotFoundException.class);
    issue.close();
    assertThat(repo.issue(n).state()).isEqualTo("closed");

    GHLabel label = r.createLabel("priority", "ff0000", "urgent");
    assertThat(label.getColor()).isEqualTo("ff0000");
    assertThat(r.listLabels().toList()).extracting(GHLabel::getName).contains("bug", "priority", "done");
    assertThat(sandbox.counters().writes("POST", "/repos/acme/widgets/issues/" + n + "/comments")).isEqualTo(1);
  }

  @Test
  void pullRequestLifecycleWithSquashMerge() throws IOException {
    repo.createBranchWithCommit("feature", "main", Map.of("src/A.java", "class A {}\n"), "Add A");
    GHRepository bobRepo = gh(BOB).getRepository(REPO);
    GHPullRequest pr = bobRepo.createPullRequest("Add A", "feature", "main", "Adds A");
    assertThat(pr.getNumber()).isPositive();
    assertThat(pr.getHead().getSha()).isEqualTo(repo.branchSha("feature"));
    assertThat(pr.getBase().getRef()).isEqualTo("main");
    assertThat(pr.isDraft()).isFalse();
    pr.setTitle("Add class A");
    pr.setBody("Adds class A");
    pr.addLabels("agent:review");

    GHRepository aliceRepo = gh(ALICE).getRepository(REPO);
    List<GHPullRequest> open = aliceRepo.queryPullRequests().state(GHIssueState.OPEN).base("main").list().toList();
    assertThat(open).hasSize(1);
    assertThat(open.get(0).getLabels()).extracting(GHLabel::getName).containsExactly("agent:review");
    GHPullRequest fetched = aliceRepo.getPullRequest(pr.getNumber());
    assertThat(fetched.getTitle()).isEqualTo("Add class A");
    assertThat(fetched.getMergeable()).isTrue();
    assertThat(fetched.getMergeableState()).isEqualTo("clean");
    assertThat(fetched.listFiles().toList()).extracting(GHPullRequestFileDetail::getFilename).containsExactly("src/A.java");

    GHPullRequestReview approval = fetched.createReview().event(GHPullRequestReviewEvent.APPROVE).body("LGTM").create();
    assertThat(approval.getState()).isEqualTo(GHPullRequestReviewState.APPROVED);
    fetched.createReview().event(GHPullRequestReviewEvent.REQUEST_CHANGES).body("one more thing")
        .comment("rename", "src/A.java", 1).create();
    fetched.createReview().event(GHPullRequestReviewEvent.COMMENT).body("fine now").create();
    assertThat(fetched.listReviews().toList()).extracting(GHPullRequestReview::getState).containsExactly(
        GHPullRequestReviewState.APPROVED, GHPullRequestReviewState.CHANGES_REQUESTED, GHPullRequestReviewState.COMMENTED);
    assertThat(fetched.listReviewComments().toList()).extracting(GHPullRequestReviewComment::getPath)
        .containsExactly("src/A.java");

    fetched.merge("squashed", fetched.getHead().getSha(), GHPullRequest.MergeMethod.SQUASH);
    assertThat(repo.fileContent("main", "src/A.java")).isEqualTo("class A {}\n");
    GHPullRequest after = aliceRepo.getPullRequest(pr.getNumber());
    assertThat(after.isMerged()).isTrue();
    assertThat(after.getMergeCommitSha()).isEqualTo(repo.branchSha("main"));

    aliceRepo.getRef("heads/feature").delete();
    assertThat(repo.branches()).containsExactly("main");
  }

  @Test
  void mergeConflictSurfacesAsHttpException() throws IOException {
    repo.createBranchWithCommit("left", "main", Map.of("README.md", "left\n"), "left");
    int n = repo.openPullRequest("bob", "Left", null, "left", "main", false);
    repo.commit("main", Map.of("README.md", "right\n"), "right");
    GHPullRequest pr = gh(ALICE).getRepository(REPO).getPullRequest(n);
    assertThat(pr.getMergeable()).isFalse();
    assertThatThrownBy(() -> pr.merge("x", null, GHPullRequest.MergeMethod.SQUASH))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(405));
  }

  @Test
  void checkRunsStatusesAndWorkflowRuns() throws IOException {
    seedPullRequest();
    String sha = repo.branchSha("feature");
    repo.addCheckRun(sha, "build", "completed", "success");
    repo.addStatus(sha, "failure", "ci/jenkins", "tests failed", "http://ci/1");
    long run = repo.addWorkflowRun("CI", "feature", sha, "completed", "failure");
    GHRepository r = gh(BOB).getRepository(REPO);
    List<GHCheckRun> runs = r.getCheckRuns(sha).toList();
    assertThat(runs).extracting(GHCheckRun::getName).containsExactly("build");
    assertThat(runs.get(0).getConclusion()).isEqualTo(GHCheckRun.Conclusion.SUCCESS);
    assertThat(r.listCommitStatuses(sha).toList()).hasSize(1);
    assertThat(r.getLastCommitStatus(sha).getState()).isEqualTo(GHCommitState.FAILURE);
    List<GHWorkflowRun> wf = r.queryWorkflowRuns().branch("feature").list().toList();
    assertThat(wf).hasSize(1);
    assertThat(wf.get(0).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.FAILURE);
    wf.get(0).rerun();
    assertThat(repo.workflowRun(run).runAttempt()).isEqualTo(2);
  }

  @Test
  void readOnlyUserCannotCommentAndMissingTokenIs401() throws IOException {
    int n = repo.createIssue("alice", "Bug", "body");
    GHIssue asRita = gh(RITA).getRepository(REPO).getIssue(n);
    assertThatThrownBy(() -> asRita.comment("me too"))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(403));
    assertThat(repo.comments(n)).isEmpty();
    GitHub bad = new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken("wrong").build();
    assertThatThrownBy(() -> bad.getRepository(REPO))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
  }
}
