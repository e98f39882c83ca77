package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.nio.file.Path;
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
}
