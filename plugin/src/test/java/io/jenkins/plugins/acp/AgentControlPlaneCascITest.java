package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Configuration as Code: {@code casc-full.yml} holds {@code examples/profile-full.yaml} and
 * {@code examples/profile-minimal.yaml} pasted unchanged; each profile is exactly its file, and the export imports
 * back to the same configuration.
 */
@WithJenkinsConfiguredWithCode
class AgentControlPlaneCascITest {
    private static final Path FULL = Path.of("..", "examples", "profile-full.yaml");
    private static final Path MINIMAL = Path.of("..", "examples", "profile-minimal.yaml");

    @Test
    @ConfiguredWithCode("casc-full.yml")
    void aProfileFilePastedIntoJcascIsThatProfile(JenkinsConfiguredWithCodeRule r) throws Exception {
        ProfileConfig widgets = AgentControlPlaneConfiguration.get().profile("widgets").orElseThrow();

        assertThat(widgets.getYaml()).isEqualTo(Files.readString(FULL));
        assertThat(widgets.toProfile()).isEqualTo(ProfileLoader.load(FULL).orElseThrow());
        assertThat(widgets.getCredentialsId()).as("the file's credentials.credentialsId").isEqualTo("widgets-github-app");
        assertThat(widgets.getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(widgets.getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(widgets.isEnabled()).isTrue();
        ProfileConfig demo = AgentControlPlaneConfiguration.get().profile("demo").orElseThrow();
        assertThat(demo.toProfile()).isEqualTo(ProfileLoader.load(MINIMAL).orElseThrow());
        assertThat(demo.toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
    }

    @Test
    @ConfiguredWithCode("casc-full.yml")
    void theExportImportsBackToTheSameProfiles(JenkinsConfiguredWithCodeRule r) throws Exception {
        List<ProfileConfig> before = AgentControlPlaneConfiguration.get().getProfiles();
        String yaml = export();
        AgentControlPlaneConfiguration.get().setProfiles(List.of());

        configure(yaml);

        List<ProfileConfig> after = AgentControlPlaneConfiguration.get().getProfiles();
        assertThat(after.stream().map(ProfileConfig::getYaml).toList()).as(yaml)
                .isEqualTo(before.stream().map(ProfileConfig::getYaml).toList());
        assertThat(after.stream().map(ProfileConfig::toProfile).toList())
                .isEqualTo(before.stream().map(ProfileConfig::toProfile).toList());
        assertThat(after.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(after.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(yaml).as("the profile text is exported as a block, readable as the file").contains("yaml: |");
    }

    @Test
    @ConfiguredWithCode("casc-full.yml")
    void anInvalidProfileInJcascIsRefusedAndTheProfilesStay(JenkinsConfiguredWithCodeRule r) {
        List<Profile> before = AgentControlPlaneConfiguration.get().getProfiles().stream().map(ProfileConfig::toProfile)
                .toList();

        assertThatThrownBy(() -> configure("""
                unclassified:
                  agentControlPlane:
                    profiles:
                      - yaml: |
                          id: demo
                          repository:
                            slug: acme/widgets
                          limits:
                            maxWorkers: 0
                """)).hasStackTraceContaining("Jenkins profile 'demo': limits.maxWorkers: must be at least 1, got 0 (line 5)");

        assertThat(AgentControlPlaneConfiguration.get().getProfiles().stream().map(ProfileConfig::toProfile).toList())
                .isEqualTo(before);
    }

    private static String export() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("agentControlPlane");
        return "unclassified:\n  agentControlPlane:\n"
                + Util.toYamlString(exported).lines().map(l -> "    " + l).collect(Collectors.joining("\n")) + "\n";
    }

    private static void configure(String yaml) throws Exception {
        ConfigurationAsCode.get().configureWith(YamlSource.of(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }
}
