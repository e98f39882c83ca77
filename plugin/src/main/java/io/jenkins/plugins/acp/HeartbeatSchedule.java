package io.jenkins.plugins.acp;

import io.jenkins.plugins.acp.config.ProfileConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When each enabled profile's heartbeat is due. The periodic work ticks at a short fixed {@link #TICK} (Jenkins reads
 * a periodic work's period once, when it schedules it, so the period cannot follow the configuration); at each tick
 * the profiles whose own interval has passed run, the others are skipped. Half a tick of slack keeps timer jitter
 * from skipping a due run.
 */
public final class HeartbeatSchedule {
    /** The periodic work's period: half the shortest interval a profile may have. */
    public static final Duration TICK = Duration.ofSeconds(ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS).dividedBy(2);

    private HeartbeatSchedule() {
    }

    /** The ids of the enabled profiles due at {@code now}, given when each last started (absent: never). */
    public static List<String> due(List<ProfileConfig> profiles, Map<String, Instant> lastStarted, Instant now) {
        List<String> out = new ArrayList<>();
        for (ProfileConfig p : profiles) {
            if (!p.isEnabled() || p.getId() == null) {
                continue;
            }
            Instant last = lastStarted.get(p.getId());
            Duration interval = Duration.ofSeconds(Math.max(p.getHeartbeatIntervalSeconds(),
                    ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS));
            if (last == null || !Duration.between(last, now).plus(TICK.dividedBy(2)).minus(interval).isNegative()) {
                out.add(p.getId());
            }
        }
        return out;
    }
}
