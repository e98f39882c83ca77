package io.agentcontrolplane.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Backoff state of an issue, a PR, a provider or the GitHub API.
 *
 * @param baselineHeadSha the default branch's head when a "nothing to publish" kind of failure was recorded; the
 *     item waits until the branch moves
 */
public record RetryEntry(int attempts, Instant nextAttemptAt, String lastReason, String baselineHeadSha,
        Instant updatedAt) {
    public RetryEntry {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, got " + attempts);
        }
        nextAttemptAt = Objects.requireNonNullElse(nextAttemptAt, Instant.EPOCH);
    }

    public boolean ready(Instant now) {
        return !nextAttemptAt.isAfter(now);
    }

    /**
     * The entry after one more failure: the n-th failure waits the n-th cooldown, the last one repeating;
     * an explicit {@code nextAt} in the future wins (a provider's announced reset time).
     */
    public static RetryEntry schedule(RetryEntry previous, List<Integer> cooldowns, Instant now, String reason,
            Instant nextAt, String baselineHeadSha) {
        int attempts = (previous == null ? 0 : previous.attempts) + 1;
        int index = Math.min(attempts, cooldowns.size()) - 1;
        long wait = cooldowns.isEmpty() ? 0 : cooldowns.get(Math.max(0, index));
        Instant next = nextAt != null && nextAt.isAfter(now) ? nextAt : now.plusSeconds(wait);
        return new RetryEntry(attempts, next, reason, baselineHeadSha, now);
    }
}
