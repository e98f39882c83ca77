package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Configuration files written by earlier versions, with every setting an element of its own: each profile loads as
 * the profile text stating the same settings, the file is saved in the current form and kept as it was beside it.
 */
@WithJenkins
class OlderConfigurationITest {
    /** Written before most settings existed: only a profile's id, repository and credentials. */
    private static final String OLDEST_XML = """
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

    private static Path configFile(JenkinsRule r) {
        return r.jenkins.getRootDir().toPath().resolve(AgentControlPlaneConfiguration.class.getName() + ".xml");
    }

    @Test
    void missingSettingsLoadAsTheEngineDefaultsTrustWriteAboveAll(JenkinsRule r) throws Exception {
        Files.writeString(configFile(r), OLDEST_XML, StandardCharsets.UTF_8);

        AgentControlPlaneConfiguration loaded = new AgentControlPlaneConfiguration();

        assertThat(loaded.getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.isEnabled()).as("enabled").isTrue();
            assertThat(p.getHeartbeatIntervalSeconds()).isEqualTo(ProfileConfig.DEFAULT_HEARTBEAT_INTERVAL_SECONDS);
            assertThat(p.getCredentialsId()).isEqualTo("old-token");
            assertThat(p.toProfile()).isEqualTo(ProfileLoader.load(
                    "id: old\nrepository: {slug: acme/old}\ncredentials: {credentialsId: old-token}\n", "x").profile());
            assertThat(p.toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
        });
    }

    /**
     * {@code field-by-field-config.xml} was saved by the field-by-field configuration classes (before this form) for
     * two profiles: {@code examples/profile-full.yaml} as it was then ({@code field-by-field-config-widgets.yaml})
     * with worker job, interval 120 and disabled, and a profile naming only its repository (every default stored,
     * as XStream writes Java's immutable lists, with references).
     */
    @Test
    void aFileOfTheFieldByFieldFormKeepsEveryProfileAndIsKeptAsItWas(JenkinsRule r) throws Exception {
        byte[] old;
        try (InputStream in = getClass().getResourceAsStream("field-by-field-config.xml")) {
            old = in.readAllBytes();
        }
        Files.write(configFile(r), old);

        AgentControlPlaneConfiguration loaded = new AgentControlPlaneConfiguration();

        List<ProfileConfig> profiles = loaded.getProfiles();
        assertThat(profiles).hasSize(2);
        Profile full;
        try (InputStream in = getClass().getResourceAsStream("field-by-field-config-widgets.yaml")) {
            full = ProfileLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "widgets").orElseThrow();
        }
        assertThat(profiles.get(0).toProfile()).isEqualTo(full);
        assertThat(profiles.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(profiles.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(profiles.get(0).isEnabled()).isFalse();
        assertThat(profiles.get(1).toProfile())
                .isEqualTo(ProfileLoader.load(Path.of("..", "examples", "profile-minimal.yaml")).orElseThrow());
        assertThat(profiles.get(1).toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
        assertThat(profiles.get(1).isEnabled()).isTrue();

        assertThat(Files.readAllBytes(configFile(r).resolveSibling(configFile(r).getFileName() + ".field-by-field")))
                .as("the file as it was, kept").isEqualTo(old);
        assertThat(Files.readString(configFile(r))).as("saved in the current form").contains("<yaml>")
                .doesNotContain("BackendConfig");
        AgentControlPlaneConfiguration again = new AgentControlPlaneConfiguration();
        assertThat(again.getProfiles().stream().map(ProfileConfig::toProfile).toList())
                .isEqualTo(profiles.stream().map(ProfileConfig::toProfile).toList());
        assertThat(again.getProfiles().get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
    }

    @Test
    void anUnreadableFileLoadsNoProfileAndIsKept(JenkinsRule r) throws Exception {
        Files.writeString(configFile(r), "<io.jenkins.plugins.acp.AgentControlPlaneConfiguration><profiles>",
                StandardCharsets.UTF_8);

        AgentControlPlaneConfiguration loaded = new AgentControlPlaneConfiguration();

        assertThat(loaded.getProfiles()).isEmpty();
        assertThat(Files.readString(configFile(r).resolveSibling(configFile(r).getFileName() + ".unreadable")))
                .isEqualTo("<io.jenkins.plugins.acp.AgentControlPlaneConfiguration><profiles>");
    }
}
