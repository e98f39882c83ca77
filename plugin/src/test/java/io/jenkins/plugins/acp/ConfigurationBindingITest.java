package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.ExtensionList;
import hudson.model.Descriptor.FormException;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.acp.config.RepositoryConfig;
import io.jenkins.plugins.acp.config.TrustConfig;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.Stapler;

/**
 * Form binding without a browser: the JSON the configuration form submits, bound by {@code configure} inside a
 * real HTTP request (Stapler's own request binding, as {@code /configSubmit} does), and the select choices the
 * browser starts a new profile with.
 */
@WithJenkins
class ConfigurationBindingITest {
    /** What the form submits for one profile whose id and repository were typed, every other field as the page shows it. */
    private static final String NEW_PROFILE = """
            {"profiles": {"id": "demo", "enabled": true, "repository": {"slug": "acme/demo", "defaultBranch": "main",
              "apiUrl": "https://api.github.com", "cloneUrl": ""}, "credentialsId": "", "workerJob": "",
              "heartbeatIntervalSeconds": "60", "tokenEnv": "", "trust": {"minimumPermission": "write",
              "optInLabel": "agent-ready"}}}""";

    @Test
    void aSubmittedProfileIsBoundValidatedAndPublishedWhole(JenkinsRule r) throws Throwable {
        bind(r, JSONObject.fromObject(NEW_PROFILE));

        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo("demo");
            assertThat(p.toProfile()).isEqualTo(new ProfileConfig("demo", new RepositoryConfig("acme/demo")).toProfile());
        });
        assertThat(new AgentControlPlaneConfiguration().getProfiles()).as("saved").hasSize(1);
    }

    @Test
    void aRefusedFormLeavesTheProfilesAsTheyWere(JenkinsRule r) throws Throwable {
        bind(r, JSONObject.fromObject(NEW_PROFILE));
        JSONObject bad = JSONObject.fromObject(NEW_PROFILE);
        bad.getJSONObject("profiles").put("heartbeatIntervalSeconds", "1");

        assertThatThrownBy(() -> bind(r, bad)).isInstanceOf(FormException.class)
                .hasMessageContaining("heartbeatIntervalSeconds: must be at least 10");
        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).singleElement()
                .satisfies(p -> assertThat(p.getHeartbeatIntervalSeconds()).isEqualTo(60));
    }

    @Test
    void noProfileSubmittedMeansNoProfile(JenkinsRule r) throws Throwable {
        bind(r, JSONObject.fromObject(NEW_PROFILE));

        bind(r, new JSONObject());

        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).isEmpty();
    }

    @Test
    void aNewProfilesTrustSelectStartsAtTheEnginesDefault(JenkinsRule r) {
        TrustConfig.DescriptorImpl trust = ExtensionList.lookupSingleton(TrustConfig.DescriptorImpl.class);

        ListBoxModel choices = trust.doFillMinimumPermissionItems();

        // the browser selects the option marked selected, else the first (none: anyone's issue launches an agent)
        assertThat(choices).filteredOn(o -> o.selected).singleElement().satisfies(o -> assertThat(o.value).isEqualTo("write"));
    }

    private static void bind(JenkinsRule r, JSONObject json) throws Throwable {
        r.executeOnServer(() -> AgentControlPlaneConfiguration.get().configure(Stapler.getCurrentRequest2(), json));
    }

}
