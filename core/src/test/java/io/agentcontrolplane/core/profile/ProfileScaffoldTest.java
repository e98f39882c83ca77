package io.agentcontrolplane.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileScaffoldTest {
    @Test
    void theScaffoldIsAValidProfileWhoseUnwrittenKeysAreTheDefaults() {
        String text = new ProfileScaffold(List.of("a new profile"), "widgets", "acme/widgets", null, null, null, null)
                .text();

        assertThat(text).startsWith("# a new profile\nschemaVersion: 1\nid: widgets\n")
                .doesNotContain("credentials", "workspace", "trust");
        Profile profile = ProfileLoader.load(text, "scaffold").orElseThrow();
        assertThat(profile.repository().apiUrl()).isEqualTo(Profile.RepositorySettings.GITHUB_API);
        assertThat(profile.agent().backend()).isEqualTo(ProfileScaffold.DEFAULT_BACKEND);
        assertThat(profile.trust()).isEqualTo(Profile.Trust.defaults());
        assertThat(profile.limits()).isEqualTo(Profile.Limits.defaults());
    }

    @Test
    void theStandaloneScaffoldNamesTheTokenVariableAndTheWorkspace() {
        String text = new ProfileScaffold(List.of(), "calc", "demo/calc", "https://ghe.example/api/v3", "CALC_TOKEN",
                "codex", "/srv/acp").text();

        Profile profile = ProfileLoader.load(text, "scaffold").orElseThrow();
        assertThat(profile.credentials().tokenEnv()).isEqualTo("CALC_TOKEN");
        assertThat(profile.workspace().root()).isEqualTo("/srv/acp");
        assertThat(profile.agent().backend()).isEqualTo("codex");
        assertThat(profile.repository().apiUrl()).isEqualTo("https://ghe.example/api/v3");
    }
}
