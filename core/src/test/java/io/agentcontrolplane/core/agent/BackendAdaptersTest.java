package io.agentcontrolplane.core.agent;

import static io.agentcontrolplane.core.agent.AgentFixture.GITHUB_TOKEN;
import static io.agentcontrolplane.core.agent.AgentFixture.PROFILE_TOKEN;
import static io.agentcontrolplane.core.agent.AgentFixture.alive;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Backends;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CLI backend run against a fake CLI of the same name, first on the agent's PATH, that prints what the real
 * tool prints: its event stream, its provider errors, its usage message for an unknown flag, a crash, a hang and
 * silence. The fake records its arguments, environment and standard input in the run directory.
 */
class BackendAdaptersTest {
    static final List<String> CLI_BACKENDS = List.of("codex", "claude", "gemini", "opencode", "kilo", "pi", "openclaw");

    @TempDir
    Path temp;

    private AgentFixture fixture(String backend, String scenario) throws Exception {
        return fixture(temp, backend, scenario);
    }

    private static AgentFixture fixture(Path root, String backend, String scenario) throws Exception {
        AgentFixture fx = new AgentFixture(root);
        fx.fakeCli("fake-common.sh");
        fx.fakeCli(backend);
        fx.host.put("FAKE_SCENARIO", scenario);
        fx.host.put("OPENAI_API_KEY", "sk-test-openai");
        fx.host.put("ANTHROPIC_API_KEY", "sk-ant-test");
        fx.host.put("OPENROUTER_API_KEY", "sk-or-test");
        fx.host.put("GEMINI_API_KEY", "gm-test");
        return fx;
    }

    private static Profile.BackendSettings settings(int timeout, int stall, int maxAttempts, Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(extra);
        options.put("passEnv", "FAKE_SCENARIO");
        return new Profile.BackendSettings("test-model-1", "high", timeout, stall, maxAttempts, 0, List.of(), options);
    }

    private static AgentOutcome run(AgentFixture fx, String backend, Profile.BackendSettings settings)
            throws Exception {
        return fx.runner().run(fx.request(backend, settings));
    }

