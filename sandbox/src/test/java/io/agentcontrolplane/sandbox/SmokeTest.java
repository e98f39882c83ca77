package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest extends SandboxTestSupport {
  @Test
  void servesEveryKindOfBody() {
    int n = repo.createIssue("alice", "First", "body", "bug");
    int pr = seedPullRequest();
    String sha = repo.branchSha("feature");
    repo.addCheckRun(sha, "build", "completed", "success");
    repo.addStatus(sha, "success", "ci/jenkins", "ok", null);
    repo.addWorkflowRun("CI", "feature", sha, "completed", "failure");
    for (String p : new String[] {"/rate_limit", "/user", "/repos/acme/widgets", "/repos/acme/widgets/issues",
        "/repos/acme/widgets/issues/" + n, "/repos/acme/widgets/pulls", "/repos/acme/widgets/pulls/" + pr,
        "/repos/acme/widgets/pulls/" + pr + "/files", "/repos/acme/widgets/commits/" + sha + "/check-runs",
        "/repos/acme/widgets/commits/" + sha + "/status", "/repos/acme/widgets/commits/" + sha + "/statuses",
        "/repos/acme/widgets/actions/runs", "/repos/acme/widgets/collaborators/rita/permission",
        "/repos/acme/widgets/labels"}) {
      var r = get(p, ALICE);
      assertThat(r.statusCode()).as(p + " " + r.body()).isEqualTo(200);
    }
  }
}
