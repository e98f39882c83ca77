package io.jenkins.plugins.acp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.profile.ProfileWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ProfileConfig and the engine's Profile carry the same settings, and Jenkins validates as the engine does. */
class ProfileConversionTest {
    static Profile example(String name) {
        LoadedProfile loaded = ProfileLoader.load(Path.of("..", "examples", name));
        assertThat(loaded.problems()).as(name).isEmpty();
        return loaded.profile();
    }

    @Test
    void theFullExampleSurvivesTheRoundTripThroughTheJenkinsConfiguration() {
        Profile full = example("profile-full.yaml");
        ProfileConfig config = ProfileConversion.fromProfile(full);

        assertThat(config.toProfile()).isEqualTo(full);
        assertThat(config.getCredentialsId()).isEqualTo("widgets-github-app");
        assertThat(config.getAgent().getBackends()).extracting(BackendConfig::getName).containsExactly("claude", "codex", "command");
        assertThat(config.getTemplates()).hasSize(9);
    }

    @Test
    void theJenkinsTreeIsTheTreeTheEngineWrites() {
        Profile full = example("profile-full.yaml");
        assertThat(ProfileConversion.toTree(ProfileConversion.fromProfile(full))).isEqualTo(ProfileWriter.toTree(full));
    }

    @Test
    void theMinimalExampleSurvivesTheRoundTrip() {
        Profile minimal = example("profile-minimal.yaml");
        assertThat(ProfileConversion.fromProfile(minimal).toProfile()).isEqualTo(minimal);
    }

    @Test
    void aNewConfigurationHasTheEnginesDefaults() {
        ProfileConfig config = new ProfileConfig("demo", new RepositoryConfig("acme/widgets"));
        assertThat(config.toProfile()).isEqualTo(example("profile-minimal.yaml"));
        assertThat(config.getHeartbeatIntervalSeconds()).isEqualTo(60);
        assertThat(config.isEnabled()).isTrue();
        assertThat(config.getLimits().getMaxWorkers()).isEqualTo(Profile.Limits.defaults().maxWorkers());
        assertThat(config.getLimits().getMaxLaunchesPerHeartbeat()).as("follows maxWorkers, as in the engine").isNull();
    }

    @Test
    void problemsNameTheFieldAsAProfileFileWould() {
        ProfileConfig config = new ProfileConfig("demo", new RepositoryConfig("not a slug"));
        config.getLimits().setMaxWorkers(0);
        AgentConfig agent = new AgentConfig();
        agent.setBackend("cladue");
        config.setAgent(agent);

        List<ProfileProblem> problems = config.load().problems();

        assertThat(problems).extracting(ProfileProblem::field)
                .contains("repository.slug", "limits.maxWorkers", "agent.backend");
        assertThat(problems).extracting(ProfileProblem::file).containsOnly("Jenkins profile 'demo'");
        assertThat(problems).extracting(ProfileProblem::message).noneMatch(m -> m.contains("(line"));
        assertThatThrownBy(config::toProfile)
                .hasMessageContaining("Jenkins profile 'demo': limits.maxWorkers: must be at least 1, got 0")
                .hasMessageContaining("did you mean 'claude'?");
    }

    @Test
    void aBackendOrLaneGivenTwiceIsAProblemOfTheList() {
        ProfileConfig config = new ProfileConfig("demo", new RepositoryConfig("acme/widgets"));
        AgentConfig agent = new AgentConfig();
        agent.setBackends(List.of(new BackendConfig("codex"), new BackendConfig("codex")));
        config.setAgent(agent);
        config.setTemplates(List.of(new TemplateConfig("fix", "a.md"), new TemplateConfig("fix", "b.md")));

        assertThat(config.load().problems()).extracting(ProfileProblem::field)
                .containsExactlyInAnyOrder("agent.backends[1].name", "templates[1].lane");
    }

    @Test
    void nestedSettingsAreCheckedByTheEngine() {
        ProfileConfig config = new ProfileConfig("demo", new RepositoryConfig("acme/widgets"));
        BackendConfig claude = new BackendConfig("claude");
        claude.setEffort("huge");
        claude.setCommand(List.of());
        AgentConfig agent = new AgentConfig();
        agent.setBackends(List.of(claude));
        agent.setPools(List.of(new PoolConfig("p", "nope")));
        config.setAgent(agent);
        config.getSchedules().setRetryCooldowns(List.of(0));

        assertThat(config.load().problems()).extracting(ProfileProblem::field)
                .contains("agent.backends.claude.effort", "agent.backends.claude.command", "agent.pools[0].backend",
                        "schedules.retryCooldowns[0]");
    }
}
