package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the PR assessment reads, as the sandbox serves it: requested reviewers on the pull request, review comment
 * threads ({@code in_reply_to_id}), a check run's output. Every answer is checked against GitHub's OpenAPI schema
 * after the test.
 */
class AssessmentDataTest extends SandboxTestSupport {
  private static final String R = "/repos/acme/widgets";

  @Test
  void requestedReviewersThreadsAndCheckOutputAreServed() {
    repo.createBranchWithCommit("feature", "main", Map.of("a.txt", "a\n"), "a");
    int pr = repo.openPullRequest("bob", "A", "body", "feature", "main", false);
    repo.requestReviewers(pr, "alice");
    long root = repo.addReviewComment(pr, "alice", "a.txt", 1, "Why?", null);
    long reply = repo.addReviewComment(pr, "bob", "a.txt", 1, "Because.", root);
    long run = repo.addCheckRun("feature", "ci", "completed", "failure");
    repo.checkRunOutput(run, "Billing", "The job was not started because recent account payments have failed");

    JsonNode pull = json(get(R + "/pulls/" + pr, ALICE));
    assertThat(pull.at("/requested_reviewers/0/login").asText()).isEqualTo("alice");
    JsonNode comments = json(get(R + "/pulls/" + pr + "/comments", ALICE));
    assertThat(comments).hasSize(2);
    assertThat(comments.get(0).get("id").asLong()).isEqualTo(root);
    assertThat(comments.get(0).has("in_reply_to_id")).isFalse();
    assertThat(comments.get(1).get("id").asLong()).isEqualTo(reply);
    assertThat(comments.get(1).get("in_reply_to_id").asLong()).isEqualTo(root);
    JsonNode checks = json(get(R + "/commits/feature/check-runs", ALICE));
    assertThat(checks.at("/check_runs/0/output/summary").asText()).contains("recent account payments have failed");
    assertThat(checks.at("/check_runs/0/output/title").asText()).isEqualTo("Billing");
  }
}
