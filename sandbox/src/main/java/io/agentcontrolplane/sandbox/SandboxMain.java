package io.agentcontrolplane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox standalone: {@code SandboxMain [--port N] [--seed demo|seed.json] [--data DIR]
 * [--rate-limit N]}. Prints {@code url=}, {@code api_v3=} and one {@code token=} line per user, then
 * serves until killed.
 *
 * <p>Seed file:
 * <pre>{@code
 * {"users": [{"login": "alice", "token": "alice-token"}],
 *  "repos": [{"name": "acme/widgets", "defaultBranch": "main", "private": false,
 *             "permissions": {"alice": "admin"},
 *             "labels": [{"name": "bug", "color": "d73a4a", "description": "Something is wrong"}],
 *             "files": {"src/App.java": "class App {}"},
 *             "issues": [{"title": "Fix it", "body": "...", "author": "alice", "labels": ["bug"],
 *                         "comments": [{"author": "alice", "body": "ping"}]}],
 *             "branches": [{"name": "fix", "from": "main", "message": "Fix", "files": {"a.txt": "x"}}],
 *             "pulls": [{"title": "Fix", "body": "Closes #1", "head": "fix", "base": "main",
 *                        "author": "alice", "draft": false}],
 *             "checkRuns": [{"ref": "fix", "name": "build", "status": "completed", "conclusion": "success"}],
 *             "statuses": [{"ref": "fix", "state": "success", "context": "ci/jenkins"}],
 *             "workflowRuns": [{"name": "CI", "branch": "fix", "ref": "fix", "status": "completed",
 *                               "conclusion": "failure"}]}]}
 * }</pre>
 * Without a seed: user {@code octocat} (token {@code sandbox-token}) administers {@code acme/widgets}.
 */
public final class SandboxMain {

  /** The name of the built-in seed: {@value}. */
  public static final String DEMO = "demo";
  /** The demo seed's repository. */
  public static final String DEMO_REPO = "demo/calc";
  /** The demo seed's control-plane user (admin of {@link #DEMO_REPO}) and its token. */
  public static final String DEMO_BOT = "acp-bot";
  public static final String DEMO_BOT_TOKEN = "demo-bot-token";

  private SandboxMain() {}

  /**
   * The built-in demo seed: {@code demo/calc}, a tiny shell calculator with tests ({@code sh test.sh}), and issues
   * of each kind: two normal ones that edit the same lines (the second needs a merge repair), a scheduled check, a
   * recurring one, a risky CI change (double-checked), and one from an untrusted author. Each issue body ends
   * with a {@code Demo script:} line that the demo's scripted agent follows.
   */
  public static JsonNode demoSeed() {
    try (java.io.InputStream in = SandboxMain.class.getResourceAsStream("demo-seed.json")) {
      if (in == null) {
        throw new IllegalStateException("demo-seed.json is missing from the sandbox jar");
      }
      return GitHubSandbox.JSON.readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the demo seed", e);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path seed = null;
    Path data = null;
    int rate = 5000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Path.of(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--rate-limit" -> rate = Integer.parseInt(args[++i]);
        case "-h", "--help" -> {
          System.out.println("usage: SandboxMain [--port N] [--seed demo|seed.json] [--data DIR] [--rate-limit N]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    GitHubSandbox.Builder b = GitHubSandbox.builder().port(port).rateLimit(rate);
    if (data != null) {
      b.dataDir(data);
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    if (seed == null) {
      tokens.put("octocat", "sandbox-token");
      b.user("octocat", "sandbox-token").repo("acme/widgets").permission("acme/widgets", "octocat", Permission.ADMIN);
    } else {
      JsonNode root = seed.toString().equalsIgnoreCase(DEMO) ? demoSeed()
          : GitHubSandbox.JSON.readTree(Files.readString(seed));
      b.seed(s -> apply(s, root, tokens));
    }
    GitHubSandbox sandbox = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    System.out.println("url=" + sandbox.baseUrl());
    System.out.println("api_v3=" + sandbox.enterpriseUrl());
    tokens.forEach((login, token) -> System.out.println("token=" + token + " login=" + login));
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Applies a seed document (format in the class comment) to a sandbox. */
  public static void apply(GitHubSandbox s, JsonNode root, Map<String, String> tokensOut) {
    for (JsonNode u : root.path("users")) {
      String token = u.path("token").asText(null);
      s.addUser(u.get("login").asText(), token);
      if (token != null) {
        tokensOut.put(u.get("login").asText(), token);
      }
    }
    for (JsonNode o : root.path("orgs")) {
      s.addOrg(o.asText());
    }
    for (JsonNode r : root.path("repos")) {
      SandboxRepo repo = s.createRepo(r.get("name").asText(), r.path("defaultBranch").asText("main"),
          r.path("private").asBoolean(false));
      r.path("permissions").fields().forEachRemaining(e ->
          repo.permission(e.getKey(), Permission.parse(e.getValue().asText())));
      for (JsonNode l : r.path("labels")) {
        repo.createLabel(l.get("name").asText(), l.path("color").asText("ededed"),
            l.hasNonNull("description") ? l.get("description").asText() : null);
      }
      if (r.has("files")) {
        repo.commit(repo.defaultBranch(), files(r.get("files")), r.path("message").asText("Seed files"));
      }
      for (JsonNode i : r.path("issues")) {
        String[] labels = new String[i.path("labels").size()];
        for (int k = 0; k < labels.length; k++) {
          labels[k] = i.get("labels").get(k).asText();
        }
        int n = repo.createIssue(i.get("author").asText(), i.get("title").asText(),
            i.hasNonNull("body") ? i.get("body").asText() : null, labels);
        for (JsonNode c : i.path("comments")) {
          repo.addComment(n, c.get("author").asText(), c.get("body").asText());
        }
        if ("closed".equals(i.path("state").asText())) {
          repo.close(n, i.get("author").asText());
        }
      }
      for (JsonNode br : r.path("branches")) {
        repo.createBranchWithCommit(br.get("name").asText(), br.path("from").asText(repo.defaultBranch()),
            files(br.path("files")), br.path("message").asText("Update " + br.get("name").asText()));
      }
      for (JsonNode p : r.path("pulls")) {
        int n = repo.openPullRequest(p.get("author").asText(), p.get("title").asText(),
            p.hasNonNull("body") ? p.get("body").asText() : null, p.get("head").asText(),
            p.path("base").asText(repo.defaultBranch()), p.path("draft").asBoolean(false));
        for (JsonNode l : p.path("labels")) {
          repo.addLabels(n, l.asText());
        }
      }
      for (JsonNode c : r.path("checkRuns")) {
        repo.addCheckRun(c.get("ref").asText(), c.get("name").asText(), c.path("status").asText("completed"),
            c.hasNonNull("conclusion") ? c.get("conclusion").asText() : null);
      }
      for (JsonNode c : r.path("statuses")) {
        repo.addStatus(c.get("ref").asText(), c.get("state").asText(), c.path("context").asText("default"),
            c.hasNonNull("description") ? c.get("description").asText() : null,
            c.hasNonNull("targetUrl") ? c.get("targetUrl").asText() : null);
      }
      for (JsonNode w : r.path("workflowRuns")) {
        repo.addWorkflowRun(w.get("name").asText(), w.path("branch").asText(repo.defaultBranch()),
            w.path("ref").asText(w.path("branch").asText(repo.defaultBranch())),
            w.path("status").asText("completed"),
            w.hasNonNull("conclusion") ? w.get("conclusion").asText() : null);
      }
    }
  }

  private static Map<String, String> files(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    return out;
  }

}
