package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.acp.config.RepositoryConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks the global configuration applies to its list of profiles before accepting it. */
class ConfigurationProblemsTest {
    @Test
    void validProfilesHaveNoProblems() {
        assertThat(AgentControlPlaneConfiguration.problems(List.of(profile("a"), profile("b")))).isEmpty();
    }

    @Test
    void repeatedIdsShortIntervalsAndProfileProblemsAreListed() {
        ProfileConfig shortInterval = profile("b");
        shortInterval.setHeartbeatIntervalSeconds(5);
        ProfileConfig bad = new ProfileConfig("c", new RepositoryConfig("nope"));

        assertThat(AgentControlPlaneConfiguration.problems(List.of(profile("a"), profile("a"), shortInterval, bad)))
                .containsExactly(
                        "profiles[1].id: profile id 'a' is already used by profiles[0]",
                        "Jenkins profile 'b': heartbeatIntervalSeconds: must be at least 10, got 5",
                        "Jenkins profile 'c': repository.slug: must be 'owner/repo' as on GitHub, got 'nope'");
    }

    private static ProfileConfig profile(String id) {
        return new ProfileConfig(id, new RepositoryConfig("acme/" + id));
    }
}
