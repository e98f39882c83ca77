package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleEntryTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final long HOUR = 3600;

    private static ScheduleEntry due(Instant nextDueAt) {
        return new ScheduleEntry(4 * HOUR, nextDueAt.minusSeconds(4 * HOUR), nextDueAt);
    }

    @Test
    void theFirstRunIsDueAgainOneIntervalLater() {
        ScheduleEntry next = ScheduleEntry.afterLaunch(null, 4 * HOUR, NOW);
        assertThat(next).isEqualTo(new ScheduleEntry(4 * HOUR, NOW, NOW.plusSeconds(4 * HOUR)));
    }

    @Test
    void aRunExactlyOnTimeStepsOneInterval() {
        ScheduleEntry next = ScheduleEntry.afterLaunch(due(NOW), 4 * HOUR, NOW);
        assertThat(next.nextDueAt()).isEqualTo(NOW.plusSeconds(4 * HOUR));
        assertThat(next.lastStartedAt()).isEqualTo(NOW);
    }

    @Test
    void aLateRunKeepsItsPhaseByCatchingUpWholeIntervals() {
        Instant previous = NOW.minusSeconds(10 * HOUR);
        ScheduleEntry next = ScheduleEntry.afterLaunch(due(previous), 4 * HOUR, NOW);
        assertThat(next.nextDueAt()).isEqualTo(previous.plusSeconds(12 * HOUR)).isEqualTo(NOW.plusSeconds(2 * HOUR));
    }

    @Test
    void aRunLateByExactlyWholeIntervalsStepsPastNow() {
        Instant previous = NOW.minusSeconds(8 * HOUR);
        assertThat(ScheduleEntry.afterLaunch(due(previous), 4 * HOUR, NOW).nextDueAt())
                .isEqualTo(NOW.plusSeconds(4 * HOUR));
    }

    @Test
    void aLateRunOneSecondBeforeTheNextSlotLandsOnThatSlot() {
        Instant previous = NOW.minusSeconds(4 * HOUR - 1);
        assertThat(ScheduleEntry.afterLaunch(due(previous), 4 * HOUR, NOW).nextDueAt())
                .isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void aNewIntervalStepsFromThePreviousDueTime() {
        Instant previous = NOW.minusSeconds(90 * 60);
        ScheduleEntry next = ScheduleEntry.afterLaunch(due(previous), HOUR, NOW);
        assertThat(next.intervalSeconds()).isEqualTo(HOUR);
        assertThat(next.nextDueAt()).isEqualTo(NOW.plusSeconds(30 * 60));
    }

    @Test
    void anEarlyRunKeepsTheFutureDueTime() {
        Instant future = NOW.plusSeconds(HOUR);
        assertThat(ScheduleEntry.afterLaunch(due(future), 4 * HOUR, NOW).nextDueAt()).isEqualTo(future);
    }

    @Test
    void aLongOutageCatchesUpInOneStep() {
        Instant previous = NOW.minusSeconds(365L * 24 * HOUR + 60);
        Instant next = ScheduleEntry.afterLaunch(due(previous), 60, NOW).nextDueAt();
        assertThat(next).isAfter(NOW).isBeforeOrEqualTo(NOW.plusSeconds(60));
        assertThat(next.getEpochSecond() - previous.getEpochSecond()).isEqualTo(365L * 24 * HOUR + 60 + 60);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new ScheduleEntry(0, NOW, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduleEntry(60, NOW, null)).isInstanceOf(NullPointerException.class);
    }
}
