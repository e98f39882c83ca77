package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every operation of the subset over raw HTTP (java.net.http), including error statuses. */
class RawHttpOperationsTest extends SandboxTestSupport {

  private static final String R = "/repos/acme/widgets";

  private static List<String> names(JsonNode labels) {
    List<String> out = new ArrayList<>();
    labels.forEach(l -> out.add(l.get("name").asText()));
    return out;
  }

  @Test
  void rateLimitAndAuthenticatedUser() {
    HttpResponse<String> rl = get("/rate_limit", ALICE);
    assertThat(rl.statusCode()).isEqualTo(200);
    assertThat(json(rl).at("/resources/core/limit").asInt()).isEqualTo(5000);
    HttpResponse<String> me = get("/user", ALICE);
    assertThat(json(me).get("login").asText()).isEqualTo("alice");
    assertThat(json(me).get("url").asText()).startsWith(sandbox.baseUrl());
  }

  @Test
  void repositoryAndEnterprisePrefix() {
    JsonNode r = json(get(R, ALICE));
    assertThat(r.get("full_name").asText()).isEqualTo("acme/widgets");
    assertThat(r.get("default_branch").asText()).isEqualTo("main");
    assertThat(r.at("/owner/type").asText()).isEqualTo("Organization");
    HttpResponse<String> ghe = get("/api/v3" + R + "/issues", ALICE);
    assertThat(ghe.statusCode()).isEqualTo(200);
    assertThat(json(get("/api/v3" + R, ALICE)).get("url").asText()).isEqualTo(sandbox.enterpriseUrl() + R);
    assertThat(get("/repos/acme/nope", ALICE).statusCode()).isEqualTo(404);
    assertThat(get("/repos/acme/secret", RITA).statusCode()).as("private repo hidden").isEqualTo(404);
    assertThat(get("/repos/acme/secret", ALICE).statusCode()).isEqualTo(200);
  }

  @Test
  void issuesListGetUpdateAndPullRequestsInIssueList() {
    int a = repo.createIssue("alice", "Bug A", "first", "bug");
    int b = repo.createIssue("bob", "Feature B", null, "enhancement", "agent:ready");
    int pr = seedPullRequest();
    JsonNode list = json(get(R + "/issues", ALICE));
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("number").asInt()).as("default sort created desc").isEqualTo(pr);
    assertThat(list.get(0).has("pull_request")).isTrue();
    assertThat(list.get(2).has("pull_request")).isFalse();
    assertThat(json(get(R + "/issues?labels=enhancement,agent:ready", ALICE))).hasSize(1);
    assertThat(json(get(R + "/issues?direction=asc", ALICE)).get(0).get("number").asInt()).isEqualTo(a);

    JsonNode one = json(get(R + "/issues/" + b, ALICE));
    assertThat(one.get("title").asText()).isEqualTo("Feature B");
    assertThat(one.get("body").isNull()).isTrue();
    assertThat(one.at("/user/login").asText()).isEqualTo("bob");
    assertThat(get(R + "/issues/999", ALICE).statusCode()).isEqualTo(404);

