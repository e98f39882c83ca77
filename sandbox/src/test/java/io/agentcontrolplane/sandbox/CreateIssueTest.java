package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code POST /repos/{owner}/{repo}/issues}: users add work to a sandbox as they would on GitHub. */
class CreateIssueTest extends SandboxTestSupport {
  private static final String R = "/repos/acme/widgets";

  @Test
  void anIssueIsCreatedAsGitHubAnswersAndIsListed() {
    HttpResponse<String> created = call("POST", R + "/issues", BOB,
        "{\"title\": \"Add a widget\", \"body\": \"Please\", \"labels\": [\"enhancement\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode issue = json(created);
    int number = issue.get("number").asInt();
    assertThat(created.headers().firstValue("Location")).hasValue(sandbox.baseUrl() + R + "/issues/" + number);
    assertThat(issue.get("title").asText()).isEqualTo("Add a widget");
    assertThat(issue.get("state").asText()).isEqualTo("open");
    assertThat(issue.at("/user/login").asText()).isEqualTo("bob");
    assertThat(issue.at("/labels/0/name").asText()).isEqualTo("enhancement");
    // The answer has the shape of GitHub's issue (the get-issue schema of the shared OpenAPI subset).
    assertThat(OpenApiFidelity.get().validate("/repos/{owner}/{repo}/issues/{issue_number}", "get", 200,
        created.body())).isEmpty();
    assertThat(json(get(R + "/issues/" + number, ALICE)).get("body").asText()).isEqualTo("Please");
    assertThat(repo.issue(number).title()).isEqualTo("Add a widget");
  }

  @Test
  void readersMayOpenIssuesButTheirLabelsAreDropped() {
    HttpResponse<String> created = call("POST", R + "/issues", RITA,
        "{\"title\": \"It broke\", \"labels\": [\"agent-exclusive\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("labels")).isEmpty();
    assertThat(json(created).get("body").isNull()).isTrue();
  }

  @Test
  void aMissingTitleIsRefusedAndNothingIsCreated() {
    int before = json(get(R + "/issues?state=all", ALICE)).size();
    HttpResponse<String> noTitle = call("POST", R + "/issues", BOB, "{\"body\": \"no title\"}");
    assertThat(noTitle.statusCode()).isEqualTo(422);
    assertThat(json(noTitle).at("/errors/0/field").asText()).isEqualTo("title");
    assertThat(json(noTitle).at("/errors/0/code").asText()).isEqualTo("missing_field");
    assertThat(call("POST", R + "/issues", BOB, "{\"title\": \"  \"}").statusCode()).isEqualTo(422);
    assertThat(call("POST", "/repos/acme/secret/issues", RITA, "{\"title\": \"x\"}").statusCode()).isEqualTo(404);
    assertThat(json(get(R + "/issues?state=all", ALICE))).hasSize(before);
  }
}
