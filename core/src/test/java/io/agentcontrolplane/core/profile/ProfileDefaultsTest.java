package io.agentcontrolplane.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults a minimal profile gets are the ones docs/profile.md documents. */
class ProfileDefaultsTest {
    private final Profile p = Fixtures.load(Fixtures.MINIMAL).orElseThrow();

    @Test
    void limitDefaultsAreTheHeartbeatWrappers() {
        Profile.Limits l = p.limits();
        assertThat(List.of(l.maxWorkers(), l.maxPrWorkers(), l.maxHeavyWorkers(), l.maxRecurringWorkers(),
                l.maxScheduledWorkers(), l.maxScheduledHeavyWorkers(), l.maxBlockedRecoveryWorkers(),
                l.blockedRecoveryCooldownSeconds(), l.maxOpenAgentPrsForRecurring(), l.maxLaunchesPerHeartbeat(),
                l.doubleCheckFastLaunches(), l.prReservationFloor()))
                .containsExactly(20, 12, 1, 6, 2, 1, 1, 900, 12, 20, 3, 4);
        assertThat(Fixtures.loadWith("limits: {maxWorkers: 7}\n").orElseThrow().limits().maxLaunchesPerHeartbeat())
                .isEqualTo(7);
    }

    @Test
    void theCloneUrlIsDerivedFromTheApiHostAndSlugWhenLeftOut() {
        assertThat(p.repository().cloneUrl()).isNull();
        assertThat(new Profile.RepositorySettings("acme/widgets", null, null, null).effectiveCloneUrl())
                .isEqualTo("https://github.com/acme/widgets.git");
        assertThat(new Profile.RepositorySettings("acme/widgets", null, "https://ghe.example.com/api/v3/", null)
                .effectiveCloneUrl()).isEqualTo("https://ghe.example.com/acme/widgets.git");
        assertThat(new Profile.RepositorySettings("acme/widgets", null, null, "git@example.com:acme/widgets.git")
                .effectiveCloneUrl()).isEqualTo("git@example.com:acme/widgets.git");
    }

    @Test
    void otherDefaults() {
        assertThat(p.repository().defaultBranch()).isEqualTo("main");
        assertThat(p.repository().apiUrl()).isEqualTo("https://api.github.com");
        assertThat(p.credentials().tokenEnv()).isEqualTo("GITHUB_TOKEN");
        assertThat(p.agent().backend()).isEqualTo("codex");
        assertThat(p.schedules().retryCooldowns()).containsExactly(300, 900, 1800, 3600);
        assertThat(p.schedules().providerCooldowns()).containsExactly(300, 900, 1800, 3600);
        assertThat(p.trust()).isEqualTo(new Profile.Trust(Permission.WRITE, "agent-ready"));
        assertThat(p.budget()).isEqualTo(new Profile.Budget(6, 180));
        assertThat(p.labels().needsHuman()).isEqualTo("agent-needs-human");
        assertThat(p.naming()).isEqualTo(new Profile.Naming("agent/demo/issue", "agent/demo/pr", "demo-issue-",
                "demo-pr-", List.of("agent/demo/", "codex/", "openclaw/")));
        assertThat(p.workspace()).isEqualTo(new Profile.WorkspaceSettings("~/.acp/demo", "~/.acp/demo/state",
                "~/.acp/demo/worktrees", "~/.acp/demo/runs"));
        assertThat(p.templates()).isEmpty();
    }

    @Test
    void theFullExampleSetsEveryKey() throws IOException {
        JsonNode full = new YAMLMapper().readTree(Fixtures.repoRoot().resolve("examples/profile-full.yaml").toFile());
        for (String path : ProfileKeys.knownKeyPaths()) {
            String concrete = path.replace("agent.backends.*", "agent.backends.claude").replace("[]", ".0");
            if (concrete.contains("*")) {
                continue;
            }
            assertThat(full.at("/" + concrete.replace('.', '/')).isMissingNode()).as(path).isFalse();
        }
    }
}
