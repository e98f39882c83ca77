package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.LimitsConfig;
import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.acp.config.ProfileConversion;
import io.jenkins.plugins.acp.config.RepositoryConfig;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** The global configuration in a real Jenkins: the form round trip, persistence and permission checks. */
@WithJenkins
class AgentControlPlaneConfigurationITest {
    private static Profile full() {
        return ProfileLoader.load(Path.of("..", "examples", "profile-full.yaml")).orElseThrow();
    }

    private static ProfileConfig fullConfig() {
        ProfileConfig config = ProfileConversion.fromProfile(full());
        config.setWorkerJob("agents/widgets-worker");
        config.setHeartbeatIntervalSeconds(120);
        config.setEnabled(false);
        return config;
    }

    /**
     * HtmlUnit's round trip of the whole system configuration page (not run against the Jenkins built from source:
     * {@link FromSourceJenkins}; {@link AgentControlPlaneFormITest} drives the same form with Chromium, and
     * {@code theSubmittedFormIsBoundThroughConfigSubmit} posts the form's JSON).
     */
    @Test
    @Tag(FromSourceJenkins.HTMLUNIT_CONFIG_FORM)
    @Tag(FromSourceJenkins.JELLY_PUBLIC_FIELDS)
    void theSystemFormKeepsEverySetting(JenkinsRule r) throws Exception {
        ProfileConfig minimal = new ProfileConfig("demo", new RepositoryConfig("acme/demo"));
        AgentControlPlaneConfiguration.get().setProfiles(List.of(fullConfig(), minimal));

        r.configRoundtrip();

        List<ProfileConfig> after = AgentControlPlaneConfiguration.get().getProfiles();
        assertThat(after).hasSize(2);
        assertThat(after.get(0).toProfile()).isEqualTo(full());
        assertThat(after.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(after.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(after.get(0).isEnabled()).isFalse();
        assertThat(after.get(1).toProfile()).isEqualTo(minimal.toProfile());
        assertThat(after.get(1).isEnabled()).isTrue();
    }

    @Test
    void profilesArePersistedAndLoadedBack(JenkinsRule r) {
        AgentControlPlaneConfiguration.get().setProfiles(List.of(fullConfig()));

        AgentControlPlaneConfiguration reloaded = new AgentControlPlaneConfiguration();

        assertThat(reloaded.getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.toProfile()).isEqualTo(full());
            assertThat(p.getWorkerJob()).isEqualTo("agents/widgets-worker");
        });
    }

    @Test
    void anInvalidProfileIsRefusedWithItsField(JenkinsRule r) {
        ProfileConfig bad = new ProfileConfig("demo", new RepositoryConfig("acme/demo"));
        bad.getLimits().setMaxWorkers(0);

        assertThatThrownBy(() -> AgentControlPlaneConfiguration.get().setProfiles(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits.maxWorkers");
        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).isEmpty();
    }

    @Test
    void formMethodsAnswerOnlyAdministrators(JenkinsRule r) {
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("alice"));
        ProfileConfig.DescriptorImpl profile = ExtensionList.lookupSingleton(ProfileConfig.DescriptorImpl.class);
        LimitsConfig.DescriptorImpl limits = ExtensionList.lookupSingleton(LimitsConfig.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as2(user("alice"))) {
            assertThatThrownBy(() -> profile.doTestConnection("some-id", "http://127.0.0.1:1/", "acme/widgets"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(profile.doFillCredentialsIdItems("", "")).isEmpty();
            assertThat(profile.doCheckId("Not Valid").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(limits.doCheckMaxWorkers("0").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(profile.doCheckWorkerJob("anything").kind).isEqualTo(FormValidation.Kind.OK);
        }
        try (ACLContext ignored = ACL.as2(user("admin"))) {
            assertThat(profile.doCheckId("Not Valid").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(limits.doCheckMaxWorkers("0").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(limits.doCheckMaxWorkers("5").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(profile.doCheckWorkerJob("no-such-job").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(profile.doFillCredentialsIdItems("", "")).isNotEmpty(); // the empty choice
        }
    }

    private static UsernamePasswordAuthenticationToken user(String name) {
        return new UsernamePasswordAuthenticationToken(name, "", List.of());
    }
}
