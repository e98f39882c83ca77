package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
import io.jenkins.plugins.acp.config.RepositoryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The periodic work ticks at the smallest interval and runs only the profiles that are due. */
class HeartbeatScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void theTickIsTheSmallestEnabledInterval() {
        assertThat(HeartbeatSchedule.tick(List.of(profile("a", 60, true), profile("b", 30, true), profile("c", 15, false))))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HeartbeatSchedule.tick(List.of())).isEqualTo(Duration.ofSeconds(60));
        assertThat(HeartbeatSchedule.tick(List.of(profile("a", 1, true)))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void profilesNotYetDueAreSkipped() {
        List<ProfileConfig> profiles = List.of(profile("fast", 30, true), profile("slow", 90, true), profile("off", 30, false));
        Duration tick = HeartbeatSchedule.tick(profiles);

        assertThat(HeartbeatSchedule.due(profiles, Map.of(), T0, tick)).containsExactly("fast", "slow");
        Map<String, Instant> last = Map.of("fast", T0, "slow", T0);
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(30), tick)).containsExactly("fast");
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(60), tick)).containsExactly("fast");
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(89), tick)).containsExactly("fast", "slow");
        assertThat(HeartbeatSchedule.due(profiles, Map.of("fast", T0), T0.plusSeconds(29), tick))
                .as("timer jitter within half a tick").contains("fast");
        assertThat(HeartbeatSchedule.due(profiles, Map.of("fast", T0, "slow", T0), T0.plusSeconds(10), tick)).isEmpty();
    }

    private static ProfileConfig profile(String id, int interval, boolean enabled) {
        ProfileConfig p = new ProfileConfig(id, new RepositoryConfig("acme/" + id));
        p.setHeartbeatIntervalSeconds(interval);
        p.setEnabled(enabled);
        return p;
    }
}
