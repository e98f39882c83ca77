package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acp demo --backend NAME}: the same story with an agent CLI found on PATH. The CLI here is the backend tests'
 * fake Claude Code (core's {@code fake-cli/claude}: Claude's stream-json events, its argument and stdin handling),
 * wrapped so that the demo's scripted agent does the work the real one would.
 */
class DemoBackendTest {
    /** The fake CLIs of the backend tests, beside this module. */
    static final Path FAKE_CLIS = Path.of("").toAbsolutePath().resolveSibling("core")
            .resolve("src/test/resources/fake-cli");

    @TempDir
    Path dir;

    @Test
    void aMissingAgentCliIsAClearErrorBeforeAnythingStarts() throws IOException {
        Path home = dir.resolve("demo");
        Path emptyBin = Files.createDirectories(dir.resolve("bin"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of("PATH", emptyBin.toString(),
                "HOME", dir.toString()), "demo", "--once", "--backend", "claude", "--dir", home.toString());
        assertThat(code).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("--backend claude: program 'claude' not found on PATH; install it or set"
                + " agent.backends.claude.options.binary").doesNotContain("Exception");
        assertThat(out.toString()).doesNotContain("Starting the GitHub sandbox");
        assertThat(home).doesNotExist();
    }

    @Test
    @Timeout(600)
    void theStoryRunsWithAnAgentCliOnPath() throws Exception {
        Path home = dir.resolve("demo");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path claude = bin.resolve("claude");
        Files.writeString(claude, """
                #!/bin/bash
                # Claude Code as the demo sees it: the demo's scripted agent works on the prompt (stdin), then the fake
                # claude of the backend tests answers in Claude's stream-json format.
                if [ "$1" = "--version" ]; then exec bash "%1$s/claude" --version; fi
                cat > "$ACP_RUN_DIR/claude-prompt.md"
                sh "%2$s" "$ACP_RUN_DIR/claude-prompt.md" > "$ACP_RUN_DIR/demo-agent.log" 2>&1 || exit 1
                exec bash "%1$s/claude" "$@" < "$ACP_RUN_DIR/claude-prompt.md"
                """.formatted(FAKE_CLIS, home.resolve("demo-agent.sh")), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("demo.log");
        ProcessBuilder pb = new ProcessBuilder(SandboxCommandTest.javaCommand("demo", "--once", "--backend", "claude",
                "--dir", home.toString(), "--timeout", "480")).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        Process demo = pb.start();
        try {
            assertThat(demo.waitFor(540, TimeUnit.SECONDS)).as("the demo ends").isTrue();
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        String text = Files.readString(log);
        assertThat(demo.exitValue()).as(text).isZero();
        assertThat(text).contains("agent: claude").contains("7 of 7 end states reached")
                .contains("claude auth: no credential found").doesNotContain("claude version");
        try (Stream<Path> files = Files.walk(home.resolve("ws/runs"))) {
            List<Path> argv = files.filter(p -> p.getFileName().toString().equals("claude.argv")).toList();
            assertThat(argv).as("runs that went through the claude backend").hasSizeGreaterThanOrEqualTo(7);
            assertThat(Files.readString(argv.get(0))).contains("-p", "--output-format", "stream-json");
        }
    }
}
