package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Configuration as Code: {@code examples/profile-full.yaml} and {@code examples/profile-minimal.yaml} pasted
 * unchanged under {@code yaml: |}, as a user pastes them (the JCasC text is made from the files as they are now);
 * each profile is exactly its file, and the export imports back to the same configuration.
 */
@WithJenkins
class AgentControlPlaneCascITest {
    private static final Path FULL = Path.of("..", "examples", "profile-full.yaml");
    private static final Path MINIMAL = Path.of("..", "examples", "profile-minimal.yaml");

    /** The JCasC of docs/jenkins.md: the two example files pasted, with the Jenkins settings beside the first. */
    static String pasted() throws Exception {
        return """
                unclassified:
                  agentControlPlane:
                    profiles:
                      - workerJob: agents/widgets-worker
                        heartbeatIntervalSeconds: 120
                        yaml: |
                """ + indented(Files.readString(FULL)) + """
                      - yaml: |
                """ + indented(Files.readString(MINIMAL));
    }

    private static String indented(String file) {
        return file.lines().map(l -> l.isEmpty() ? l : "          " + l).collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void aProfileFilePastedIntoJcascIsThatProfile(JenkinsRule r) throws Exception {
        configure(pasted());

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
    void theExportImportsBackToTheSameProfiles(JenkinsRule r) throws Exception {
        configure(pasted());
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
    void anInvalidProfileInJcascIsRefusedAndTheProfilesStay(JenkinsRule r) throws Exception {
        configure(pasted());
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