    HttpResponse<String> upd = call("PATCH", R + "/issues/" + a, BOB, "{\"state\":\"closed\",\"title\":\"Bug A!\"}");
    assertThat(upd.statusCode()).isEqualTo(200);
    assertThat(json(upd).get("state").asText()).isEqualTo("closed");
    assertThat(json(upd).get("state_reason").asText()).isEqualTo("completed");
    assertThat(json(get(R + "/issues", ALICE))).hasSize(2);
    assertThat(json(get(R + "/issues?state=closed", ALICE))).hasSize(1);
    assertThat(json(get(R + "/issues?state=all&since=2999-01-01T00:00:00Z", ALICE))).isEmpty();
    assertThat(call("PATCH", R + "/issues/" + a, BOB, "{\"state\":\"bogus\"}").statusCode()).isEqualTo(422);
    assertThat(get(R + "/issues?state=bogus", ALICE).statusCode()).isEqualTo(422);
  }

  @Test
  void commentsCreateAndList() {
    int n = repo.createIssue("alice", "Talk", "x");
    HttpResponse<String> c = call("POST", R + "/issues/" + n + "/comments", BOB, "{\"body\":\"hello\"}");
    assertThat(c.statusCode()).isEqualTo(201);
    assertThat(c.headers().firstValue("Location")).isPresent();
    assertThat(json(c).get("body").asText()).isEqualTo("hello");
    assertThat(json(get(R + "/issues/" + n + "/comments", ALICE))).hasSize(1);
    assertThat(repo.comments(n)).extracting(SandboxRepo.CommentView::body).containsExactly("hello");
    assertThat(call("POST", R + "/issues/" + n + "/comments", BOB, "{}").statusCode()).isEqualTo(422);
    assertThat(call("POST", R + "/issues/77/comments", BOB, "{\"body\":\"x\"}").statusCode()).isEqualTo(404);
    assertThat(sandbox.counters().writes("POST", "/repos/acme/widgets/issues/*/comments")).isEqualTo(1);
  }

  @Test
  void labelsAddSetRemoveAndRepoLabels() {
    int n = repo.createIssue("alice", "Labels", "x", "bug");
    HttpResponse<String> created = call("POST", R + "/labels", ALICE,
        "{\"name\":\"agent:ready\",\"color\":\"0e8a16\",\"description\":\"Ready for an agent\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> dup = call("POST", R + "/labels", ALICE, "{\"name\":\"Agent:Ready\"}");
    assertThat(dup.statusCode()).isEqualTo(422);
    assertThat(json(dup).at("/errors/0/code").asText()).isEqualTo("already_exists");
    assertThat(json(dup).at("/errors/0/resource").asText()).isEqualTo("Label");
    assertThat(json(dup).at("/errors/0/field").asText()).isEqualTo("name");
    assertThat(call("POST", R + "/labels", ALICE, "{\"name\":\"x\",\"color\":\"zz\"}").statusCode()).isEqualTo(422);

    HttpResponse<String> add = call("POST", R + "/issues/" + n + "/labels", BOB, "{\"labels\":[\"agent:ready\",\"new-one\"]}");
    assertThat(add.statusCode()).isEqualTo(200);
    assertThat(names(json(add))).containsExactly("bug", "agent:ready", "new-one");
    HttpResponse<String> addArray = call("POST", R + "/issues/" + n + "/labels", BOB, "[\"bug\"]");
    assertThat(names(json(addArray))).containsExactly("bug", "agent:ready", "new-one");
    HttpResponse<String> set = call("PUT", R + "/issues/" + n + "/labels", BOB, "{\"labels\":[\"agent:ready\"]}");
    assertThat(names(json(set))).containsExactly("agent:ready");
    HttpResponse<String> rm = call("DELETE", R + "/issues/" + n + "/labels/agent%3Aready", BOB, null);
    assertThat(rm.statusCode()).isEqualTo(200);
    assertThat(json(rm)).isEmpty();
    assertThat(call("DELETE", R + "/issues/" + n + "/labels/agent%3Aready", BOB, null).statusCode()).isEqualTo(404);
    assertThat(names(json(get(R + "/labels", RITA)))).contains("bug", "agent:ready", "new-one");
    assertThat(repo.labels(n)).isEmpty();
  }

  @Test
  void pullRequestsCreateGetListUpdateFiles() {
    repo.createBranchWithCommit("feature", "main",
        Map.of("src/Hello.java", "class Hello {}\n", "README.md", "# widgets\nmore\n"), "Add Hello");
    HttpResponse<String> created = call("POST", R + "/pulls", BOB,
        "{\"title\":\"Add Hello\",\"head\":\"feature\",\"base\":\"main\",\"body\":\"b\",\"draft\":true}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode pr = json(created);
    int n = pr.get("number").asInt();
    assertThat(pr.at("/head/ref").asText()).isEqualTo("feature");
    assertThat(pr.at("/head/sha").asText()).isEqualTo(repo.branchSha("feature"));
    assertThat(pr.at("/base/ref").asText()).isEqualTo("main");
    assertThat(pr.get("draft").asBoolean()).isTrue();
    assertThat(pr.get("mergeable_state").asText()).isEqualTo("draft");
    assertThat(pr.get("changed_files").asInt()).isEqualTo(2);
    assertThat(pr.get("commits").asInt()).isEqualTo(1);

    HttpResponse<String> again = call("POST", R + "/pulls", BOB, "{\"title\":\"dup\",\"head\":\"feature\",\"base\":\"main\"}");
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(json(again).at("/errors/0/message").asText()).contains("already exists");
    assertThat(call("POST", R + "/pulls", BOB, "{\"title\":\"x\",\"head\":\"nope\",\"base\":\"main\"}").statusCode()).isEqualTo(422);
    assertThat(call("POST", R + "/pulls", BOB, "{\"title\":\"x\",\"base\":\"main\"}").statusCode()).isEqualTo(422);
    assertThat(call("POST", R + "/pulls", RITA, "{\"title\":\"x\",\"head\":\"feature\",\"base\":\"main\"}").statusCode()).isEqualTo(403);

    JsonNode list = json(get(R + "/pulls", ALICE));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).has("mergeable")).as("list payloads lack mergeable, as on GitHub").isFalse();
    assertThat(json(get(R + "/pulls?head=acme:feature", ALICE))).hasSize(1);
    assertThat(json(get(R + "/pulls?base=other", ALICE))).isEmpty();

    HttpResponse<String> upd = call("PATCH", R + "/pulls/" + n, BOB, "{\"title\":\"Add Hello!\",\"body\":\"new\"}");
    assertThat(json(upd).get("title").asText()).isEqualTo("Add Hello!");
    JsonNode files = json(get(R + "/pulls/" + n + "/files", ALICE));
    assertThat(files).hasSize(2);
    JsonNode hello = files.get(0).get("filename").asText().equals("src/Hello.java") ? files.get(0) : files.get(1);
    assertThat(hello.get("status").asText()).isEqualTo("added");
    assertThat(hello.get("additions").asInt()).isEqualTo(1);
    assertThat(hello.get("patch").asText()).startsWith("@@");
    assertThat(get(R + "/pulls/" + repo.createIssue("alice", "plain issue", null), ALICE).statusCode())
        .as("an issue is not a pull").isEqualTo(404);
    HttpResponse<String> close = call("PATCH", R + "/pulls/" + n, BOB, "{\"state\":\"closed\"}");
    assertThat(json(close).get("state").asText()).isEqualTo("closed");
    assertThat(json(get(R + "/pulls?state=closed", ALICE))).hasSize(1);
  }

  @Test
  void reviewsAndReviewComments() {
    int n = seedPullRequest();
    HttpResponse<String> own = call("POST", R + "/pulls/" + n + "/reviews", BOB, "{\"event\":\"APPROVE\"}");
    assertThat(own.statusCode()).as("cannot approve own PR").isEqualTo(422);
    HttpResponse<String> approve = call("POST", R + "/pulls/" + n + "/reviews", ALICE, "{\"event\":\"APPROVE\",\"body\":\"LGTM\"}");
    assertThat(approve.statusCode()).isEqualTo(200);
    assertThat(json(approve).get("state").asText()).isEqualTo("APPROVED");
    assertThat(json(approve).get("commit_id").asText()).isEqualTo(repo.branchSha("feature"));
    HttpResponse<String> changes = call("POST", R + "/pulls/" + n + "/reviews", ALICE,
        "{\"event\":\"REQUEST_CHANGES\",\"body\":\"Please rename\",\"comments\":[{\"path\":\"src/Hello.java\",\"line\":1,\"body\":\"rename\"}]}");
    assertThat(json(changes).get("state").asText()).isEqualTo("CHANGES_REQUESTED");
    assertThat(call("POST", R + "/pulls/" + n + "/reviews", ALICE, "{\"event\":\"COMMENT\"}").statusCode()).isEqualTo(422);
    HttpResponse<String> comment = call("POST", R + "/pulls/" + n + "/reviews", RITA, "{\"event\":\"COMMENT\",\"body\":\"nit\"}");
    assertThat(json(comment).get("state").asText()).isEqualTo("COMMENTED");
    JsonNode reviews = json(get(R + "/pulls/" + n + "/reviews", ALICE));
    assertThat(reviews).extracting(r -> r.get("state").asText()).containsExactly("APPROVED", "CHANGES_REQUESTED", "COMMENTED");
    JsonNode rc = json(get(R + "/pulls/" + n + "/comments", ALICE));
    assertThat(rc).hasSize(1);
    assertThat(rc.get(0).get("path").asText()).isEqualTo("src/Hello.java");
    assertThat(rc.get(0).get("diff_hunk").asText()).startsWith("@@");
  }

  @Test
  void squashMergePutsTheChangeOnBase() {
    int n = seedPullRequest();
    String head = repo.branchSha("feature");
    String baseBefore = repo.branchSha("main");
    HttpResponse<String> stale = call("PUT", R + "/pulls/" + n + "/merge", BOB, "{\"merge_method\":\"squash\",\"sha\":\"" + baseBefore + "\"}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(call("PUT", R + "/pulls/" + n + "/merge", RITA, "{\"merge_method\":\"squash\"}").statusCode()).isEqualTo(403);
    HttpResponse<String> merged = call("PUT", R + "/pulls/" + n + "/merge", BOB,
        "{\"merge_method\":\"squash\",\"sha\":\"" + head + "\",\"commit_message\":\"details\"}");
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    String sha = json(merged).get("sha").asText();
    assertThat(json(merged).get("merged").asBoolean()).isTrue();
    assertThat(repo.branchSha("main")).isEqualTo(sha);
    assertThat(repo.parents(sha)).containsExactly(baseBefore);
    assertThat(repo.fileContent("main", "src/Hello.java")).isEqualTo("class Hello {}\n");
    assertThat(repo.commitMessage(sha)).startsWith("Add Hello (#" + n + ")\n\ndetails");
    JsonNode pr = json(get(R + "/pulls/" + n, ALICE));
    assertThat(pr.get("merged").asBoolean()).isTrue();
    assertThat(pr.get("state").asText()).isEqualTo("closed");
    assertThat(pr.get("merge_commit_sha").asText()).isEqualTo(sha);
    assertThat(pr.at("/merged_by/login").asText()).isEqualTo("bob");
    assertThat(call("PUT", R + "/pulls/" + n + "/merge", BOB, "{}").statusCode()).as("already merged").isEqualTo(405);
    assertThat(json(get(R + "/issues/" + n, ALICE)).at("/pull_request/merged_at").isTextual()).isTrue();
  }

  @Test
  void conflictingPullIsNotMergeable() {
    repo.createBranchWithCommit("left", "main", Map.of("README.md", "left\n"), "left");
    int n = repo.openPullRequest("bob", "Left", null, "left", "main", false);
    repo.commit("main", Map.of("README.md", "right\n"), "right");
    JsonNode pr = json(get(R + "/pulls/" + n, ALICE));
    assertThat(pr.get("mergeable").asBoolean()).isFalse();
    assertThat(pr.get("mergeable_state").asText()).isEqualTo("dirty");
    HttpResponse<String> m = call("PUT", R + "/pulls/" + n + "/merge", BOB, "{\"merge_method\":\"squash\"}");
    assertThat(m.statusCode()).isEqualTo(405);
    assertThat(json(m).get("message").asText()).isEqualTo("Pull Request is not mergeable");
  }

  @Test
  void mergeableStateFollowsChecks() {
    int n = seedPullRequest();
    String sha = repo.branchSha("feature");
    assertThat(json(get(R + "/pulls/" + n, ALICE)).get("mergeable_state").asText()).isEqualTo("clean");
    long run = repo.addCheckRun(sha, "build", "completed", "failure");
    assertThat(json(get(R + "/pulls/" + n, ALICE)).get("mergeable_state").asText()).isEqualTo("unstable");
    repo.updateCheckRun(run, "completed", "success");
    assertThat(json(get(R + "/pulls/" + n, ALICE)).get("mergeable").asBoolean()).isTrue();
  }

  @Test
  void deleteRef() {
    seedPullRequest();
    assertThat(call("DELETE", R + "/git/refs/heads/feature", RITA, null).statusCode()).isEqualTo(403);
    HttpResponse<String> del = call("DELETE", R + "/git/refs/heads/feature", BOB, null);
    assertThat(del.statusCode()).isEqualTo(204);
    assertThat(del.body()).isEmpty();
    assertThat(repo.branches()).containsExactly("main");
    assertThat(call("DELETE", R + "/git/refs/heads/feature", BOB, null).statusCode()).isEqualTo(422);
  }

  @Test
  void checkRunsStatusesAndCombinedStatus() {
    int n = seedPullRequest();
    String sha = repo.branchSha("feature");
    repo.addCheckRun(sha, "build", "completed", "failure");
    repo.addCheckRun(sha, "build", "completed", "success");
    repo.addCheckRun(sha, "lint", "in_progress", null);
    JsonNode runs = json(get(R + "/commits/" + sha + "/check-runs", ALICE));
    assertThat(runs.get("total_count").asInt()).as("latest per name").isEqualTo(2);
    assertThat(runs.at("/check_runs/0/pull_requests/0/number").asInt()).isEqualTo(n);
    assertThat(json(get(R + "/commits/feature/check-runs?filter=all", ALICE)).get("total_count").asInt()).isEqualTo(3);
    assertThat(json(get(R + "/commits/feature/check-runs?check_name=lint", ALICE)).at("/check_runs/0/status").asText())
        .isEqualTo("in_progress");

    JsonNode pending = json(get(R + "/commits/" + sha + "/status", ALICE));
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    assertThat(pending.get("total_count").asInt()).isZero();
    repo.addStatus(sha, "pending", "ci/jenkins", "running", "http://ci/1");
    repo.addStatus(sha, "success", "ci/jenkins", "passed", "http://ci/1");
    repo.addStatus(sha, "success", "license", null, null);
    JsonNode combined = json(get(R + "/commits/" + sha + "/status", ALICE));
    assertThat(combined.get("state").asText()).isEqualTo("success");
    assertThat(combined.get("total_count").asInt()).isEqualTo(2);
    repo.addStatus(sha, "failure", "license", "bad", null);
    assertThat(json(get(R + "/commits/feature/status", ALICE)).get("state").asText()).isEqualTo("failure");
    JsonNode all = json(get(R + "/commits/" + sha + "/statuses", ALICE));
    assertThat(all).hasSize(4);
    assertThat(all.get(0).get("state").asText()).as("newest first").isEqualTo("failure");
    assertThat(get(R + "/commits/nope/status", ALICE).statusCode()).isEqualTo(404);
  }

  @Test
  void workflowRunsAndRerunFailedJobs() {
    seedPullRequest();
    String sha = repo.branchSha("feature");
    long ok = repo.addWorkflowRun("CI", "main", "main", "completed", "success");
    long failed = repo.addWorkflowRun("CI", "feature", sha, "completed", "failure");
    JsonNode runs = json(get(R + "/actions/runs", ALICE));
    assertThat(runs.get("total_count").asInt()).isEqualTo(2);
    assertThat(runs.at("/workflow_runs/0/id").asLong()).isEqualTo(failed);
    assertThat(json(get(R + "/actions/runs?branch=feature", ALICE)).get("total_count").asInt()).isEqualTo(1);
    assertThat(json(get(R + "/actions/runs?status=failure", ALICE)).get("total_count").asInt()).isEqualTo(1);
    assertThat(call("POST", R + "/actions/runs/" + failed + "/rerun-failed-jobs", RITA, null).statusCode()).isEqualTo(403);
    HttpResponse<String> rerun = call("POST", R + "/actions/runs/" + failed + "/rerun-failed-jobs", BOB, null);
    assertThat(rerun.statusCode()).isEqualTo(201);
    assertThat(rerun.body()).isEqualTo("{}");
    assertThat(repo.workflowRun(failed).runAttempt()).isEqualTo(2);
    assertThat(repo.workflowRun(failed).status()).isEqualTo("queued");
    assertThat(call("POST", R + "/actions/runs/" + ok + "/rerun-failed-jobs", BOB, null).statusCode()).isEqualTo(403);
    assertThat(call("POST", R + "/actions/runs/123/rerun-failed-jobs", BOB, null).statusCode()).isEqualTo(404);
  }

  @Test
  void collaboratorPermission() {
    JsonNode rita = json(get(R + "/collaborators/rita/permission", ALICE));
    assertThat(rita.get("permission").asText()).isEqualTo("read");
    assertThat(rita.get("role_name").asText()).isEqualTo("read");
    assertThat(rita.at("/user/permissions/push").asBoolean()).isFalse();
    repo.permission("rita", Permission.MAINTAIN);
    JsonNode m = json(get(R + "/collaborators/rita/permission", ALICE));
    assertThat(m.get("permission").asText()).isEqualTo("write");
    assertThat(m.get("role_name").asText()).isEqualTo("maintain");
    assertThat(json(get(R + "/collaborators/alice/permission", BOB)).get("permission").asText()).isEqualTo("admin");
    assertThat(get(R + "/collaborators/ghost/permission", ALICE).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownRouteIs404() {
    assertThat(get("/repos/acme/widgets/teleport", ALICE).statusCode()).isEqualTo(404);
  }
}
