package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

class ConditionalRequestTest extends SandboxTestSupport {

  private static int remaining(HttpResponse<String> r) {
    return Integer.parseInt(r.headers().firstValue("x-ratelimit-remaining").orElseThrow());
  }

  @Test
  void etagGives304WithoutSpendingRateLimit() {
    int n = repo.createIssue("alice", "Cached", "x");
    String path = "/repos/acme/widgets/issues/" + n;
    HttpResponse<String> first = get(path, ALICE);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");
    int before = remaining(first);
    HttpResponse<String> second = call("GET", path, ALICE, null, Map.of("If-None-Match", etag));
    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(second.body()).isEmpty();
    assertThat(remaining(second)).isEqualTo(before);
    assertThat(sandbox.counters().notModifiedCount()).isEqualTo(1);
    HttpResponse<String> third = call("GET", path, ALICE, null, Map.of("If-None-Match", etag));
    assertThat(remaining(third)).as("still free").isEqualTo(before);

    repo.addComment(n, "bob", "changed");
    HttpResponse<String> changed = call("GET", path, ALICE, null, Map.of("If-None-Match", etag));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(remaining(changed)).isEqualTo(before - 1);

    HttpResponse<String> list = get("/repos/acme/widgets/issues", ALICE);
    HttpResponse<String> list304 = call("GET", "/repos/acme/widgets/issues", ALICE, null,
        Map.of("If-None-Match", "W/" + list.headers().firstValue("ETag").orElseThrow()));
    assertThat(list304.statusCode()).as("weak validator in If-None-Match matches").isEqualTo(304);
  }

  @Test
  void lastModifiedGives304() {
    int n = repo.createIssue("alice", "Dated", "x");
    HttpResponse<String> first = get("/repos/acme/widgets/issues/" + n, ALICE);
    String lm = first.headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> second = call("GET", "/repos/acme/widgets/issues/" + n, ALICE, null, Map.of("If-Modified-Since", lm));
    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(remaining(second)).isEqualTo(remaining(first));
  }

  @Test
  void rateLimitEndpointDoesNotCount() {
    HttpResponse<String> a = get("/rate_limit", ALICE);
    HttpResponse<String> b = get("/rate_limit", ALICE);
    assertThat(remaining(b)).isEqualTo(remaining(a)).isEqualTo(5000);
    get("/user", ALICE);
    assertThat(json(get("/rate_limit", ALICE)).at("/resources/core/remaining").asInt()).isEqualTo(4999);
    assertThat(json(get("/rate_limit", ALICE)).at("/resources/core/used").asInt()).isEqualTo(1);
  }

  @Test
  void hub4jWithOkHttpCacheRevalidatesForFree() throws IOException {
    int n = repo.createIssue("alice", "Cached", "x");
    var dir = Files.createTempDirectory("okcache");
    OkHttpClient client = new OkHttpClient.Builder().cache(new Cache(dir.toFile(), 10 * 1024 * 1024)).build();
    GitHub gh = new GitHubBuilder().withEndpoint(sandbox.baseUrl()).withOAuthToken(ALICE)
        .withConnector(new OkHttpGitHubConnector(client)).build();
    var r = gh.getRepository(REPO);
    r.getIssue(n);
    int afterFirst = sandbox.rateLimitRemaining(ALICE);
    assertThat(r.getIssue(n).getTitle()).isEqualTo("Cached");
    assertThat(r.getIssue(n).getTitle()).isEqualTo("Cached");
    assertThat(sandbox.counters().notModifiedCount()).isGreaterThanOrEqualTo(2);
    assertThat(sandbox.rateLimitRemaining(ALICE)).isEqualTo(afterFirst);
  }
}
