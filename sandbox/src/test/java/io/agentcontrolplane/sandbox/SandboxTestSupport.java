package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh sandbox per test, with every exchange recorded and validated against the OpenAPI subset
 * after the test (so fidelity is checked for every body any test provokes).
 *
 * <p>Users: alice (admin, owns nothing; acme is an org), bob (write), rita (read), nora (none on
 * the private repo acme/secret).
 */
abstract class SandboxTestSupport {
  static final String REPO = "acme/widgets";
  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String RITA = "rita-token";
  static final String NORA = "nora-token";

  protected GitHubSandbox sandbox;
  protected SandboxRepo repo;
  protected final List<RecordedExchange> exchanges = new CopyOnWriteArrayList<>();
  protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  protected GitHubSandbox.Builder configure(GitHubSandbox.Builder b) {
    return b;
  }

  @BeforeEach
  void startSandbox() {
    sandbox = configure(GitHubSandbox.builder()
        .user("alice", ALICE).user("bob", BOB).user("rita", RITA).user("nora", NORA)
        .repo(REPO)
        .permission(REPO, "alice", Permission.ADMIN)
        .permission(REPO, "bob", Permission.WRITE)
        .permission(REPO, "rita", Permission.READ)
        .repo("acme/secret", "main", true)
        .permission("acme/secret", "alice", Permission.ADMIN))
        .build().start();
    sandbox.addExchangeListener(exchanges::add);
    repo = sandbox.repo(REPO);
  }

  @AfterEach
  void validateAndStop() {
    try {
      OpenApiFidelity f = OpenApiFidelity.get();
      List<String> problems = new ArrayList<>();
      Map<String, String> schemaPaths = new java.util.HashMap<>();
      for (Api.Route r : sandbox.api.routes()) {
        schemaPaths.put(r.method() + " " + r.template(), r.schemaPath());
      }
      for (RecordedExchange e : exchanges) {
        problems.addAll(f.validate(e, e.route() == null ? null : schemaPaths.get(e.method() + " " + e.route())));
      }
      assertThat(problems).as("response bodies that do not match GitHub's OpenAPI schema").isEmpty();
    } finally {
      sandbox.close();
    }
  }

  // ---------------------------------------------------------------- raw HTTP helpers

  protected HttpResponse<String> call(String method, String path, String token, String body) {
    return call(method, path, token, body, Map.of());
  }

  protected HttpResponse<String> call(String method, String path, String token, String body,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : sandbox.baseUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected HttpResponse<String> get(String path, String token) {
    return call("GET", path, token, null);
  }

  protected com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) {
    try {
      return GitHubSandbox.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Branch "feature" with one new file and one changed file, and an open PR from it by bob. */
  protected int seedPullRequest() {
    repo.createBranchWithCommit("feature", "main",
        Map.of("src/Hello.java", "class Hello {}\n", "README.md", "# widgets\n\nNow with Hello.\n"), "Add Hello");
    return repo.openPullRequest("bob", "Add Hello", "Closes nothing", "feature", "main", false);
  }
}
