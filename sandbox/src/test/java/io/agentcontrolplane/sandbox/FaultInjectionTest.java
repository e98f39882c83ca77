package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

class FaultInjectionTest extends SandboxTestSupport {

  private static final String ISSUES = "/repos/acme/widgets/issues";

  private HttpResponse<String> rawGet(String path, Duration timeout) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(timeout)
        .header("Authorization", "token " + ALICE).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusFaultsAreCountedAndThenClear() {
    sandbox.faults().on("GET", "/repos/*/*/issues").next(2, Fault.status(502));
    assertThat(get(ISSUES, ALICE).statusCode()).isEqualTo(502);
    assertThat(get("/repos/acme/widgets", ALICE).statusCode()).as("other routes unaffected").isEqualTo(200);
    HttpResponse<String> second = get(ISSUES, ALICE);
    assertThat(second.statusCode()).isEqualTo(502);
    assertThat(second.headers().firstValue("x-ratelimit-remaining")).isPresent();
    assertThat(get(ISSUES, ALICE).statusCode()).isEqualTo(200);
    assertThat(sandbox.faults().injected()).isEqualTo(2);
    assertThat(sandbox.counters().faultedCount()).isEqualTo(2);
    assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues")).isEqualTo(3);
    sandbox.faults().next(1, Fault.status(500));
    assertThat(get("/user", ALICE).statusCode()).isEqualTo(500);
    sandbox.faults().always(Fault.status(503));
    assertThat(get("/user", ALICE).statusCode()).isEqualTo(503);
    assertThat(get("/user", ALICE).statusCode()).isEqualTo(503);
    sandbox.faults().clear();
    assertThat(get("/user", ALICE).statusCode()).isEqualTo(200);
  }

  @Test
  void timeoutHoldsLongerThanTheClientWaits() {
    sandbox.faults().next(1, Fault.timeout(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> rawGet(ISSUES, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void connectionResetAndTruncatedBody() {
    // java.net.http retries an idempotent GET once when the connection closes before any response,
    // so one reset is absorbed by the client; two are not.
    sandbox.faults().next(1, Fault.reset());
    assertThat(get(ISSUES, ALICE).statusCode()).isEqualTo(200);
    assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues")).isEqualTo(2);
    sandbox.faults().next(2, Fault.reset());
    assertThatThrownBy(() -> rawGet(ISSUES, Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    sandbox.faults().next(1, Fault.truncated());
    assertThatThrownBy(() -> rawGet(ISSUES, Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    assertThat(get(ISSUES, ALICE).statusCode()).isEqualTo(200);
  }

  @Test
  void slowResponseStillSucceeds() throws Exception {
    sandbox.faults().next(1, Fault.delay(Duration.ofMillis(400)));
    long t0 = System.nanoTime();
    assertThat(rawGet(ISSUES, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void secondaryRateLimitAnd429() {
    sandbox.faults().next(1, Fault.secondaryRateLimit(7));
    HttpResponse<String> r = get(ISSUES, ALICE);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Retry-After")).contains("7");
    assertThat(json(r).get("message").asText()).startsWith("You have exceeded a secondary rate limit");
    sandbox.faults().next(1, Fault.tooManyRequests(3));
    HttpResponse<String> t = get(ISSUES, ALICE);
    assertThat(t.statusCode()).isEqualTo(429);
    assertThat(t.headers().firstValue("Retry-After")).contains("3");
  }

  @Test
  void hub4jWaitsOutASecondaryLimitAndRetries() throws IOException {
    repo.createIssue("alice", "One", null);
    GitHub gh = new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken(ALICE).build();
    var r = gh.getRepository(REPO);
    sandbox.faults().on("GET", "/repos/acme/widgets/issues/1").next(1, Fault.secondaryRateLimit(1));
    assertThat(r.getIssue(1).getTitle()).isEqualTo("One");
    assertThat(sandbox.counters().requests("GET", "/repos/{owner}/{repo}/issues/{issue_number}")).isEqualTo(2);
  }

  @Test
  void injectedPrimaryExhaustion() {
    sandbox.faults().next(1, Fault.primaryExhausted());
    HttpResponse<String> r = get(ISSUES, ALICE);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-ratelimit-remaining")).contains("0");
    assertThat(json(r).get("message").asText()).startsWith("API rate limit exceeded for user ID");
  }

  @Test
  void writesLogRecordsEachCreatedCommentOnce() {
    int n = repo.createIssue("alice", "Retry me", null);
    sandbox.faults().on("POST", "/repos/*/*/issues/*/comments").next(1, Fault.status(502));
    assertThat(call("POST", ISSUES + "/" + n + "/comments", BOB, "{\"body\":\"hi\"}").statusCode()).isEqualTo(502);
    assertThat(call("POST", ISSUES + "/" + n + "/comments", BOB, "{\"body\":\"hi\"}").statusCode()).isEqualTo(201);
    assertThat(sandbox.counters().writes("POST", "/repos/acme/widgets/issues/*/comments")).isEqualTo(1);
    Counters.Write w = sandbox.counters().writes().get(0);
    assertThat(w.login()).isEqualTo("bob");
    assertThat(w.requestBody()).contains("hi");
    assertThat(w.route()).isEqualTo("/repos/{owner}/{repo}/issues/{issue_number}/comments");
    assertThat(repo.comments(n)).hasSize(1);
  }
}
