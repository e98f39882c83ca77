package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** The global configuration in a real Jenkins: the form round trip, persistence, the text's checks, permissions. */
@WithJenkins
class AgentControlPlaneConfigurationITest {
    private static final Path FULL = Path.of("..", "examples", "profile-full.yaml");

    private static Profile full() {
        return ProfileLoader.load(FULL).orElseThrow();
    }

    private static ProfileConfig fullConfig() throws Exception {
        ProfileConfig config = new ProfileConfig(Files.readString(FULL));
        config.setWorkerJob("agents/widgets-worker");
        config.setHeartbeatIntervalSeconds(120);
        config.setEnabled(false);
        return config;
    }

    /**
     * HtmlUnit's round trip of the whole system configuration page (not run against the Jenkins built from source:
     * {@link FromSourceJenkins}; {@link AgentControlPlaneFormITest} drives the same form with Chromium, and
     * {@link ConfigurationBindingITest} binds the form's JSON).
     */
    @Test
    @Tag(FromSourceJenkins.HTMLUNIT_CONFIG_FORM)
    @Tag(FromSourceJenkins.JELLY_PUBLIC_FIELDS)
    void theSystemFormKeepsEverySetting(JenkinsRule r) throws Exception {
        ProfileConfig minimal = new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\n");
        AgentControlPlaneConfiguration.get().setProfiles(List.of(fullConfig(), minimal));

        r.configRoundtrip();

        List<ProfileConfig> after = AgentControlPlaneConfiguration.get().getProfiles();
        assertThat(after).hasSize(2);
        assertThat(after.get(0).getYaml()).isEqualTo(Files.readString(FULL));
        assertThat(after.get(0).toProfile()).isEqualTo(full());
        assertThat(after.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(after.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(after.get(0).isEnabled()).isFalse();
        assertThat(after.get(1).toProfile()).isEqualTo(minimal.toProfile());
        assertThat(after.get(1).isEnabled()).isTrue();
    }

    @Test
    void profilesArePersistedAndLoadedBack(JenkinsRule r) throws Exception {
        AgentControlPlaneConfiguration.get().setProfiles(List.of(fullConfig()));

        AgentControlPlaneConfiguration reloaded = new AgentControlPlaneConfiguration();

        assertThat(reloaded.getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.getYaml()).isEqualTo(Files.readString(FULL));
            assertThat(p.toProfile()).isEqualTo(full());
            assertThat(p.getWorkerJob()).isEqualTo("agents/widgets-worker");
            assertThat(p.getHeartbeatIntervalSeconds()).isEqualTo(120);
            assertThat(p.isEnabled()).isFalse();
        });
    }

    @Test
    void anInvalidProfileIsRefusedWithItsFieldAndLine(JenkinsRule r) {
        ProfileConfig bad = new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\nlimits:\n  maxWorkers: 0\n");

        assertThatThrownBy(() -> AgentControlPlaneConfiguration.get().setProfiles(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Jenkins profile 'demo': limits.maxWorkers: must be at least 1, got 0 (line 4)");
        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).isEmpty();
    }

    @Test
    void aNewProfileStartsFromTheEnginesScaffoldWhichIsValid(JenkinsRule r) {
        ProfileConfig.DescriptorImpl descriptor = ExtensionList.lookupSingleton(ProfileConfig.DescriptorImpl.class);

        String scaffold = descriptor.getNewProfileYaml();

        assertThat(scaffold).startsWith("# A new profile").contains("schemaVersion: 1", "id: my-repo",
                "slug: owner/my-repo", "backend: claude").doesNotContain("trust");
        assertThat(descriptor.doCheckYaml(scaffold).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(new ProfileConfig(scaffold).toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
    }

    @Test
    void theTextIsCheckedByTheEngineWithFieldAndLine(JenkinsRule r) {
        ProfileConfig.DescriptorImpl descriptor = ExtensionList.lookupSingleton(ProfileConfig.DescriptorImpl.class);

        FormValidation check = descriptor.doCheckYaml("id: demo\nrepository:\n  slug: acme/demo\ntrust:\n"
                + "  minimumPermission: everyone\n");

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.renderHtml()).contains("<code>trust.minimumPermission</code>", "(line 5)");
    }

    @Test
    void theHelpOfTheTextLinksTheEnginesProfileReference(JenkinsRule r) throws Exception {
        String help = Files.readString(Path.of("src", "main", "resources", "io", "jenkins", "plugins", "acp", "config",
                "ProfileConfig", "help-yaml.html"));
        Matcher link = Pattern.compile("href=\"\\.\\./([^\"]+)\"").matcher(help);
        assertThat(link.find()).as("a link from the configuration page (manage/configure)").isTrue();

        String page = r.createWebClient().goTo(link.group(1), "text/plain").getWebResponse().getContentAsString();

        assertThat(page).isEqualTo(Files.readString(Path.of("..", "docs", "profile.md")));
    }

    @Test
    void formMethodsAnswerOnlyAdministrators(JenkinsRule r) {
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("alice"));
        ProfileConfig.DescriptorImpl profile = ExtensionList.lookupSingleton(ProfileConfig.DescriptorImpl.class);
        String bad = "id: Not Valid\nrepository: {slug: acme/widgets}\n";
        String sandbox = "id: demo\nrepository: {slug: acme/widgets, apiUrl: 'http://127.0.0.1:1/'}\n";

        try (ACLContext ignored = ACL.as2(user("alice"))) {
            assertThatThrownBy(() -> profile.doTestConnection("some-id", sandbox))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(profile.doFillCredentialsIdItems("", sandbox)).isEmpty();
            assertThat(profile.doCheckYaml(bad).kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(profile.doCheckWorkerJob("anything").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(profile.doCheckCredentialsId("nope", sandbox).kind).isEqualTo(FormValidation.Kind.OK);
        }
        try (ACLContext ignored = ACL.as2(user("admin"))) {
            assertThat(profile.doCheckYaml(bad).kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(profile.doCheckWorkerJob("no-such-job").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(profile.doCheckHeartbeatIntervalSeconds("5").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(profile.doCheckHeartbeatIntervalSeconds("30").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(profile.doCheckCredentialsId("nope", sandbox).kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(profile.doCheckCredentialsId("two", sandbox.replace("}\n", "}\ncredentials: {credentialsId: one}\n"))
                    .renderHtml()).contains("is &#039;one&#039; in the profile text but &#039;two&#039;");
            assertThat(profile.doFillCredentialsIdItems("", sandbox)).isNotEmpty(); // the empty choice
            assertThat(profile.doTestConnection("", bad).kind).as("an invalid text is not connected")
                    .isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    private static UsernamePasswordAuthenticationToken user(String name) {
        return new UsernamePasswordAuthenticationToken(name, "", List.of());
    }
}
