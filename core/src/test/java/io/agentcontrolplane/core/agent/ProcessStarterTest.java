package io.agentcontrolplane.core.agent;

import static io.agentcontrolplane.core.agent.AgentFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents started through another {@link ProcessStarter} (as the Jenkins step's launcher does) get the same command
 * line and environment as local ones, and how they end is classified the same way.
 */
class ProcessStarterTest {
    @TempDir
    Path temp;

    /** Starts through the local starter and records what it was asked to start. */
    static final class Recording implements ProcessStarter {
        final List<List<String>> commands = new ArrayList<>();
        final List<Map<String, String>> environments = new ArrayList<>();

        @Override
        public Started start(List<String> command, Map<String, String> environment, Path directory, Path stdin)
                throws IOException {
            commands.add(command);
            environments.add(environment);
            return LOCAL.start(command, environment, directory, stdin);
        }
    }

    @Test
    void anotherStarterRunsTheBackendsCommandLineWithTheAllowListedEnvironmentAndTheSameClassification()
            throws Exception {
        AgentFixture fx = new AgentFixture(temp);
        Path agent = fx.script("agent.sh", """
                #!/bin/bash
                echo "stdin: $(cat)"
                echo "429 Too Many Requests: usage limit reached"
                exit 1
                """);
        Recording starter = new Recording();
        AgentOutcome outcome = new LocalAgentRunner(Clock.systemUTC(), fx.host, starter).run(fx.request("command",
                settings(30, 30, 1, List.of("agent.sh", "{prompt}"), Map.of())));

        assertThat(starter.commands).containsExactly(List.of(agent.toString(), fx.prompt.toString()));
        Map<String, String> env = starter.environments.get(0);
        assertThat(env).containsEntry("ACP_RUN_DIR", fx.runDir.toString()).containsKey("PATH")
                .doesNotContainKeys("GITHUB_TOKEN", "GH_TOKEN", "SOME_HOST_VARIABLE");
        assertThat(env.values()).noneMatch(v -> v.contains(AgentFixture.GITHUB_TOKEN));
        assertThat(outcome.failure()).isEqualTo(AgentFailure.QUOTA);
        assertThat(fx.log()).contains("stdin: Implement issue 7.");
    }
}
