package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GitHubBuilder;

class PagingTest extends SandboxTestSupport {

  private static final String ISSUES = "/repos/acme/widgets/issues";

  @BeforeEach
  void seed250() {
    for (int i = 1; i <= 250; i++) {
      repo.createIssue("alice", "Issue " + i, null, i % 2 == 0 ? "even" : "odd");
    }
  }

  @Test
  void linkHeadersFollowGitHub() {
    HttpResponse<String> p1 = get(ISSUES + "?per_page=100", ALICE);
    assertThat(json(p1)).hasSize(100);
    String base = sandbox.baseUrl() + ISSUES;
    assertThat(p1.headers().firstValue("Link")).contains(
        "<" + base + "?per_page=100&page=2>; rel=\"next\", <" + base + "?per_page=100&page=3>; rel=\"last\"");
    HttpResponse<String> p2 = get(ISSUES + "?per_page=100&page=2", ALICE);
    assertThat(p2.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"", "rel=\"next\"", "rel=\"last\"", "rel=\"first\"");
    HttpResponse<String> p3 = get(ISSUES + "?per_page=100&page=3", ALICE);
    assertThat(json(p3)).hasSize(50);
    assertThat(p3.headers().firstValue("Link").orElseThrow()).contains("page=2>; rel=\"prev\"", "page=1>; rel=\"first\"")
        .doesNotContain("rel=\"next\"");
    assertThat(json(get(ISSUES + "?per_page=100&page=4", ALICE))).isEmpty();
    assertThat(json(get(ISSUES, ALICE))).as("default per_page").hasSize(30);
    assertThat(json(get(ISSUES + "?per_page=500", ALICE))).as("max per_page").hasSize(100);
    HttpResponse<String> filtered = get(ISSUES + "?labels=even&per_page=50", ALICE);
    assertThat(filtered.headers().firstValue("Link").orElseThrow())
        .contains("labels=even&per_page=50&page=3>; rel=\"last\"");
    HttpResponse<String> ghe = get("/api/v3" + ISSUES + "?per_page=100", ALICE);
    assertThat(ghe.headers().firstValue("Link").orElseThrow()).startsWith("<" + sandbox.enterpriseUrl() + ISSUES);
    HttpResponse<String> asc = get(ISSUES + "?per_page=100&direction=asc&page=3", ALICE);
    assertThat(json(asc).get(49).get("title").asText()).isEqualTo("Issue 250");
  }

  @Test
  void hub4jPagedIterableFetchesAll() throws IOException {
    var gh = new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken(ALICE).build();
    List<GHIssue> all = gh.getRepository(REPO).queryIssues().state(GHIssueState.ALL).pageSize(100).list().toList();
    assertThat(all).hasSize(250);
    assertThat(all.stream().map(GHIssue::getNumber).distinct()).hasSize(250);
    assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues")).isEqualTo(3);
  }
}
