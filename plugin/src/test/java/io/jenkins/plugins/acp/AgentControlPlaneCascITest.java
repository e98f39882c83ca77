package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Configuration as Code: {@code casc-full.yml} states {@code examples/profile-full.yaml} in JCasC form (same keys,
 * backends/options/templates as lists). Both must give the same engine profile.
 */
@WithJenkinsConfiguredWithCode
class AgentControlPlaneCascITest {
    @Test
    @ConfiguredWithCode("casc-full.yml")
    void theJcascProfileIsTheProfileFilesProfile(JenkinsConfiguredWithCodeRule r) {
        Profile fromFile = ProfileLoader.load(Path.of("..", "examples", "profile-full.yaml")).orElseThrow();

        ProfileConfig widgets = AgentControlPlaneConfiguration.get().profile("widgets").orElseThrow();

        assertThat(widgets.toProfile()).isEqualTo(fromFile);
        assertThat(widgets.getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(widgets.getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(widgets.isEnabled()).isTrue();
        assertThat(AgentControlPlaneConfiguration.get().profile("demo").orElseThrow().toProfile())
                .isEqualTo(ProfileLoader.load(Path.of("..", "examples", "profile-minimal.yaml")).orElseThrow());
    }

    @Test
    @ConfiguredWithCode("casc-full.yml")
    void theExportImportsBackToTheSameProfiles(JenkinsConfiguredWithCodeRule r) throws Exception {
        List<Profile> before = AgentControlPlaneConfiguration.get().getProfiles().stream().map(ProfileConfig::toProfile)
                .toList();
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("agentControlPlane");
        String yaml = "unclassified:\n  agentControlPlane:\n"
                + Util.toYamlString(exported).lines().map(l -> "    " + l).collect(Collectors.joining("\n")) + "\n";
        AgentControlPlaneConfiguration.get().setProfiles(List.of());

        ConfigurationAsCode.get().configureWith(YamlSource.of(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));

        assertThat(AgentControlPlaneConfiguration.get().getProfiles().stream().map(ProfileConfig::toProfile).toList())
                .as(yaml).isEqualTo(before);
        assertThat(AgentControlPlaneConfiguration.get().profile("demo").orElseThrow().toProfile().trust()
                .minimumPermission().wireName()).isEqualTo("write");
    }
}
