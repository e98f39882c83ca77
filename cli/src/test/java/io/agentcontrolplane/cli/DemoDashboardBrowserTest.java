package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.dashboard.DashboardServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
 * The dashboard against {@code acp demo}: the demo runs in its own process (sandbox, scripted agent, heartbeats);
 * the dashboard serves its profile's state from here, and {@code e2e/dashboard-demo.mjs} in Debian's Chromium
 * checks that the demo's runs appear and finish on the open page without a reload, that the untrusted issue's wait
 * is explained, that a run's detail opens, and that the console stays clean. Screenshots in
 * {@code target/e2e-artifacts/}.
 */
class DemoDashboardBrowserTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void theDashboardFollowsTheDemo() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("acp.browserTests.skip"),
                "browser tests are switched off in this build (acp.browserTests.skip: the Jenkins infrastructure build)");
        Path e2e = ROOT.resolve("e2e");
        assertThat(e2e.resolve("node_modules/playwright-core"))
                .as("the browser test's npm packages: run e2e/install.sh once").isDirectory();
        Path artifacts = Path.of("target", "e2e-artifacts").toAbsolutePath();
        Path home = dir.resolve("demo");
        Process demo = new ProcessBuilder(SandboxCommandTest.javaCommand("demo", "--once", "--dir", home.toString(),
                "--interval", "1", "--timeout", "300")).redirectErrorStream(true).start();
        List<String> demoOutput = collect(demo.getInputStream(), "demo-output");
        try {
            Path profileFile = home.resolve("calc.yaml");
            for (int i = 0; i < 600 && !Files.exists(profileFile); i++) {
                Thread.sleep(100);
            }
            assertThat(profileFile).as("the demo writes its profile:\n" + String.join("\n", demoOutput)).exists();
            Profile profile = Standalone.loadProfile(profileFile);
            SnapshotService service = new SnapshotService(List.of(new SnapshotService.Source(profile,
                    Standalone.stateDir(profile, null), Standalone.expand(profile.workspace().runsRoot()))),
                    Clock.systemUTC());
            try (DashboardServer server = DashboardServer.start(service, InetAddress.getLoopbackAddress(), 0, null)) {
                Process node = new ProcessBuilder("node", "dashboard-demo.mjs", server.url(), artifacts.toString())
                        .directory(e2e.toFile()).redirectErrorStream(true).start();
                List<String> checks = collect(node.getInputStream(), "e2e-output");
                boolean ended = node.waitFor(420, TimeUnit.SECONDS);
                if (!ended) {
                    node.destroyForcibly();
                }
                String transcript = String.join("\n", checks) + "\n--- acp demo:\n" + String.join("\n", demoOutput);
                assertThat(ended).as("the browser test ended in time:\n" + transcript).isTrue();
                assertThat(node.exitValue()).as("the browser test's checks:\n" + transcript).isZero();
                assertThat(String.join("\n", checks)).contains("ok   a run finishes on the page without a reload",
                        "ok   no console errors");
            }
        } finally {
            if (!demo.waitFor(5, TimeUnit.SECONDS)) {
                demo.descendants().forEach(ProcessHandle::destroy);
                demo.destroy();
                demo.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(artifacts.resolve("demo.png")).isRegularFile();
    }

    private static List<String> collect(InputStream stream, String name) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return lines;
    }
}
