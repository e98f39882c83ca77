package io.agentcontrolplane.core.state;

import java.time.Instant;
import java.util.Objects;

/** When a scheduled issue last started and when it is next due. */
public record ScheduleEntry(long intervalSeconds, Instant lastStartedAt, Instant nextDueAt) {
    public ScheduleEntry {
        Objects.requireNonNull(nextDueAt, "nextDueAt");
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("intervalSeconds must be positive, got " + intervalSeconds);
        }
    }

    /**
     * The entry after a launch at {@code now}: the first run is due again one interval later; later runs keep
     * their phase, stepping the previous due time forward by whole intervals until it is in the future.
     */
    public static ScheduleEntry afterLaunch(ScheduleEntry previous, long intervalSeconds, Instant now) {
        if (previous == null) {
            return new ScheduleEntry(intervalSeconds, now, now.plusSeconds(intervalSeconds));
        }
        Instant next = previous.nextDueAt;
        if (!next.isAfter(now)) {
            long behind = now.getEpochSecond() - next.getEpochSecond();
            long steps = behind / intervalSeconds + 1;
            next = next.plusSeconds(steps * intervalSeconds);
        }
        return new ScheduleEntry(intervalSeconds, now, next);
    }
}
