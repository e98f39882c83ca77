package io.agentcontrolplane.core.agent;

import static io.agentcontrolplane.core.agent.AgentFixture.GITHUB_TOKEN;
import static io.agentcontrolplane.core.agent.AgentFixture.PROFILE_TOKEN;
import static io.agentcontrolplane.core.agent.AgentFixture.alive;
import static io.agentcontrolplane.core.agent.AgentFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code command} backend run as real processes: supervision, log capture and the scrubbed environment. */
class LocalAgentRunnerTest {
    @TempDir
    Path temp;
    AgentFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new AgentFixture(temp);
    }

    private AgentOutcome runCommand(String script, int timeout, int stall, int maxAttempts) throws Exception {
        fx.script("agent.sh", script);
        return fx.runner().run(fx.request("command",
                settings(timeout, stall, maxAttempts, List.of("agent.sh", "{prompt}"), Map.of())));
    }

    @Test
    void anAgentThatExitsZeroCompletesWithItsOutputInTheLog() throws Exception {
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                echo "prompt arg: $1"
                echo "stdin: $(cat)"
                echo "result to $ACP_RESULT_FILE"
                """, 30, 30, 1);

        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(fx.log()).contains("prompt arg: " + fx.prompt, "stdin: Implement issue 7.",
                "result to " + fx.runDir.resolve(RunFiles.RESULT));
    }

    @Test
    void aHangingAgentIsStoppedAtTheTimeoutWithEveryProcessItStartedEvenThoseIgnoringSigterm() throws Exception {
        // Output keeps coming, so only the hard timeout can end it; every process ignores SIGTERM.
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                trap '' TERM
                echo $$ >> "$ACP_RUN_DIR/pids"
                bash -c 'echo $$ >> "$ACP_RUN_DIR/pids"; sleep 1000 & echo $! >> "$ACP_RUN_DIR/pids"; wait' &
                while true; do echo working; sleep 0.2; done
                """, 2, 60, 1);

        assertThat(outcome.failure()).isEqualTo(AgentFailure.TIMEOUT);
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.detail()).contains("hard timeout of 2 s");
        List<Long> pids = fx.pids();
        assertThat(pids).hasSize(3);
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("process %d", pid).isFalse());
        assertThat(fx.log()).contains("working", "ignored SIGTERM");
    }

    @Test
    void aTimeoutIsRetriedUpToMaxAttempts() throws Exception {
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                echo attempt >> "$ACP_RUN_DIR/attempts"
                sleep 1000
                """, 1, 60, 2);

        assertThat(outcome.failure()).isEqualTo(AgentFailure.TIMEOUT);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(Files.readAllLines(fx.runDir.resolve("attempts"))).hasSize(2);
    }

    @Test
    void aSilentAgentIsStoppedAsStalledWithItsChildren() throws Exception {
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                echo $$ >> "$ACP_RUN_DIR/pids"
                sleep 1000 &
                echo $! >> "$ACP_RUN_DIR/pids"
                echo "thinking..."
                wait
                """, 60, 1, 3);

        assertThat(outcome.failure()).isEqualTo(AgentFailure.STALL);
        assertThat(outcome.attempts()).as("a stall is not retried").isEqualTo(1);
        assertThat(outcome.detail()).contains("no output and no change in the workspace for 1 s");
        assertThat(fx.pids()).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).isFalse());
    }

    @Test
    void anAgentThatPrintsNothingButChangesTheWorkspaceIsNotStalled() throws Exception {
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                for i in $(seq 1 12); do echo "line $i" >> notes.txt; sleep 0.25; done
                """, 60, 1, 1);

        assertThat(outcome.completed()).as(String.valueOf(outcome.detail())).isTrue();
        assertThat(fx.workspace.resolve("notes.txt")).exists();
    }

    @Test
    void processesLeftBehindAfterANormalExitAreStopped() throws Exception {
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                sleep 1000 >/dev/null 2>&1 &
                echo $! >> "$ACP_RUN_DIR/pids"
                sh -c 'sleep 1000' &
                echo $! >> "$ACP_RUN_DIR/pids"
                exit 0
                """, 60, 60, 1);

        assertThat(outcome.completed()).isTrue();
        assertThat(fx.pids()).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
        assertThat(fx.log()).containsPattern("left [23] process\\(es\\) running");
    }

    @Test
    void secretsAreMaskedInTheLogEvenWhenSplitAcrossWritesAndInTheDetail() throws Exception {
        Files.writeString(fx.prompt, "token is " + PROFILE_TOKEN + "\n");
        AgentOutcome outcome = runCommand("""
                #!/bin/bash
                cat
                printf 'ghp_fixtureGitHub'
                sleep 0.3
                printf 'Token0123456789abcdef and more\\n'
                echo "fatal: bad credentials ghp_fixtureGitHubToken0123456789abcdef"
                exit 3
                """, 30, 30, 1);

        String log = fx.log();
        assertThat(log).doesNotContain(GITHUB_TOKEN).doesNotContain(PROFILE_TOKEN)
                .contains("token is [REDACTED]", "[REDACTED] and more", "bad credentials [REDACTED]");
        assertThat(outcome.failure()).isEqualTo(AgentFailure.CRASH);
        assertThat(outcome.detail()).contains("exited with 3").doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void theAgentEnvironmentHoldsOnlyTheAllowListTheRunVariablesAndWhatTheBackendIsToldToPass() throws Exception {
        fx.host.put("OPENAI_API_KEY", "sk-openai");
        fx.script("agent.sh", "#!/bin/bash\nenv > \"$ACP_RUN_DIR/env.txt\"\n");
        AgentOutcome outcome = fx.runner().run(fx.request("command", settings(30, 30, 1, List.of("agent.sh"),
                Map.of("passEnv", "OPENAI_API_KEY, ACME_REPO_TOKEN, GITHUB_TOKEN"))));

        assertThat(outcome.completed()).isTrue();
        String env = Files.readString(fx.runDir.resolve("env.txt"));
        assertThat(env).doesNotContain(GITHUB_TOKEN).doesNotContain(PROFILE_TOKEN)
                .doesNotContain("GITHUB_TOKEN=").doesNotContain("GH_TOKEN=").doesNotContain("ACME_REPO_TOKEN=")
                .doesNotContain("SOME_HOST_VARIABLE")
                .contains("OPENAI_API_KEY=sk-openai", "PATH=" + fx.bin, "HOME=", "LANG=C.UTF-8",
                        "ACP_RUN_DIR=" + fx.runDir, "ACP_RESULT_FILE=", "ACP_PROMPT_FILE=" + fx.prompt,
                        "GIT_TERMINAL_PROMPT=0");
        assertThat(fx.log()).doesNotContain(GITHUB_TOKEN).doesNotContain(PROFILE_TOKEN);
    }

    @Test
    void noFileTheRunWritesHoldsTheToken() throws Exception {
        fx.script("agent.sh", """
                #!/bin/bash
                env > env-dump.txt
                env | sort
                set > "$ACP_RUN_DIR/shell-vars.txt"
                git config --global --list 2>&1 || true
                echo "{}" > "$ACP_RESULT_FILE"
                """);
        AgentOutcome outcome = fx.runner().run(fx.request("command", settings(30, 30, 1, List.of("agent.sh"),
                Map.of("passEnv", "GITHUB_TOKEN,GH_TOKEN,ACME_REPO_TOKEN"))));

        assertThat(outcome.completed()).isTrue();
        List<Path> files;
        try (var walk = Files.walk(fx.root)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(fx.bin)).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("env-dump.txt", "shell-vars.txt", RunFiles.LOG, RunFiles.RESULT);
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(GITHUB_TOKEN)
                    .doesNotContain(PROFILE_TOKEN);
        }
    }

    @Test
    void aMissingProgramIsAConfigurationFailureThatCostsNoAttempt() throws Exception {
        AgentOutcome outcome = fx.runner().run(fx.request("command",
                settings(30, 30, 3, List.of("no-such-agent-cli", "--go"), Map.of())));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(outcome.attempts()).isZero();
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.detail()).contains("'no-such-agent-cli' was not found on the agent's PATH");
    }

    @Test
    void aProgramThatIsNotExecutableIsAConfigurationFailure() throws Exception {
        Path file = fx.bin.resolve("plain.txt");
        Files.writeString(file, "echo hi\n");
        AgentOutcome outcome = fx.runner().run(fx.request("command",
                settings(30, 30, 3, List.of(file.toString()), Map.of())));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(outcome.detail()).contains("is not executable");
        assertThat(outcome.attempts()).isZero();
    }

    @Test
    void exit127AndAnUnknownFlagAreConfigurationFailuresAndNotRetried() throws Exception {
        AgentOutcome missing = runCommand("#!/bin/bash\nno-such-inner-tool --x\n", 30, 30, 3);
        assertThat(missing.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.attempts()).isEqualTo(1);
        assertThat(missing.detail()).contains("exit 127", "no-such-inner-tool");

        AgentOutcome flag = runCommand("#!/bin/bash\necho \"error: unknown option '--bogus'\" >&2\nexit 2\n", 30, 30,
                3);
        assertThat(flag.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(flag.attempts()).isEqualTo(1);
        assertThat(flag.detail()).contains("unknown option '--bogus'");
    }

    @Test
    void aNetworkFailureIsRetriedAndAQuotaLimitIsNot() throws Exception {
        AgentOutcome network = runCommand("""
                #!/bin/bash
                if [ ! -f "$ACP_RUN_DIR/tried" ]; then touch "$ACP_RUN_DIR/tried"; echo "Error: read ECONNRESET"; exit 1; fi
                echo done
                """, 30, 30, 3);
        assertThat(network.completed()).isTrue();
        assertThat(network.attempts()).isEqualTo(2);
        assertThat(fx.log()).contains("attempt 1 failed (network-connection)", "retrying");

        AgentOutcome quota = runCommand("""
                #!/bin/bash
                echo attempt >> "$ACP_RUN_DIR/quota-attempts"
                echo "You've hit your usage limit. Try again later." >&2
                exit 1
                """, 30, 30, 3);
        assertThat(quota.failure()).isEqualTo(AgentFailure.QUOTA);
        assertThat(quota.attempts()).isEqualTo(1);
        assertThat(Files.readAllLines(fx.runDir.resolve("quota-attempts"))).hasSize(1);
    }

    @Test
    void aCrashBySignalIsACrash() throws Exception {
        AgentOutcome outcome = runCommand("#!/bin/bash\necho before\nkill -SEGV $$\n", 30, 30, 3);
        assertThat(outcome.failure()).isEqualTo(AgentFailure.CRASH);
        assertThat(outcome.exitCode()).isEqualTo(139);
        assertThat(outcome.detail()).contains("killed by signal 11");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void theLogIsCutOffAtItsLimitWhileTheAgentRunsOn() throws Exception {
        fx.script("agent.sh", "#!/bin/bash\nhead -c 500000 /dev/zero | tr '\\\\0' 'a'\necho\necho finished > \"$ACP_RUN_DIR/done\"\n");
        AgentOutcome outcome = fx.runner(20_000).run(fx.request("command",
                settings(30, 30, 1, List.of("agent.sh"), Map.of())));

        assertThat(outcome.completed()).isTrue();
        assertThat(fx.runDir.resolve("done")).exists();
        assertThat(Files.size(fx.runDir.resolve(RunFiles.LOG))).isLessThan(21_000);
        assertThat(fx.log()).contains("log cut off at 20000 bytes", "attempt 1 completed");
    }

    @Test
    void anUnknownBackendIsAConfigurationFailure() throws Exception {
        AgentOutcome outcome = fx.runner().run(fx.request("nonesuch", settings(30, 30, 1, List.of(), Map.of())));
        assertThat(outcome.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(outcome.detail()).contains("unknown backend 'nonesuch'");
    }
}
