package io.jenkins.plugins.acp.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the configuration file of the field-by-field form, without Jenkins (its ITest loads a real one). */
class FieldByFieldXmlTest {
    private static final String HEAD = "<?xml version='1.1' encoding='UTF-8'?>\n"
            + "<io.jenkins.plugins.acp.AgentControlPlaneConfiguration>\n  <profiles>\n";
    private static final String TAIL = "  </profiles>\n</io.jenkins.plugins.acp.AgentControlPlaneConfiguration>\n";

    @TempDir
    Path tmp;

    private List<ProfileConfig> read(String profiles) throws Exception {
        Path file = tmp.resolve("config.xml");
        Files.writeString(file, HEAD + profiles + TAIL);
        return FieldByFieldXml.read(file).orElseThrow();
    }

    @Test
    void listsOfEntriesBecomeTheFilesMappingsAndTextBecomesNumbersWhereTheProfileHasNumbers() throws Exception {
        List<ProfileConfig> profiles = read("""
                <io.jenkins.plugins.acp.config.ProfileConfig>
                  <id>w</id>
                  <repository><slug>acme/w</slug></repository>
                  <tokenEnv>W_TOKEN</tokenEnv>
                  <workerJob>agents/w</workerJob>
                  <enabled>false</enabled>
                  <agent>
                    <backend>command</backend>
                    <backends>
                      <io.jenkins.plugins.acp.config.BackendConfig>
                        <name>command</name>
                        <timeoutSeconds>120</timeoutSeconds>
                        <command><string>./agent.sh</string><string>{prompt}</string></command>
                        <options>
                          <io.jenkins.plugins.acp.config.OptionConfig><name>mode</name><value>fast</value></io.jenkins.plugins.acp.config.OptionConfig>
                        </options>
                      </io.jenkins.plugins.acp.config.BackendConfig>
                    </backends>
                  </agent>
                  <labels><running>1234</running></labels>
                  <heavy><labels/></heavy>
                  <naming/>
                  <templates>
                    <io.jenkins.plugins.acp.config.TemplateConfig><lane>fix</lane><path>t/fix.md</path></io.jenkins.plugins.acp.config.TemplateConfig>
                  </templates>
                </io.jenkins.plugins.acp.config.ProfileConfig>
                """);

        ProfileConfig w = profiles.get(0);
        Profile p = w.toProfile();
        assertThat(p.credentials().tokenEnv()).isEqualTo("W_TOKEN");
        assertThat(p.agent().backends().get("command").timeoutSeconds()).isEqualTo(120);
        assertThat(p.agent().backends().get("command").command()).containsExactly("./agent.sh", "{prompt}");
        assertThat(p.agent().backends().get("command").options()).containsEntry("mode", "fast");
        assertThat(p.templates()).containsEntry("fix", "t/fix.md");
        assertThat(p.labels().running()).as("a label that reads as a number stays text").isEqualTo("1234");
        assertThat(p.heavy().labels()).as("an empty list stays empty").isEmpty();
        assertThat(p.naming()).isEqualTo(ProfileLoader.load("id: w\nrepository: {slug: acme/w}\n", "x").profile().naming());
        assertThat(w.getWorkerJob()).isEqualTo("agents/w");
        assertThat(w.isEnabled()).isFalse();
        assertThat(w.getYaml()).startsWith("schemaVersion: 1\nid: w\n").doesNotContain("workerJob", "enabled");
    }

    @Test
    void referencesAndImmutableListsAreReadEvenAcrossProfiles() throws Exception {
        List<ProfileConfig> profiles = read("""
                <io.jenkins.plugins.acp.config.ProfileConfig>
                  <id>a</id>
                  <repository><slug>acme/a</slug></repository>
                  <schedules>
                    <retryCooldowns class="java.util.ImmutableCollections$ListN" resolves-to="java.util.CollSer" serialization="custom">
                      <java.util.CollSer><default><tag>1</tag></default><int>2</int><int>60</int><int>120</int></java.util.CollSer>
                    </retryCooldowns>
                    <providerCooldowns class="java.util.ImmutableCollections$ListN" reference="../retryCooldowns"/>
                  </schedules>
                </io.jenkins.plugins.acp.config.ProfileConfig>
                <io.jenkins.plugins.acp.config.ProfileConfig>
                  <id>b</id>
                  <repository><slug>acme/b</slug></repository>
                  <schedules>
                    <retryCooldowns class="java.util.ImmutableCollections$ListN" reference="../../../io.jenkins.plugins.acp.config.ProfileConfig/schedules/retryCooldowns"/>
                  </schedules>
                </io.jenkins.plugins.acp.config.ProfileConfig>
                """);

        assertThat(profiles.get(0).toProfile().schedules().retryCooldowns()).containsExactly(60, 120);
        assertThat(profiles.get(0).toProfile().schedules().providerCooldowns()).containsExactly(60, 120);
        assertThat(profiles.get(1).toProfile().schedules().retryCooldowns()).containsExactly(60, 120);
    }

    @Test
    void aFileInTheCurrentFormIsLeftToXStream() throws Exception {
        Path file = tmp.resolve("config.xml");
        Files.writeString(file, HEAD + """
                <io.jenkins.plugins.acp.config.ProfileConfig><yaml>id: a</yaml></io.jenkins.plugins.acp.config.ProfileConfig>
                """ + TAIL);

        assertThat(FieldByFieldXml.read(file)).isEmpty();
    }

    @Test
    void aSettingTheEngineDoesNotKnowStaysInTheTextWhereTheEngineNamesIt() throws Exception {
        List<ProfileConfig> profiles = read("""
                <io.jenkins.plugins.acp.config.ProfileConfig>
                  <id>a</id>
                  <repository><slug>acme/a</slug></repository>
                  <limits><maxWorkrs>3</maxWorkrs></limits>
                </io.jenkins.plugins.acp.config.ProfileConfig>
                """);

        assertThat(profiles.get(0).getYaml()).contains("maxWorkrs: \"3\"");
        assertThat(profiles.get(0).load().problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("limits.maxWorkrs"));
    }
}
