package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

class AuthAndRateLimitTest extends SandboxTestSupport {

  @Override
  protected GitHubSandbox.Builder configure(GitHubSandbox.Builder b) {
    return b.rateLimit(3);
  }

  @Test
  void missingAndBadTokensGet401WithGitHubBody() {
    HttpResponse<String> none = get("/repos/acme/widgets", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("message").asText()).isEqualTo("Requires authentication");
    assertThat(json(none).get("documentation_url").asText()).startsWith("https://docs.github.com");
    assertThat(none.headers().firstValue("x-ratelimit-limit")).contains("60");
    HttpResponse<String> bad = get("/user", "nope");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(json(bad).get("message").asText()).isEqualTo("Bad credentials");
    assertThat(call("GET", "/user", null, null, java.util.Map.of("Authorization", "token " + ALICE)).statusCode())
        .as("'token X' scheme").isEqualTo(200);
  }

  @Test
  void readOnlyUserIsDeniedWrites() {
    int n = repo.createIssue("alice", "x", null);
    HttpResponse<String> r = call("POST", "/repos/acme/widgets/issues/" + n + "/comments", RITA, "{\"body\":\"me\"}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("message").asText()).isEqualTo("Resource not accessible by personal access token");
    assertThat(call("POST", "/repos/acme/widgets/issues/" + n + "/labels", RITA, "[\"x\"]").statusCode()).isEqualTo(403);
    assertThat(repo.comments(n)).isEmpty();
  }

  @Test
  void primaryBudgetIsPerTokenAndExhausts() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = get("/user", ALICE);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-ratelimit-remaining")).contains(String.valueOf(2 - i));
      assertThat(ok.headers().firstValue("x-ratelimit-used")).contains(String.valueOf(i + 1));
      assertThat(ok.headers().firstValue("x-ratelimit-resource")).contains("core");
      assertThat(ok.headers().firstValue("x-ratelimit-reset")).isPresent();
    }
    HttpResponse<String> denied = get("/user", ALICE);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("x-ratelimit-remaining")).contains("0");
    assertThat(json(denied).get("message").asText()).startsWith("API rate limit exceeded");
    assertThat(get("/user", BOB).statusCode()).as("other token has its own budget").isEqualTo(200);
    HttpResponse<String> rl = get("/rate_limit", ALICE);
    assertThat(rl.statusCode()).isEqualTo(200);
    assertThat(json(rl).at("/resources/core/remaining").asInt()).isZero();
  }

  @Test
  void hub4jFailHandlerSurfacesExhaustion() throws IOException {
    sandbox.setRateLimitRemaining(BOB, 0);
    var gh = new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken(BOB)
        .withRateLimitHandler(GitHubRateLimitHandler.FAIL).build();
    assertThatThrownBy(() -> gh.getRepository(REPO)).isInstanceOf(HttpException.class);
  }

  @Nested
  class With429 extends SandboxTestSupport {
    @Override
    protected GitHubSandbox.Builder configure(GitHubSandbox.Builder b) {
      return b.rateLimit(1).rateLimitStatus(429);
    }

    @Test
    void exhaustionAnswers429() {
      assertThat(get("/user", ALICE).statusCode()).isEqualTo(200);
      assertThat(get("/user", ALICE).statusCode()).isEqualTo(429);
    }
  }
}
