package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acp dashboard}: serves the profiles' state; refuses an open address without a token. */
class DashboardCommandTest {
    @TempDir
    Path dir;

    private Path profile(String id) throws Exception {
        Path root = dir.resolve(id);
        Path file = dir.resolve(id + ".yaml");
        Files.writeString(file, "id: " + id + "\nrepository:\n  slug: acme/" + id + "\nworkspace:\n  root: " + root + "\n");
        return file;
    }

    @Test
    void servesTheStateOfEachProfileUntilInterrupted() throws Exception {
        Path alpha = profile("alpha");
        Path beta = profile("beta");
        StateStore.open(dir.resolve("alpha/state")).putRun(new WorkerRun("alpha-fix-pr-3-x", Lane.FIX, ItemRef.pr(3),
                RunPhase.RUNNING, Instant.now(), null, false, false, false, "codex", null, null));
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(AcpCommand.execute(new PrintWriter(out), new PrintWriter(out),
                Map.of(), "dashboard", "--profile", alpha.toString(), "--profile", beta.toString(), "--port", "0")));
        serving.start();
        String url = null;
        for (int i = 0; i < 100 && url == null; i++) {
            Thread.sleep(100);
            Matcher m = Pattern.compile("ACP_DASHBOARD_URL=(\\S+)").matcher(out.toString());
            url = m.find() ? m.group(1) : null;
        }
        assertThat(url).as(out.toString()).startsWith("http://127.0.0.1:");
        HttpResponse<String> runs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/runs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(runs.body()).contains("\"total\":1", "alpha-fix-pr-3-x");
        serving.interrupt();
        serving.join(10_000);
        assertThat(code.get()).isZero();
        assertThat(out.toString()).contains("acp: dashboard of alpha, beta; stop with Ctrl-C");
    }

    @Test
    void anOpenAddressNeedsAToken() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), "dashboard", "--profile",
                profile("alpha").toString(), "--bind", "0.0.0.0", "--port", "0");
        assertThat(code).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("acp: binding the dashboard to 0.0.0.0 (not a loopback address) requires"
                + " a token (--token)");
        int bad = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), "dashboard", "--profile",
                profile("beta").toString(), "--port", "70000");
        assertThat(bad).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("--port: must be 0 to 65535, got 70000");
    }

    @Test
    void helpDescribesTheOptions() {
        StringWriter out = new StringWriter();
        AcpCommand.execute(new PrintWriter(out), new PrintWriter(out), "dashboard", "--help");
        assertThat(out.toString()).contains("--profile=FILE", "--port=N", "--bind=ADDR", "--token=T",
                "ACP_DASHBOARD_TOKEN");
    }
}
