package io.jenkins.plugins.acp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the browser scripts of {@code ../e2e} (Playwright driving Debian's Chromium) with {@code node}, as a
 * real process. What it needs is installed by {@code e2e/install.sh} (CI runs it first). Not a test itself.
 */
record BrowserScript(String name) {
    static final Path E2E = Path.of("..", "e2e").toAbsolutePath().normalize();
    private static final long TIMEOUT_MINUTES = 5;

    /** What the script printed (stdout and stderr) and how it ended. */
    record Result(int exitCode, String output) {}

    Result run(String... args) throws IOException, InterruptedException {
        Assumptions.assumeFalse(Boolean.getBoolean("acp.browserTests.skip"),
                "browser tests are switched off in this build (acp.browserTests.skip: no Chromium there)");
        Path script = E2E.resolve(name);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("browser script " + script + " is missing");
        }
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + E2E + ": run e2e/install.sh");
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("browser-script", ".log");
        Process process = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(" + name + " did not end within " + TIMEOUT_MINUTES + " minutes)");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
