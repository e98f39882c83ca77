package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.world.Lane;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A workspace, a run directory, a prompt and a bin directory put first on the agent's PATH, for running real
 * processes through {@link LocalAgentRunner}. The host environment is a map the test controls, holding a GitHub
 * token the agent must never see.
 */
final class AgentFixture {
    static final String GITHUB_TOKEN = "ghp_fixtureGitHubToken0123456789abcdef";
    static final String PROFILE_TOKEN = "profile-token-value-42abc";

    final Path root;
    final Path bin;
    final Path workspace;
    final Path runDir;
    final Path prompt;
    final Map<String, String> host = new HashMap<>();

    AgentFixture(Path root) throws IOException {
        this.root = root;
        this.bin = Files.createDirectories(root.resolve("bin"));
        this.workspace = Files.createDirectories(root.resolve("workspace"));
        this.runDir = Files.createDirectories(root.resolve("runs/run-1"));
        this.prompt = runDir.resolve(RunFiles.PROMPT);
        Files.writeString(prompt, "Implement issue 7.\n");
        host.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        host.put("HOME", Files.createDirectories(root.resolve("home")).toString());
        host.put("LANG", "C.UTF-8");
        host.put("GITHUB_TOKEN", GITHUB_TOKEN);
        host.put("GH_TOKEN", GITHUB_TOKEN);
        host.put("ACME_REPO_TOKEN", PROFILE_TOKEN);
        host.put("SOME_HOST_VARIABLE", "host-only");
    }

    /** Writes an executable script into the bin directory. */
    Path script(String name, String body) {
        try {
            Path file = bin.resolve(name);
            Files.writeString(file, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fake CLI from the test resources ({@code fake-cli/<name>}) into the bin directory. */
    Path fakeCli(String name) {
        try (InputStream in = AgentFixture.class.getResourceAsStream("/fake-cli/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fake CLI " + name);
            }
            return script(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Profile.BackendSettings settings(int timeout, int stall, int maxAttempts, List<String> command,
            Map<String, String> options) {
        return new Profile.BackendSettings(null, null, timeout, stall, maxAttempts, 0, command, options);
    }

    static Profile.BackendSettings settings(String model, String effort, int timeout, int stall,
            Map<String, String> options) {
        return new Profile.BackendSettings(model, effort, timeout, stall, 1, 0, List.of(), options);
    }

    AgentRequest request(String backend, Profile.BackendSettings settings) {
        return new AgentRequest("run-1", Lane.IMPLEMENT, backend, settings, workspace, runDir, prompt,
                Map.of("ACP_RUN_DIR", runDir.toString(), "ACP_RESULT_FILE", runDir.resolve(RunFiles.RESULT).toString(),
                        "ACP_SESSION", "run-1"),
                Set.of(GITHUB_TOKEN, PROFILE_TOKEN));
    }

    LocalAgentRunner runner() {
        return runner(LocalAgentRunner.DEFAULT_LOG_LIMIT_BYTES);
    }

    LocalAgentRunner runner(long logLimit) {
        return new LocalAgentRunner(Clock.systemUTC(), host,
                new LocalAgentRunner.Tuning(Duration.ofMillis(50), Duration.ofMillis(700), logLimit));
    }

    String log() throws IOException {
        return Files.readString(runDir.resolve(RunFiles.LOG));
    }

    /** Process ids the scripts wrote to {@code pids} in the run directory. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("pids"))) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }

    /** Waits (bounded) until the file has {@code lines} lines: the script has started its children. */
    static void awaitLines(Path file, int lines) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
                return;
            }
            Thread.sleep(25);
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
