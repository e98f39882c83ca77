package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.acp.config.RepositoryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A configuration file written before most settings existed (only a profile's id, repository and credentials):
 * XStream skips field initialisers, so every missing setting must still load as the engine's default.
 */
@WithJenkins
class OlderConfigurationITest {
    private static final String OLD_XML = """
            <?xml version='1.1' encoding='UTF-8'?>
            <io.jenkins.plugins.acp.AgentControlPlaneConfiguration plugin="agent-control-plane@0.0.1">
              <profiles>
                <io.jenkins.plugins.acp.config.ProfileConfig>
                  <id>old</id>
                  <repository>
                    <slug>acme/old</slug>
                  </repository>
                  <credentialsId>old-token</credentialsId>
                </io.jenkins.plugins.acp.config.ProfileConfig>
              </profiles>
            </io.jenkins.plugins.acp.AgentControlPlaneConfiguration>
            """;

    @Test
    void missingSettingsLoadAsTheDefaults(JenkinsRule r) throws Exception {
        Path file = r.jenkins.getRootDir().toPath().resolve(AgentControlPlaneConfiguration.class.getName() + ".xml");
        Files.writeString(file, OLD_XML, StandardCharsets.UTF_8);

        AgentControlPlaneConfiguration loaded = new AgentControlPlaneConfiguration();

        ProfileConfig expected = new ProfileConfig("old", new RepositoryConfig("acme/old"));
        expected.setCredentialsId("old-token");
        assertThat(loaded.getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.isEnabled()).as("enabled").isTrue();
            assertThat(p.getHeartbeatIntervalSeconds()).isEqualTo(ProfileConfig.DEFAULT_HEARTBEAT_INTERVAL_SECONDS);
            assertThat(p.getTrust()).as("trust section").isNotNull();
            assertThat(p.getLimits()).as("limits section").isNotNull();
            assertThat(p.toProfile()).isEqualTo(expected.toProfile());
            assertThat(p.toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
        });
    }
}
