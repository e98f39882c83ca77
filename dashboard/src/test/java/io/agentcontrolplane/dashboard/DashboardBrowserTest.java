package io.agentcontrolplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.snapshot.SnapshotService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: Debian's Chromium driven by Playwright ({@code e2e/dashboard.mjs}), against the
 * server started here on seeded state. The script checks the page loads without console errors, shows the runs,
 * shows a run finishing while it is open (this test ends the run in the state when the script asks), filters,
 * opens the run detail with its log tail, and dark mode and a phone's width; screenshots are kept in
 * {@code target/e2e-artifacts/}. Needs {@code e2e/install.sh} to have run (CI runs it).
 */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    @Test
    void thePageWorksInChromium() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("acp.browserTests.skip"),
                "browser tests are switched off in this build (acp.browserTests.skip: the Jenkins infrastructure build)");
        Path e2e = Path.of(System.getProperty("acp.e2e.dir", "../e2e")).toAbsolutePath().normalize();
        Path artifacts = Path.of(System.getProperty("acp.artifacts.dir", "target/e2e-artifacts")).toAbsolutePath();
        assertThat(e2e.resolve("node_modules/playwright-core"))
                .as("the browser test's npm packages: run e2e/install.sh once").isDirectory();
        SeededState seeded = new SeededState(dir);
        SnapshotService service = new SnapshotService(seeded.sources, Clock.systemUTC());
        try (DashboardServer server = DashboardServer.start(service, InetAddress.getLoopbackAddress(), 0, null)) {
            Process node = new ProcessBuilder("node", "dashboard.mjs", server.url(), artifacts.toString(),
                    seeded.liveRunId()).directory(e2e.toFile()).redirectErrorStream(true).start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> follow(node, seeded, output), "e2e-output");
            reader.start();
            boolean ended = node.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                node.destroyForcibly();
            }
            reader.join(5000);
            String transcript = String.join("\n", output);
            assertThat(ended).as("the browser test ended in time:\n" + transcript).isTrue();
            assertThat(node.exitValue()).as("the browser test's checks:\n" + transcript).isZero();
            assertThat(transcript).contains("ok   the page shows the run finished without a reload",
                    "ok   no console errors");
        }
        for (String shot : List.of("dashboard.png", "overview.png", "run-detail.png", "dashboard-dark.png", "dashboard-phone.png")) {
            assertThat(artifacts.resolve(shot)).isRegularFile();
            assertThat(Files.size(artifacts.resolve(shot))).isGreaterThan(10_000);
        }
    }

    /** Collects the script's output; when it asks, ends the live run in the state and tells it so. */
    private static void follow(Process node, SeededState seeded, List<String> output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(node.getOutputStream(),
                StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.equals("FINISH " + seeded.liveRunId())) {
                    seeded.finishLiveRun();
                    in.write("finished\n");
                    in.flush();
                }
            }
        } catch (IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }
}
