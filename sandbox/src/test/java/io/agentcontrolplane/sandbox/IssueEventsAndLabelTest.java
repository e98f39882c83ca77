package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Routes beyond the OpenAPI subset: issue label events, and one label by name (get and update). */
class IssueEventsAndLabelTest extends SandboxTestSupport {

  @Test
  void labelEventsNameTheUserWhoAppliedTheLabel() throws Exception {
    int n = repo.createIssue("rita", "Please", "body", "bug");
    repo.addLabelsAs(n, "bob", "agent-ready");
    assertThat(call("POST", "/repos/" + REPO + "/issues/" + n + "/labels", ALICE, "{\"labels\":[\"x\"]}").statusCode())
        .isEqualTo(200);
    assertThat(call("DELETE", "/repos/" + REPO + "/issues/" + n + "/labels/bug", ALICE, null).statusCode())
        .isEqualTo(200);
    var r = call("GET", "/repos/" + REPO + "/issues/" + n + "/events", ALICE, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode events = GitHubSandbox.JSON.readTree(r.body());
    assertThat(events).hasSize(4);
    assertThat(events.get(1).path("event").asText()).isEqualTo("labeled");
    assertThat(events.get(1).path("label").path("name").asText()).isEqualTo("agent-ready");
    assertThat(events.get(1).path("actor").path("login").asText()).isEqualTo("bob");
    assertThat(events.get(3).path("event").asText()).isEqualTo("unlabeled");
    assertThat(repo.labelEvents(n)).containsExactly("labeled:bug:rita", "labeled:agent-ready:bob",
        "labeled:x:alice", "unlabeled:bug:alice");
  }

  @Test
  void oneLabelCanBeReadAndUpdated() throws Exception {
    repo.createLabel("agent-running", "ededed", null);
    var get = call("GET", "/repos/" + REPO + "/labels/agent-running", ALICE, null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(call("GET", "/repos/" + REPO + "/labels/none", ALICE, null).statusCode()).isEqualTo(404);
    var patch = call("PATCH", "/repos/" + REPO + "/labels/agent-running", ALICE,
        "{\"color\":\"0e8a16\",\"description\":\"An agent works on it\"}");
    assertThat(patch.statusCode()).isEqualTo(200);
    assertThat(repo.labelInfo("agent-running")).isEqualTo("agent-running:0e8a16:An agent works on it");
    assertThat(call("PATCH", "/repos/" + REPO + "/labels/agent-running", RITA, "{\"color\":\"000000\"}").statusCode())
        .isEqualTo(403);
  }
}
