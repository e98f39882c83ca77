package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryEntryTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final List<Integer> COOLDOWNS = List.of(300, 900, 1800);

    private static RetryEntry after(int attempts) {
        return new RetryEntry(attempts, NOW.minusSeconds(10), "earlier", null, NOW.minusSeconds(100));
    }

    @Test
    void theFirstFailureWaitsTheFirstCooldown() {
        RetryEntry e = RetryEntry.schedule(null, COOLDOWNS, NOW, "timeout", null, "abc");
        assertThat(e).isEqualTo(new RetryEntry(1, NOW.plusSeconds(300), "timeout", "abc", NOW));
    }

    @Test
    void theNthFailureWaitsTheNthCooldown() {
        assertThat(RetryEntry.schedule(after(1), COOLDOWNS, NOW, "x", null, null).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(900));
        assertThat(RetryEntry.schedule(after(2), COOLDOWNS, NOW, "x", null, null).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(1800));
        assertThat(RetryEntry.schedule(after(2), COOLDOWNS, NOW, "x", null, null).attempts()).isEqualTo(3);
    }

    @Test
    void theLastCooldownRepeats() {
        for (int previous : new int[] {3, 4, 10, 1000}) {
            RetryEntry e = RetryEntry.schedule(after(previous), COOLDOWNS, NOW, "x", null, null);
            assertThat(e.nextAttemptAt()).isEqualTo(NOW.plusSeconds(1800));
            assertThat(e.attempts()).isEqualTo(previous + 1);
        }
    }

    @Test
    void aZeroAttemptEntryCountsAsNoFailureYet() {
        assertThat(RetryEntry.schedule(after(0), COOLDOWNS, NOW, "x", null, null).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void anExplicitNextAttemptInTheFutureWins() {
        Instant reset = NOW.plusSeconds(7200);
        assertThat(RetryEntry.schedule(null, COOLDOWNS, NOW, "usage limit", reset, null).nextAttemptAt())
                .isEqualTo(reset);
        Instant soon = NOW.plusSeconds(1);
        assertThat(RetryEntry.schedule(after(2), COOLDOWNS, NOW, "usage limit", soon, null).nextAttemptAt())
                .as("even when sooner than the cooldown").isEqualTo(soon);
    }

    @Test
    void anExplicitNextAttemptNowOrPastIsIgnored() {
        assertThat(RetryEntry.schedule(null, COOLDOWNS, NOW, "x", NOW, null).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(300));
        assertThat(RetryEntry.schedule(null, COOLDOWNS, NOW, "x", NOW.minusSeconds(60), null).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void noCooldownsMeansRetryAtOnce() {
        RetryEntry e = RetryEntry.schedule(after(4), List.of(), NOW, "x", null, null);
        assertThat(e.nextAttemptAt()).isEqualTo(NOW);
        assertThat(e.ready(NOW)).isTrue();
    }

    @Test
    void readyFromTheNextAttemptOn() {
        RetryEntry e = new RetryEntry(1, NOW, null, null, null);
        assertThat(e.ready(NOW.minusSeconds(1))).isFalse();
        assertThat(e.ready(NOW)).isTrue();
        assertThat(new RetryEntry(1, null, null, null, null).ready(Instant.EPOCH)).isTrue();
    }

    @Test
    void attemptsMustNotBeNegative() {
        assertThatThrownBy(() -> new RetryEntry(-1, NOW, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
