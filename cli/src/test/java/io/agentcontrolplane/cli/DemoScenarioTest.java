package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.SandboxMain;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's end-state checker judges the sandbox's own state: nothing is reached on the fresh seed but the untrusted
 * issue's being untouched, and an end state counts only once GitHub shows it (merged, closed, commented).
 */
class DemoScenarioTest {
    GitHubSandbox sandbox;
    SandboxRepo repo;

    @BeforeEach
    void start() {
        sandbox = SandboxCommand.start(SandboxMain.DEMO, 0, null, new HashMap<>());
        repo = sandbox.repo(SandboxMain.DEMO_REPO);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Map<Integer, Boolean> reached(List<DemoScenario.Check> checks) {
        Map<Integer, Boolean> out = new HashMap<>();
        checks.forEach(c -> out.put(c.issue(), c.reached()));
        return out;
    }

    @Test
    void theFreshSeedReachesOnlyTheUntouchedUntrustedIssue() {
        List<DemoScenario.Check> checks = DemoScenario.check(repo);
        assertThat(checks).hasSize(7);
        assertThat(reached(checks)).containsEntry(6, true).containsEntry(1, false).containsEntry(2, false)
                .containsEntry(3, false).containsEntry(4, false).containsEntry(5, false).containsEntry(0, false);
        assertThat(DemoScenario.allReached(checks)).isFalse();
        assertThat(DemoScenario.story(repo, List.of(), checks)).contains("ok  #6 Add a command that deletes files"
                + " (untrusted author)").contains("--  #1 Add a subtract command (normal)")
                .contains("1 of 7 end states reached");
    }

    @Test
    void endStatesCountOnlyWhenGitHubShowsThem() {
        String calc = repo.fileContent("main", "calc.sh");
        repo.createBranchWithCommit("agent/calc/issue-1-sub", "main", Map.of("calc.sh",
                calc.replace("  *)", "  sub) echo $((a - b)) ;;\n  *)")), "sub");
        int pr = repo.openPullRequest("acp-bot", "Add a subtract command", "Closes #1", "agent/calc/issue-1-sub",
                "main", false);
        assertThat(reached(DemoScenario.check(repo))).containsEntry(1, false);
        repo.merge(pr, "acp-bot", "squash");
        assertThat(reached(DemoScenario.check(repo))).as("merged, but the issue is still open").containsEntry(1, false);
        repo.close(1, "acp-bot");
        assertThat(reached(DemoScenario.check(repo))).containsEntry(1, true);

        repo.addComment(3, "acp-bot", "Scheduled check: `sh test.sh` passes (2 tests pass).");
        assertThat(reached(DemoScenario.check(repo))).containsEntry(3, true);

        repo.addComment(6, "acp-bot", "Looking into it");
        assertThat(reached(DemoScenario.check(repo))).as("the untrusted issue was touched").containsEntry(6, false);
    }
}
