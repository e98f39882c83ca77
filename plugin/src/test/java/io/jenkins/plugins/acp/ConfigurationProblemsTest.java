package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
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
        ProfileConfig bad = new ProfileConfig("id: c\nrepository:\n  slug: nope\n");

        assertThat(AgentControlPlaneConfiguration.problems(List.of(profile("a"), profile("a"), shortInterval, bad)))
                .containsExactly(
                        "profiles[1].id: profile id 'a' is already used by profiles[0]",
                        "Jenkins profile 'b': heartbeatIntervalSeconds: must be at least 10, got 5",
                        "Jenkins profile 'c': repository.slug: must be 'owner/repo' as on GitHub, got 'nope' (line 3)");
    }

    @Test
    void theCredentialsGivenTwiceDifferentlyAreAProblem() {
        ProfileConfig both = new ProfileConfig("id: a\nrepository: {slug: acme/a}\ncredentials: {credentialsId: one}\n");
        both.setCredentialsId("two");
        ProfileConfig same = new ProfileConfig("id: b\nrepository: {slug: acme/b}\ncredentials: {credentialsId: one}\n");
        same.setCredentialsId("one");

        assertThat(AgentControlPlaneConfiguration.problems(List.of(both, same))).singleElement().asString()
                .startsWith("Jenkins profile 'a': credentials.credentialsId: is 'one' in the profile text but 'two'");
        assertThat(same.getCredentialsId()).isEqualTo("one");
        assertThat(profile("c").getCredentialsId()).isNull();
    }

    @Test
    void theCredentialsOfTheFileAreUsedWhenJenkinsNamesNone() {
        ProfileConfig file = new ProfileConfig("id: a\nrepository: {slug: acme/a}\ncredentials: {credentialsId: one}\n");

        assertThat(file.getCredentialsId()).isEqualTo("one");
        assertThat(file.toProfile().credentials().credentialsId()).isEqualTo("one");
    }

    @Test
    void aProfileThatDoesNotParseKeepsItsIdAndSaysWhereItBreaks() {
        ProfileConfig broken = new ProfileConfig("id: broken\nrepository: {slug: acme/b\n");

        assertThat(broken.getId()).isNull(); // the text is not YAML: not even the id can be read
        assertThat(AgentControlPlaneConfiguration.problems(List.of(broken))).singleElement().asString()
                .startsWith("Jenkins profile '': is not valid YAML").contains("line ");
        ProfileConfig invalid = new ProfileConfig("id: invalid\nrepository: {slug: acme/x}\nlimits: {maxWorkers: 0}\n");
        assertThat(invalid.getId()).isEqualTo("invalid");
    }

    private static ProfileConfig profile(String id) {
        return new ProfileConfig("id: " + id + "\nrepository:\n  slug: acme/" + id + "\n");
    }
}