    @Test
    void everySupportedBackendHasAnAdapter() {
        assertThat(LocalAgentRunner.all().stream().map(AgentBackend::name).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(Backends.SUPPORTED);
    }

    static Stream<Arguments> failures() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : CLI_BACKENDS) {
            cases.add(Arguments.of(backend, "quota", AgentFailure.QUOTA));
            cases.add(Arguments.of(backend, "auth", AgentFailure.AUTH));
            cases.add(Arguments.of(backend, "badflag", AgentFailure.CONFIGURATION));
            cases.add(Arguments.of(backend, "crash", AgentFailure.CRASH));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("failures")
    void providerMessagesAreClassifiedAndOnlyTransientOnesRetried(String backend, String scenario,
            AgentFailure expected) throws Exception {
        AgentFixture fx = fixture(backend, scenario);
        AgentOutcome outcome = run(fx, backend, settings(30, 30, 3, Map.of()));

        assertThat(outcome.failure()).as(outcome.detail()).isEqualTo(expected);
        assertThat(outcome.attempts()).as("%s is not retried", expected).isEqualTo(1);
        assertThat(outcome.detail()).isNotBlank();
        assertThat(fx.log()).contains("attempt 1 failed (" + expected.reason() + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cliBackends")
    void aCompletedRunReadsTheFinalEventAndALostConnectionIsRetried(String backend) throws Exception {
        AgentFixture fx = fixture(backend, "network-once");
        AgentOutcome outcome = run(fx, backend, settings(30, 30, 2, Map.of()));

        assertThat(outcome.completed()).as(outcome.detail()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.exitCode()).isZero();
        assertThat(fx.log()).contains("attempt 1 failed (network-connection)", "attempt 2 completed");
        String env = Files.readString(fx.runDir.resolve(backend + ".env"));
        assertThat(env).doesNotContain(GITHUB_TOKEN).doesNotContain(PROFILE_TOKEN).doesNotContain("GITHUB_TOKEN=")
                .contains("ACP_RUN_DIR=" + fx.runDir, "ACP_RESULT_FILE=");
        assertThat(fx.log()).doesNotContain(GITHUB_TOKEN).doesNotContain(PROFILE_TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cliBackends")
    void aHangingCliIsStoppedAtTheTimeoutWithItsChild(String backend) throws Exception {
        AgentFixture fx = fixture(backend, "hang");
        AgentOutcome outcome = run(fx, backend, settings(2, 60, 1, Map.of()));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.TIMEOUT);
        assertThat(fx.pids()).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cliBackends")
    void aSilentCliIsStoppedAsStalledWithItsChild(String backend) throws Exception {
        AgentFixture fx = fixture(backend, "silent");
        AgentOutcome outcome = run(fx, backend, settings(60, 1, 3, Map.of()));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.STALL);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(fx.pids()).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
    }

    static Stream<String> cliBackends() {
        return CLI_BACKENDS.stream();
    }

    private List<String> argv(AgentFixture fx, String backend) throws Exception {
        return Files.readAllLines(fx.runDir.resolve(backend + ".argv"));
    }

    private static void assertFlag(List<String> argv, String flag, String value) {
        int at = argv.indexOf(flag);
        assertThat(at).as("%s in %s", flag, argv).isNotNegative();
        assertThat(argv.get(at + 1)).isEqualTo(value);
    }

    @Test
    void codexIsCalledAsExecJsonWithModelEffortAndThePromptOnStdin() throws Exception {
        AgentFixture fx = fixture("codex", "ok");
        assertThat(run(fx, "codex", settings(30, 30, 1, Map.of())).completed()).isTrue();
        List<String> argv = argv(fx, "codex");
        assertThat(argv).startsWith("exec", "--json").contains("--full-auto", "--skip-git-repo-check")
                .endsWith("-", "---");
        assertFlag(argv, "--model", "test-model-1");
        assertFlag(argv, "--config", "model_reasoning_effort=high");
        assertFlag(argv, "--cd", fx.workspace.toString());
        assertFlag(argv, "--add-dir", fx.runDir.toString());
        assertThat(Files.readString(fx.runDir.resolve("codex.stdin"))).isEqualTo("Implement issue 7.\n");
        assertThat(Files.readString(fx.runDir.resolve("codex.env"))).contains("OPENAI_API_KEY=sk-test-openai")
                .doesNotContain("ANTHROPIC_API_KEY");

        AgentFixture bypass = fixture(temp.resolve("bypass"), "codex", "ok");
        run(bypass, "codex", settings(30, 30, 1, Map.of("mode", "bypass")));
        assertThat(argv(bypass, "codex")).contains("--dangerously-bypass-approvals-and-sandbox")
                .doesNotContain("--full-auto");
    }

    @Test
    void claudeIsCalledInPrintModeWithStreamJsonModelEffortAndPermissions() throws Exception {
        AgentFixture fx = fixture("claude", "ok");
        AgentOutcome outcome = run(fx, "claude", settings(30, 30, 1, Map.of()));
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.detail()).contains("8f2b6c1e-3c4d-4e5f-9a0b-1c2d3e4f5a6b");
        List<String> argv = argv(fx, "claude");
        assertThat(argv).startsWith("-p").contains("--verbose", "--no-session-persistence");
        assertFlag(argv, "--output-format", "stream-json");
        assertFlag(argv, "--model", "test-model-1");
        assertFlag(argv, "--effort", "high");
        assertFlag(argv, "--permission-mode", "acceptEdits");
        assertFlag(argv, "--allowedTools", ClaudeBackend.DEFAULT_TOOLS);
        assertThat(Files.readString(fx.runDir.resolve("claude.stdin"))).isEqualTo("Implement issue 7.\n");
        assertThat(Files.readString(fx.runDir.resolve("claude.env"))).contains("ANTHROPIC_API_KEY=sk-ant-test")
                .doesNotContain("OPENAI_API_KEY");
    }

    @Test
    void geminiIsCalledHeadlessWithStreamJsonAndThePromptOnStdin() throws Exception {
        AgentFixture fx = fixture("gemini", "ok");
        assertThat(run(fx, "gemini", settings(30, 30, 1, Map.of())).completed()).isTrue();
        List<String> argv = argv(fx, "gemini");
        assertFlag(argv, "--output-format", "stream-json");
        assertFlag(argv, "--approval-mode", "yolo");
        assertFlag(argv, "--model", "test-model-1");
        assertFlag(argv, "--prompt", GeminiBackend.PROMPT_POINTER);
        assertThat(Files.readString(fx.runDir.resolve("gemini.stdin"))).isEqualTo("Implement issue 7.\n");
    }

    @Test
    void opencodeAndKiloAreCalledAsRunFormatJsonWithModelAndVariant() throws Exception {
        AgentFixture fx = fixture("opencode", "ok");
        assertThat(run(fx, "opencode", settings(30, 30, 1, Map.of())).completed()).isTrue();
        List<String> argv = argv(fx, "opencode");
        assertThat(argv).startsWith("run").doesNotContain("--auto");
        assertFlag(argv, "--format", "json");
        assertFlag(argv, "--model", "test-model-1");
        assertFlag(argv, "--variant", "high");
        assertFlag(argv, "--dir", fx.workspace.toString());

        AgentFixture kilo = fixture(temp.resolve("kilo"), "kilo", "ok");
        assertThat(run(kilo, "kilo", settings(30, 30, 1, Map.of())).completed()).isTrue();
        assertThat(argv(kilo, "kilo")).startsWith("run", "--auto", "--format", "json");
        assertThat(Files.readString(kilo.runDir.resolve("kilo.stdin"))).isEqualTo("Implement issue 7.\n");
    }

    @Test
    void aProviderErrorEventFailsTheRunEvenWhenTheCliExitsZero() throws Exception {
        AgentFixture fx = fixture("opencode", "quota");
        AgentOutcome outcome = run(fx, "opencode", settings(30, 30, 3, Map.of()));
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.failure()).isEqualTo(AgentFailure.QUOTA);
        assertThat(outcome.detail()).contains("Rate limit exceeded");
    }

    @Test
    void aCliThatExitsZeroWithoutItsFinalEventGaveAnInvalidResult() throws Exception {
        AgentFixture fx = new AgentFixture(temp);
        fx.script("codex", "#!/bin/bash\necho '{\"type\":\"thread.started\",\"thread_id\":\"t1\"}'\nexit 0\n");
        AgentOutcome outcome = run(fx, "codex", settings(30, 30, 3, Map.of()));
        assertThat(outcome.failure()).isEqualTo(AgentFailure.INVALID_RESULT);
        assertThat(outcome.detail()).contains("without its final 'turn.completed' event");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void piGetsThePromptFileAsAnAtArgumentAndThinking() throws Exception {
        AgentFixture fx = fixture("pi", "ok");
        assertThat(run(fx, "pi", settings(30, 30, 1, Map.of())).completed()).isTrue();
        List<String> argv = argv(fx, "pi");
        assertFlag(argv, "--mode", "json");
        assertFlag(argv, "--thinking", "high");
        assertFlag(argv, "--model", "test-model-1");
        assertThat(argv).contains("--no-session", "@" + fx.prompt);
        assertThat(Files.readString(fx.runDir.resolve("pi.promptfile"))).isEqualTo("Implement issue 7.\n");
        assertThat(Files.readString(fx.runDir.resolve("pi.stdin"))).isEmpty();
    }

    @Test
    void openclawRegistersItsAgentThenRunsItLocallyWithTheMessage() throws Exception {
        AgentFixture fx = fixture("openclaw", "ok");
        AgentOutcome outcome = run(fx, "openclaw", settings(30, 30, 1, Map.of()));
        assertThat(outcome.completed()).as(outcome.detail()).isTrue();
        String calls = Files.readString(fx.runDir.resolve("openclaw.argv"));
        String[] parts = calls.split("---\n");
        assertThat(parts).hasSize(2);
        List<String> add = List.of(parts[0].split("\n"));
        List<String> agent = List.of(parts[1].split("\n"));
        assertThat(add).startsWith("agents", "add", "acp-run-1").contains("--non-interactive", "--json");
        assertFlag(add, "--model", "test-model-1");
        assertFlag(add, "--workspace", fx.workspace.toString());
        assertThat(agent).startsWith("agent", "--agent", "acp-run-1").contains("--local", "--json");
        assertFlag(agent, "--thinking", "high");
        assertFlag(agent, "--timeout", "30");
        assertFlag(agent, "--message", "Implement issue 7.");
    }

    @Test
    void openclawTakesAnAgentThatAlreadyExists() throws Exception {
        AgentFixture fx = fixture("openclaw", "ok");
        Files.createFile(fx.runDir.resolve(".openclaw-agent"));
        AgentOutcome outcome = run(fx, "openclaw", settings(30, 30, 1, Map.of()));
        assertThat(outcome.completed()).as(outcome.detail()).isTrue();
    }

    @Test
    void aMissingCliNamesItselfAndTheOptionToFixIt() throws Exception {
        AgentFixture fx = new AgentFixture(temp);
        AgentOutcome outcome = run(fx, "claude", settings(30, 30, 3, Map.of()));
        assertThat(outcome.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(outcome.attempts()).isZero();
        assertThat(outcome.detail()).contains("'claude' was not found", "agent.backends.claude.options.binary");
        assertThat(Files.readString(fx.runDir.resolve(RunFiles.LOG))).contains("attempt 1 failed (backend-misconfigured)");
    }

    @Test
    void theBinaryOptionPointsAtAnotherProgram() throws Exception {
        AgentFixture fx = fixture("codex", "ok");
        Path custom = fx.root.resolve("tools/my-codex");
        Files.createDirectories(custom.getParent());
        Files.copy(fx.bin.resolve("codex"), custom);
        Files.copy(fx.bin.resolve("fake-common.sh"), custom.resolveSibling("fake-common.sh"));
        custom.toFile().setExecutable(true);
        Files.delete(fx.bin.resolve("codex"));
        AgentOutcome outcome = run(fx, "codex", settings(30, 30, 1, Map.of("binary", custom.toString())));
        assertThat(outcome.completed()).as(outcome.detail()).isTrue();
        assertThat(fx.runDir.resolve("my-codex.argv")).exists();
    }
}
