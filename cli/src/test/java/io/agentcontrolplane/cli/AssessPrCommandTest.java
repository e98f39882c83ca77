package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.assess.Assessment;
import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acp assess-pr}: from the documented example file, from a malformed one, and live from the sandbox. */
class AssessPrCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path PROFILE = ROOT.resolve("examples/plan/profile.yaml");
    private static final Path PR = ROOT.resolve("examples/assess/pr.json");

    @TempDir
    Path dir;

    private static CliResult run(Map<String, String> env, String... args) {
        return CliResult.run(env, args);
    }

    @Test
    void theExampleMigrationWaitsForAHumanAndEveryConclusionNamesItsRule() {
        CliResult r = run(Map.of(), "assess-pr", "--profile", PROFILE.toString(), "--pr-file", PR.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("PR #12: lane human-review", "Risk critical-infra",
                "db/migrations/0042_users.sql is system-breaking", "because matches assessment.systemBreakingPaths");
        CliResult json = run(Map.of(), "assess-pr", "--profile", PROFILE.toString(), "--pr-file", PR.toString(),
                "--json");
        Assessment a = Json.read("out", json.out(), Assessment.class);
        assertThat(a.lane()).isEqualTo(PrLane.HUMAN_REVIEW);
        assertThat(a.missingReasons()).containsExactly("system-breaking-risk-scope");
    }

    @Test
    void aMalformedFileNamesTheField() throws Exception {
        Path bad = dir.resolve("pr.json");
        Files.writeString(bad, "{\"number\": 3, \"fils\": []}");
        CliResult r = run(Map.of(), "assess-pr", "--profile", PROFILE.toString(), "--pr-file", bad.toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("pr.json: fils: unknown field 'fils'");
        CliResult neither = run(Map.of(), "assess-pr", "--profile", PROFILE.toString());
        assertThat(neither.code()).isNotZero();
        assertThat(neither.err()).contains("--pr");
    }

    @Test
    void livePrIsReadFromGitHub() throws Exception {
        try (GitHubSandbox sandbox = GitHubSandbox.builder().user("acp-bot", "bot-token").repo("acme/widgets")
                .permission("acme/widgets", "acp-bot", Permission.ADMIN).build().start()) {
            SandboxRepo repo = sandbox.repo("acme/widgets");
            repo.createBranchWithCommit("agent/widgets/issue-1-x", "main", Map.of(".github/workflows/ci.yml",
                    "on: push\n"), "ci");
            int pr = repo.openPullRequest("acp-bot", "CI", "Closes #1", "agent/widgets/issue-1-x", "main", false);
            Path profile = dir.resolve("widgets.yaml");
            Files.writeString(profile, "id: widgets\nrepository:\n  slug: acme/widgets\n  apiUrl: "
                    + sandbox.baseUrl() + "\ncredentials:\n  tokenEnv: TOKEN\nworkspace:\n  root: " + dir.resolve("ws")
                    + "\n");
            CliResult r = run(Map.of("TOKEN", "bot-token"), "assess-pr", "--profile", profile.toString(), "--pr",
                    String.valueOf(pr));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("PR #" + pr + ": lane double-check-1", "Risk critical-infra");
            CliResult missing = run(Map.of("TOKEN", "bot-token"), "assess-pr", "--profile", profile.toString(), "--pr",
                    "99");
            assertThat(missing.code()).isEqualTo(AcpCommand.EXIT_INVALID);
            assertThat(missing.err()).contains("no open pull request #99");
        }
    }
}
