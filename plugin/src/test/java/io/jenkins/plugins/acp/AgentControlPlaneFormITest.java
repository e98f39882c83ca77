package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The system configuration form submitted by Chromium ({@code e2e/jenkins-form.mjs}): the browser runs Jenkins' own
 * scripts, applies the fields' defaults and submits what a user's browser submits, and Jenkins binds it through
 * {@code /configSubmit}. (HtmlUnit's {@code configRoundtrip()} cannot submit this page in the Jenkins built from
 * source here, and that build cannot render the page at all: {@link FromSourceJenkins}.)
 */
@WithJenkins
@Tag(FromSourceJenkins.JELLY_PUBLIC_FIELDS)
class AgentControlPlaneFormITest {
    private static final BrowserScript FORM = new BrowserScript("jenkins-form.mjs");

    @Test
    void savingTheFormUnchangedKeepsEverySetting(JenkinsRule r) throws Exception {
        Path file = Path.of("..", "examples", "profile-full.yaml");
        Profile full = ProfileLoader.load(file).orElseThrow();
        ProfileConfig fullConfig = new ProfileConfig(Files.readString(file));
        fullConfig.setWorkerJob("agents/widgets-worker");
        fullConfig.setHeartbeatIntervalSeconds(120);
        fullConfig.setEnabled(false);
        ProfileConfig minimal = new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\n");
        AgentControlPlaneConfiguration.get().setProfiles(List.of(fullConfig, minimal));

        BrowserScript.Result result = FORM.run(r.getURL().toString(), "save");

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<ProfileConfig> after = AgentControlPlaneConfiguration.get().getProfiles();
        assertThat(after).hasSize(2);
        assertThat(after.get(0).getYaml()).isEqualTo(Files.readString(file));
        assertThat(after.get(0).toProfile()).isEqualTo(full);
        assertThat(after.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(after.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(after.get(0).isEnabled()).isFalse();
        assertThat(after.get(1).toProfile()).isEqualTo(minimal.toProfile());
        assertThat(after.get(1).isEnabled()).isTrue();
    }

    @Test
    void aProfileAddedThroughTheFormGetsTheEngineDefaults(JenkinsRule r) throws Exception {
        BrowserScript.Result result = FORM.run(r.getURL().toString(), "add-profile", "demo", "acme/demo");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo("demo");
            assertThat(p.isEnabled()).isTrue();
            // every setting the scaffold leaves out is the engine's default: trust `write` above all
            assertThat(p.toProfile().limits()).isEqualTo(
                    new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\n").toProfile().limits());
            assertThat(p.toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
        });
    }
}
