package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the sandbox's bodies with real GitHub bodies recorded by hub4j
 * ({@code ../shared/github-api/recorded}), operation by operation: the key sets of the objects our
 * control plane reads (top level, user, labels[], head/base, pull_request, resources.core ...).
 *
 * <p>Two kinds of difference are reported by name: keys only in the recording (the sandbox lacks a
 * field GitHub sends: a failure unless listed in {@link #TOLERATED_MISSING} with a reason) and keys
 * only in the sandbox (fields GitHub added after the 2019-2022 recordings, e.g. auto_merge: printed,
 * not a failure). The fields the control plane uses must be present in both.
 */
class RecordedShapeTest extends SandboxTestSupport {

  /** Fields the control plane reads, per operation (dotted paths; [] = first array element). */
  private static final Map<String, List<String>> USED = Map.ofEntries(
      Map.entry("issues/list-for-repo", List.of("number", "title", "body", "labels[].name", "user.login", "state",
          "created_at", "updated_at", "comments")),
      Map.entry("issues/get", List.of("number", "title", "body", "labels[].name", "user.login", "state",
          "created_at", "updated_at")),
      Map.entry("issues/update", List.of("number", "state", "labels[].name")),
      Map.entry("issues/add-labels", List.of("name", "color")),
      Map.entry("issues/remove-label", List.of("name")),
      Map.entry("issues/create-comment", List.of("id", "body", "user.login", "created_at")),
      Map.entry("issues/list-comments", List.of("id", "body", "user.login", "created_at", "updated_at")),
      Map.entry("pulls/list", List.of("number", "title", "body", "labels[].name", "user.login", "state",
          "created_at", "updated_at", "head.ref", "head.sha", "base.ref", "draft")),
      Map.entry("pulls/get", List.of("number", "title", "body", "labels[].name", "user.login", "state",
          "created_at", "updated_at", "head.ref", "head.sha", "base.ref", "draft", "mergeable",
          "mergeable_state", "merged")),
      Map.entry("pulls/create", List.of("number", "head.ref", "head.sha", "base.ref", "draft", "mergeable_state")),
      Map.entry("pulls/update", List.of("number", "title", "body", "state")),
      Map.entry("pulls/create-review", List.of("id", "state", "user.login", "commit_id")),
      Map.entry("pulls/list-reviews", List.of("id", "state", "user.login", "commit_id", "submitted_at")),
      Map.entry("pulls/list-review-comments", List.of("id", "path", "body", "user.login")),
      Map.entry("pulls/merge", List.of("sha", "merged", "message")),
      Map.entry("checks/list-for-ref", List.of("total_count", "check_runs[].name", "check_runs[].status",
          "check_runs[].conclusion", "check_runs[].head_sha")),
      Map.entry("rate-limit/get", List.of("resources.core.limit", "resources.core.remaining", "resources.core.reset")),
      Map.entry("repos/get", List.of("full_name", "default_branch", "permissions")),
      Map.entry("users/get-authenticated", List.of("login", "id")));

  /** Nested objects whose key sets are compared too. */
  private static final List<String> NESTED = List.of("", "user", "labels[]", "head", "base", "head.repo",
      "pull_request", "resources", "resources.core", "check_runs[]", "check_runs[].output", "owner", "_links");

  /** Keys GitHub sends that the sandbox leaves out on purpose, with the reason. */
  private static final Map<String, String> TOLERATED_MISSING = Map.ofEntries(
      Map.entry("organization", "only for org-owned repos in some payloads; optional in the schema"),
      Map.entry("source", "forks only"),
      Map.entry("parent", "forks only"),
      Map.entry("template_repository", "optional; no templates in the sandbox"),
      Map.entry("security_and_analysis", "optional; admin-only security settings"),
      Map.entry("code_of_conduct", "optional"),
      Map.entry("temp_clone_token", "optional; private repos only"),
      Map.entry("master_branch", "legacy field"),
      Map.entry("squash_merge_commit_title", "optional repo settings not modelled"),
      Map.entry("squash_merge_commit_message", "optional repo settings not modelled"),
      Map.entry("merge_commit_title", "optional repo settings not modelled"),
      Map.entry("merge_commit_message", "optional repo settings not modelled"),
      Map.entry("use_squash_pr_title_as_default", "optional repo settings not modelled"),
      Map.entry("custom_properties", "optional"),
      Map.entry("performed_via_github_app", "only on some recordings"),
      Map.entry("body_html", "only with the html media type"),
      Map.entry("body_text", "only with the text media type"),
      Map.entry("requested_teams", "kept"),
      Map.entry("check_suite", "kept"),
      Map.entry("deployment", "only for deployment check runs"),
      Map.entry("line", "absent when the comment is on a file"),
      Map.entry("position", "absent when the comment is on a file"),
      Map.entry("original_line", "absent when the comment is on a file"),
      Map.entry("original_position", "absent when the comment is on a file"),
      Map.entry("in_reply_to_id", "replies only"),
      Map.entry("plan", "kept"),
      Map.entry("ldap_dn", "GHE only"),
      Map.entry("business_plus", "GHE only"));

  private final Map<String, JsonNode> sandboxBodies = new LinkedHashMap<>();

  private JsonNode body(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return json(r);
  }

  private void produceSandboxBodies() {
    String r = "/repos/acme/widgets";
    repo.createLabel("bug", "d73a4a", "Something is wrong");
    int issue = repo.createIssue("alice", "Bug", "body", "bug");
    repo.addComment(issue, "bob", "seen");
    repo.createBranchWithCommit("feature", "main", Map.of("src/A.java", "class A {}\n"), "Add A");
    String sha = repo.branchSha("feature");
    repo.addCheckRun(sha, "build", "completed", "success");
    sandboxBodies.put("issues/list-for-repo", body(get(r + "/issues", ALICE)));
    sandboxBodies.put("issues/get", body(get(r + "/issues/" + issue, ALICE)));
    sandboxBodies.put("issues/update", body(call("PATCH", r + "/issues/" + issue, ALICE, "{\"title\":\"Bug!\"}")));
    sandboxBodies.put("issues/add-labels", body(call("POST", r + "/issues/" + issue + "/labels", ALICE, "[\"x\"]")));
    sandboxBodies.put("issues/remove-label", body(call("DELETE", r + "/issues/" + issue + "/labels/x", ALICE, null)));
    sandboxBodies.put("issues/create-comment", body(call("POST", r + "/issues/" + issue + "/comments", ALICE, "{\"body\":\"hi\"}")));
    sandboxBodies.put("issues/list-comments", body(get(r + "/issues/" + issue + "/comments", ALICE)));
    JsonNode pr = body(call("POST", r + "/pulls", BOB, "{\"title\":\"Add A\",\"head\":\"feature\",\"base\":\"main\",\"body\":\"b\"}"));
    int n = pr.get("number").asInt();
    call("POST", r + "/issues/" + n + "/labels", ALICE, "[\"bug\"]");
    sandboxBodies.put("pulls/create", pr);
    sandboxBodies.put("pulls/list", body(get(r + "/pulls", ALICE)));
    sandboxBodies.put("pulls/get", body(get(r + "/pulls/" + n, ALICE)));
    sandboxBodies.put("pulls/update", body(call("PATCH", r + "/pulls/" + n, BOB, "{\"body\":\"c\"}")));
    // The issue endpoints also return pull requests (with pull_request and draft): compare like with like.
    sandboxBodies.put("issues/get#pr", body(get(r + "/issues/" + n, ALICE)));
    sandboxBodies.put("issues/list-for-repo#pr", body(get(r + "/issues?per_page=1", ALICE)));
    sandboxBodies.put("issues/update#pr", body(call("PATCH", r + "/issues/" + n, BOB, "{\"body\":\"d\"}")));
    sandboxBodies.put("pulls/create-review", body(call("POST", r + "/pulls/" + n + "/reviews", ALICE,
        "{\"event\":\"COMMENT\",\"body\":\"ok\",\"comments\":[{\"path\":\"src/A.java\",\"line\":1,\"body\":\"nit\"}]}")));
    sandboxBodies.put("pulls/list-reviews", body(get(r + "/pulls/" + n + "/reviews", ALICE)));
    sandboxBodies.put("pulls/list-review-comments", body(get(r + "/pulls/" + n + "/comments", ALICE)));
    sandboxBodies.put("checks/list-for-ref", body(get(r + "/commits/" + sha + "/check-runs", ALICE)));
    sandboxBodies.put("pulls/merge", body(call("PUT", r + "/pulls/" + n + "/merge", BOB, "{\"merge_method\":\"squash\"}")));
    sandboxBodies.put("rate-limit/get", body(get("/rate_limit", ALICE)));
    sandboxBodies.put("repos/get", body(get(r, ALICE)));
    sandboxBodies.put("users/get-authenticated", body(get("/user", ALICE)));
  }

  private static JsonNode at(JsonNode node, String dotted) {
    JsonNode cur = node.isArray() && node.size() > 0 ? node.get(0) : node;
    if (dotted.isEmpty()) {
      return cur;
    }
    for (String part : dotted.split("\\.")) {
      boolean first = part.endsWith("[]");
      cur = cur.path(first ? part.substring(0, part.length() - 2) : part);
      if (first) {
        cur = cur.isArray() && cur.size() > 0 ? cur.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
    }
    return cur;
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void sandboxBodiesHaveTheKeysOfRealGitHubBodies() throws IOException {
    produceSandboxBodies();
    Path dir = OpenApiFidelity.sharedDir().resolve("github-api");
    JsonNode index = GitHubSandbox.JSON.readTree(Files.readString(dir.resolve("recorded/index.json")));
    List<String> failures = new ArrayList<>();
    List<String> report = new ArrayList<>();
    int compared = 0;
    for (JsonNode e : index) {
      String op = e.get("operationId").asText();
      JsonNode real = GitHubSandbox.JSON.readTree(Files.readString(dir.resolve(e.get("file").asText())));
      boolean isPr = op.startsWith("issues/") && at(real, "").has("pull_request");
      JsonNode mine = sandboxBodies.get(isPr ? op + "#pr" : op);
      assertThat(mine).as("sandbox body for " + op + (isPr ? " (a pull request)" : "")).isNotNull();
      if (real.isArray() && real.isEmpty()) {
        continue;
      }
      compared++;
      String file = e.get("file").asText();
      for (String used : USED.getOrDefault(op, List.of())) {
        boolean inReal = !at(real, used).isMissingNode();
        boolean inMine = !at(mine, used).isMissingNode();
        if (inReal && !inMine) {
          failures.add(file + ": control-plane field '" + used + "' missing from the sandbox body");
        }
        if (!inMine) {
          failures.add(op + ": sandbox lacks control-plane field '" + used + "'");
        }
      }
      for (String path : NESTED) {
        JsonNode r = at(real, path);
        JsonNode m = at(mine, path);
        if (!r.isObject() || !m.isObject()) {
          continue;
        }
        Set<String> onlyReal = keys(r);
        onlyReal.removeAll(keys(m));
        Set<String> onlyMine = keys(m);
        onlyMine.removeAll(keys(r));
        for (String k : onlyReal) {
          if (!TOLERATED_MISSING.containsKey(k)) {
            failures.add(file + " " + (path.isEmpty() ? "<top>" : path) + ": GitHub sends '" + k + "', the sandbox does not");
          }
        }
        if (!onlyMine.isEmpty()) {
          report.add(op + " " + (path.isEmpty() ? "<top>" : path) + ": only in sandbox (newer than recording?) " + onlyMine);
        }
      }
    }
    report.stream().distinct().forEach(System.out::println);
    assertThat(compared).isGreaterThan(60);
    assertThat(failures).isEmpty();
  }
}
