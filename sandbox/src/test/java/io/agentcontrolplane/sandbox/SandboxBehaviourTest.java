package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Seeding, lazy mergeability, concurrency, and the fidelity checker's own sharpness. */
class SandboxBehaviourTest extends SandboxTestSupport {

  @Override
  protected GitHubSandbox.Builder configure(GitHubSandbox.Builder b) {
    return b.lazyMergeability(true);
  }

  @Test
  void mergeabilityIsNullUntilComputedLikeGitHub() {
    int n = seedPullRequest();
    JsonNode first = json(get("/repos/acme/widgets/pulls/" + n, ALICE));
    assertThat(first.get("mergeable").isNull()).isTrue();
    assertThat(first.get("mergeable_state").asText()).isEqualTo("unknown");
    JsonNode second = json(get("/repos/acme/widgets/pulls/" + n, ALICE));
    assertThat(second.get("mergeable").asBoolean()).isTrue();
    repo.commit("feature", Map.of("more.txt", "x\n"), "more");
    assertThat(json(get("/repos/acme/widgets/pulls/" + n, ALICE)).get("mergeable").isNull())
        .as("recomputed after the head moved").isTrue();
    assertThat(json(get("/repos/acme/widgets/pulls/" + n, ALICE)).at("/head/sha").asText())
        .isEqualTo(repo.branchSha("feature"));
  }

  @Test
  void concurrentWritesGetDistinctNumbersAndIds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        fs.add(pool.submit(() -> call("POST", "/repos/acme/widgets/pulls", BOB, "{}")));
      }
      int n = repo.createIssue("alice", "shared", null);
      List<Future<HttpResponse<String>>> comments = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String body = "{\"body\":\"c" + i + "\"}";
        comments.add(pool.submit(() -> call("POST", "/repos/acme/widgets/issues/" + n + "/comments", BOB, body)));
      }
      Set<Long> ids = new java.util.HashSet<>();
      for (Future<HttpResponse<String>> f : comments) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).isEqualTo(201);
        ids.add(json(r).get("id").asLong());
      }
      for (Future<HttpResponse<String>> f : fs) {
        assertThat(f.get().statusCode()).isEqualTo(422);
      }
      assertThat(ids).hasSize(40);
      assertThat(repo.comments(n)).hasSize(40);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void seedDocumentBuildsAWorld() throws Exception {
    String seed = """
        {"users": [{"login": "dora", "token": "dora-token"}],
         "repos": [{"name": "dora/app", "permissions": {"dora": "admin"},
           "labels": [{"name": "agent:ready", "color": "0e8a16"}],
           "files": {"src/App.java": "class App {}\\n"},
           "issues": [{"title": "Do it", "author": "dora", "labels": ["agent:ready"],
                       "comments": [{"author": "dora", "body": "please"}]}],
           "branches": [{"name": "fix", "files": {"src/App.java": "class App { }\\n"}}],
           "pulls": [{"title": "Fix", "head": "fix", "author": "dora", "labels": ["agent:ready"]}],
           "checkRuns": [{"ref": "fix", "name": "build", "conclusion": "success"}],
           "statuses": [{"ref": "fix", "state": "success", "context": "ci"}],
           "workflowRuns": [{"name": "CI", "branch": "fix", "conclusion": "failure"}]}]}
        """;
    Map<String, String> tokens = new LinkedHashMap<>();
    SandboxMain.apply(sandbox, GitHubSandbox.JSON.readTree(seed), tokens);
    assertThat(tokens).containsEntry("dora", "dora-token");
    SandboxRepo app = sandbox.repo("dora/app");
    assertThat(app.issue(1).labels()).containsExactly("agent:ready");
    assertThat(app.comments(1)).hasSize(1);
    assertThat(app.pull(2).headRef()).isEqualTo("fix");
    assertThat(app.fileContent("main", "src/App.java")).isEqualTo("class App {}\n");
    JsonNode pr = json(get("/repos/dora/app/pulls/2", "dora-token"));
    assertThat(pr.get("mergeable_state").asText()).isEqualTo("unknown");
    assertThat(json(get("/repos/dora/app/pulls/2", "dora-token")).get("mergeable_state").asText()).isEqualTo("clean");
    assertThat(json(get("/repos/dora/app/actions/runs", "dora-token")).get("total_count").asInt()).isEqualTo(1);
    assertThat(json(get("/repos/dora/app/issues?labels=agent:ready", "dora-token"))).hasSize(2);
  }

  @Test
  void fidelityCheckerRejectsABrokenBody() {
    int n = repo.createIssue("alice", "x", null);
    HttpResponse<String> r = get("/repos/acme/widgets/issues/" + n, ALICE);
    OpenApiFidelity f = OpenApiFidelity.get();
    String path = "/repos/{owner}/{repo}/issues/{issue_number}";
    assertThat(f.validate(path, "GET", 200, r.body())).isEmpty();
    JsonNode broken = json(r).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("number");
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("locked", "no");
    List<String> problems = f.validate(path, "GET", 200, broken.toString());
    assertThat(problems.stream().collect(Collectors.joining("\n"))).contains("number").contains("locked");
    assertThat(f.validate("/repos/{owner}/{repo}/git/refs/{ref}", "DELETE", 204, "{}")).isNotEmpty();
    assertThat(f.validate("/repos/{owner}/{repo}/issues", "GET", 200, "{\"not\":\"an array\"}")).isNotEmpty();
  }

  @Test
  void everyOperationOfTheSubsetHasARoute() {
    OpenApiFidelity f = OpenApiFidelity.get();
    Set<String> served = sandbox.api.routes().stream().map(r -> r.method() + " " + r.template()).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    int ops = 0;
    for (var p = f.spec().path("paths").fields(); p.hasNext(); ) {
      var e = p.next();
      for (var m = e.getValue().fieldNames(); m.hasNext(); ) {
        String method = m.next().toUpperCase(java.util.Locale.ROOT);
        ops++;
        if (!served.contains(method + " " + e.getKey())) {
          missing.add(method + " " + e.getKey());
        }
      }
    }
    assertThat(ops).isEqualTo(29);
    assertThat(missing).isEmpty();
  }
}
