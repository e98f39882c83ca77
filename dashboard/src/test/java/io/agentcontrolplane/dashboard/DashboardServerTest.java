package io.agentcontrolplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over seeded state, through real sockets. */
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SeededState seeded;
    private SnapshotService service;
    private DashboardServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        seeded = new SeededState(dir);
        service = new SnapshotService(seeded.sources, Clock.systemUTC());
        server = DashboardServer.start(service, InetAddress.getLoopbackAddress(), 0, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSnapshotHasAnEtagAndAnUnchangedOneIsA304WithoutRebuild() throws Exception {
        HttpResponse<String> first = get("/api/snapshot");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode snap = JSON.readTree(first.body());
        assertThat(snap.path("profiles")).hasSize(3);
        assertThat(snap.path("profiles").get(0).path("plan").path("waits").toString())
                .contains("untrusted-author", "retry-cooldown", "human-review");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        Thread.sleep(3100); // let the seeded directories' times fall out of the racy window
        etag = get("/api/snapshot").headers().firstValue("ETag").orElseThrow();
        long builds = service.builds();
        HttpResponse<String> again = get("/api/snapshot", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(service.builds()).isEqualTo(builds);

        seeded.finishLiveRun();
        HttpResponse<String> changed = get("/api/snapshot", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains(seeded.liveRunId());
        assertThat(first.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    }

    @Test
    void runHistoryFiltersAndPages() throws Exception {
        JsonNode all = JSON.readTree(get("/api/runs").body());
        assertThat(all.path("total").asInt()).isEqualTo(3 * 34);
        assertThat(all.path("runs")).hasSize(50);
        JsonNode failed = JSON.readTree(get("/api/runs?profile=beta&status=failed").body());
        assertThat(failed.path("runs")).allSatisfy(r -> {
            assertThat(r.path("profile").asText()).isEqualTo("beta");
            assertThat(r.path("status").asText()).isEqualTo("failed");
        });
        JsonNode fixes = JSON.readTree(get("/api/runs?lane=fix&q=pr-20").body());
        assertThat(fixes.path("total").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(get("/api/runs?page=3").body()).path("runs")).hasSize(2);
    }

    @Test
    void badRequestsGetClearJsonErrors() throws Exception {
        HttpResponse<String> status = get("/api/runs?status=done");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(status.body()).path("message").asText()).startsWith("status: unknown run phase 'done'");
        assertThat(get("/api/runs?page=0").body()).contains("page: must be 1 or more, got 0");
        assertThat(get("/api/runs?profile=zeta").body()).contains("profile: no profile 'zeta' (known: alpha, beta, gamma)");
        assertThat(get("/api/runs?lane=fix&lane=automerge").body()).contains("parameter 'lane' is given twice");
        assertThat(get("/api/runs/a%2Fb").statusCode()).isEqualTo(400);
        assertThat(get("/api/runs/nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/items/alpha/issue-x").body()).contains("item: invalid item 'issue-x'");
        assertThat(get("/api/items/zeta/issue-1").statusCode()).isEqualTo(404);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/api/snapshot?x=1").statusCode()).isEqualTo(400);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/snapshot"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(JSON.readTree(post.body()).path("message").asText()).contains("read-only");
    }

    @Test
    void runAndItemDetails() throws Exception {
        JsonNode run = JSON.readTree(get("/api/runs/" + seeded.liveRunId()).body());
        assertThat(run.path("run").path("status").asText()).isEqualTo("running");
        assertThat(run.path("prompt").asText()).contains("Work on " + seeded.liveRunId());
        assertThat(run.path("log").path("text").asText()).endsWith("agent: step 300 of " + seeded.liveRunId() + "\n");
        assertThat(run.path("verification").get(0).path("command").asText()).isEqualTo("mvn -q test");

        JsonNode item = JSON.readTree(get("/api/items/alpha/issue-4").body());
        assertThat(item.path("status").asText()).isEqualTo("waiting");
        assertThat(item.path("waiting").path("reason").asText()).isEqualTo("untrusted-author");
        JsonNode spent = JSON.readTree(get("/api/items/alpha/issue%236").body());
        assertThat(spent.path("budget").path("spent").asBoolean()).isTrue();
        assertThat(spent.path("waiting").path("reason").asText()).isEqualTo("budget-exhausted");
        assertThat(spent.path("runs")).hasSize(6);
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> m = get("/metrics");
        assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(m.body()).contains("# TYPE acp_runs gauge", "acp_runs{profile=\"alpha\",status=\"running\"} 1",
                "acp_github_rate_limit_remaining{profile=\"gamma\"} 4980",
                "acp_waiting_items{profile=\"beta\",reason=\"untrusted-author\"} 1");
    }

    @Test
    void theEventStreamAnnouncesAChange() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "api/events")).build();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("retry: 2000");
            assertThat(lines.readLine()).isEqualTo("event: snapshot");
            String firstId = lines.readLine();
            lines.readLine();
            lines.readLine();
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                        if (l.startsWith("id: ")) {
                            return l;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            seeded.finishLiveRun();
            assertThat(next.get(10, TimeUnit.SECONDS)).isNotEqualTo(firstId).startsWith("id: ");
        }
    }

    @Test
    void thePageIsServedAsStaticFiles() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("<style");
        assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/style.css").statusCode()).isEqualTo(200);
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/DashboardServer.class").statusCode()).isEqualTo(404);
    }

    @Test
    void onLoopbackOnlyLoopbackHostNamesAreAnswered() throws Exception {
        assertThat(rawStatus("evil.example:" + server.port())).isEqualTo(403);
        assertThat(rawStatus("localhost:" + server.port())).isEqualTo(200);
    }

    private int rawStatus(String host) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/snapshot HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void elsewhereATokenIsRequired() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> DashboardServer.start(service, any, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requires a token (--token)");
        try (DashboardServer open = DashboardServer.start(service, any, 0, "s3cret-token-0123456789")) {
            String base = "http://127.0.0.1:" + open.port();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/snapshot")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("a token is required");
            HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/snapshot"))
                    .header("Authorization", "Bearer s3cret-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/?token=s3cret-token-0123456789"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
            HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Cookie", cookie.split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
    }
}
