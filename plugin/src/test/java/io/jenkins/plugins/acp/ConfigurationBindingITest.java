package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.ExtensionList;
import hudson.model.Descriptor.FormException;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.Stapler;

/**
 * Form binding without a browser: the JSON the configuration form submits, bound by {@code configure} inside a
 * real HTTP request (Stapler's own request binding, as {@code /configSubmit} does).
 */
@WithJenkins
class ConfigurationBindingITest {
    /** What the page submits for one profile: its text and the Jenkins settings as the page shows them. */
    private static JSONObject profile(String yaml) {
        JSONObject p = new JSONObject();
        p.put("yaml", yaml);
        p.put("credentialsId", "");
        p.put("workerJob", "");
        p.put("heartbeatIntervalSeconds", "60");
        p.put("enabled", true);
        return p;
    }

    private static JSONObject form(JSONObject... profiles) {
        JSONObject json = new JSONObject();
        if (profiles.length == 1) {
            json.put("profiles", profiles[0]); // Stapler submits one entry as an object
        } else if (profiles.length > 1) {
            json.put("profiles", JSONArray.fromObject(profiles));
        }
        return json;
    }

    /** The text a new profile starts with, with the id and the repository typed in. */
    private static String newProfile(String id, String slug) {
        String scaffold = ExtensionList.lookupSingleton(ProfileConfig.DescriptorImpl.class).getNewProfileYaml();
        return scaffold.replace("id: my-repo", "id: " + id).replace("slug: owner/my-repo", "slug: " + slug);
    }

    @Test
    void aProfileAddedThroughTheFormGetsTheEngineDefaultsTrustWriteAboveAll(JenkinsRule r) throws Throwable {
        bind(r, form(profile(newProfile("demo", "acme/demo"))));

        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo("demo");
            assertThat(p.isEnabled()).isTrue();
            assertThat(p.getHeartbeatIntervalSeconds()).isEqualTo(60);
            assertThat(p.toProfile().trust().minimumPermission().wireName()).isEqualTo("write");
            assertThat(p.toProfile().limits()).isEqualTo(ProfileLoader.load("id: x\nrepository: {slug: a/b}\n", "x")
                    .profile().limits());
        });
        assertThat(new AgentControlPlaneConfiguration().getProfiles()).as("saved").hasSize(1);
    }

    @Test
    void aProfileFileSubmittedUnchangedIsThatProfile(JenkinsRule r) throws Throwable {
        Path full = Path.of("..", "examples", "profile-full.yaml");
        JSONObject widgets = profile(Files.readString(full));
        widgets.put("workerJob", "agents/widgets-worker");
        widgets.put("heartbeatIntervalSeconds", "120");
        widgets.put("enabled", false);

        bind(r, form(widgets, profile(newProfile("demo", "acme/demo"))));

        List<ProfileConfig> after = AgentControlPlaneConfiguration.get().getProfiles();
        assertThat(after).hasSize(2);
        assertThat(after.get(0).toProfile()).isEqualTo(ProfileLoader.load(full).orElseThrow());
        assertThat(after.get(0).getYaml()).isEqualTo(Files.readString(full));
        assertThat(after.get(0).getWorkerJob()).isEqualTo("agents/widgets-worker");
        assertThat(after.get(0).getHeartbeatIntervalSeconds()).isEqualTo(120);
        assertThat(after.get(0).isEnabled()).isFalse();
        assertThat(after.get(1).getId()).isEqualTo("demo");
    }

    @Test
    void aBadProfileTextIsRefusedWithItsFieldAndLineAndTheProfilesStayAsTheyWere(JenkinsRule r) throws Throwable {
        bind(r, form(profile(newProfile("demo", "acme/demo"))));
        String saved = Files.readString(r.jenkins.getRootDir().toPath()
                .resolve(AgentControlPlaneConfiguration.class.getName() + ".xml"));

        assertThatThrownBy(() -> bind(r, form(profile("id: demo\nrepository:\n  slug: acme/demo\nlimits:\n  maxWorkrs: 3\n"))))
                .isInstanceOf(FormException.class)
                .hasMessageContaining("Jenkins profile 'demo': limits.maxWorkrs:")
                .hasMessageContaining("maxWorkers")
                .hasMessageContaining("(line 5)");
        assertThatThrownBy(() -> bind(r, form(profile("id: demo\nrepository: [acme/demo\n"))))
                .isInstanceOf(FormException.class).hasMessageContaining("is not valid YAML");
        JSONObject shortInterval = profile(newProfile("demo", "acme/demo"));
        shortInterval.put("heartbeatIntervalSeconds", "1");
        assertThatThrownBy(() -> bind(r, form(shortInterval))).isInstanceOf(FormException.class)
                .hasMessageContaining("heartbeatIntervalSeconds: must be at least 10");

        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).singleElement()
                .satisfies(p -> assertThat(p.getYaml()).isEqualTo(newProfile("demo", "acme/demo")));
        assertThat(Files.readString(r.jenkins.getRootDir().toPath()
                .resolve(AgentControlPlaneConfiguration.class.getName() + ".xml"))).as("the file").isEqualTo(saved);
    }

    @Test
    void noProfileSubmittedMeansNoProfile(JenkinsRule r) throws Throwable {
        bind(r, form(profile(newProfile("demo", "acme/demo"))));

        bind(r, form());

        assertThat(AgentControlPlaneConfiguration.get().getProfiles()).isEmpty();
    }

    @Test
    void aHeartbeatDuringASaveSeesTheOldOrTheNewProfilesNeverNone(JenkinsRule r) throws Throwable {
        JSONObject one = form(profile(newProfile("a", "acme/a")));
        JSONObject two = form(profile(newProfile("a", "acme/a")), profile(newProfile("b", "acme/b")));
        bind(r, one);
        Set<List<String>> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean saving = new AtomicBoolean(true);
        Thread heartbeat = new Thread(() -> {
            while (saving.get()) {
                List<String> ids = new ArrayList<>();
                AgentControlPlaneConfiguration.get().getProfiles().forEach(p -> ids.add(p.getId()));
                seen.add(ids);
            }
        });
        heartbeat.start();
        try {
            for (int i = 0; i < 20; i++) {
                bind(r, i % 2 == 0 ? two : one);
            }
        } finally {
            saving.set(false);
            heartbeat.join();
        }

        assertThat(seen).isSubsetOf(Set.of(List.of("a"), List.of("a", "b")));
    }

    private static void bind(JenkinsRule r, JSONObject json) throws Throwable {
        r.executeOnServer(() -> AgentControlPlaneConfiguration.get().configure(Stapler.getCurrentRequest2(), json));
    }
}
