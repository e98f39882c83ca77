package io.agentcontrolplane.core.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile's assessment rules load, round-trip and report bad globs by key. */
class AssessmentRulesLoaderTest {
    @Test
    void aMalformedGlobIsReportedWithItsKey() {
        LoadedProfile p = ProfileLoader.load("""
                id: demo
                repository: {slug: acme/app}
                assessment:
                  criticalInfraPaths: ["ops/**", "scripts/{deploy,release"]
                """, "p.yaml");
        assertThat(p.isValid()).isFalse();
        assertThat(p.problems()).singleElement().satisfies(problem -> assertThat(problem.toString())
                .contains("assessment.criticalInfraPaths[1]", "is not a valid path glob", "never closed"));
    }

    @Test
    void rulesRoundTripAndEmptyListsTurnATierOff() {
        LoadedProfile p = ProfileLoader.load("""
                id: demo
                repository: {slug: acme/app}
                assessment:
                  criticalAppPaths: []
                  maxProductFiles: 0
                  reviewers: ["*"]
                """, "p.yaml");
        assertThat(p.problems()).isEmpty();
        assertThat(p.profile().assessment().criticalAppPaths()).isEmpty();
        assertThat(p.profile().assessment().reviewers()).isEqualTo(List.of("*"));
        assertThat(p.profile().assessment().lowRiskPaths()).contains("docs/**");
        LoadedProfile again = ProfileLoader.load(ProfileWriter.write(p.profile()), "again.yaml");
        assertThat(again.profile()).isEqualTo(p.profile());
    }
}
