package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The periodic work ticks at a short fixed period and runs only the profiles that are due. */
class HeartbeatScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void theTickIsFixedAndShortEnoughForTheShortestInterval() {
        assertThat(new AcpHeartbeatWork().getRecurrencePeriod()).isEqualTo(HeartbeatSchedule.TICK.toMillis());
        assertThat(HeartbeatSchedule.TICK.multipliedBy(2))
                .isLessThanOrEqualTo(Duration.ofSeconds(ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS));
    }

    @Test
    void aShorterIntervalConfiguredLaterAppliesAtOnce() {
        Map<String, Instant> last = Map.of("p", T0);
        // the timer started while p had 300 s; p now has 10 s: it is due 10 s after its last start
        assertThat(HeartbeatSchedule.due(List.of(profile("p", 300, true)), last, T0.plusSeconds(10))).isEmpty();
        assertThat(HeartbeatSchedule.due(List.of(profile("p", 10, true)), last, T0.plusSeconds(10))).containsExactly("p");
    }

    @Test
    void profilesNotYetDueAreSkipped() {
        List<ProfileConfig> profiles = List.of(profile("fast", 30, true), profile("slow", 90, true), profile("off", 30, false));

        assertThat(HeartbeatSchedule.due(profiles, Map.of(), T0)).containsExactly("fast", "slow");
        Map<String, Instant> last = Map.of("fast", T0, "slow", T0);
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(30))).containsExactly("fast");
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(60))).containsExactly("fast");
        assertThat(HeartbeatSchedule.due(profiles, last, T0.plusSeconds(89))).containsExactly("fast", "slow");
        assertThat(HeartbeatSchedule.due(profiles, Map.of("fast", T0), T0.plusSeconds(29)))
                .as("timer jitter within half a tick").contains("fast");
        assertThat(HeartbeatSchedule.due(profiles, Map.of("fast", T0, "slow", T0), T0.plusSeconds(10))).isEmpty();
    }

    private static ProfileConfig profile(String id, int interval, boolean enabled) {
        ProfileConfig p = new ProfileConfig("id: " + id + "\nrepository: {slug: acme/" + id + "}\n");
        p.setHeartbeatIntervalSeconds(interval);
        p.setEnabled(enabled);
        return p;
    }
}
