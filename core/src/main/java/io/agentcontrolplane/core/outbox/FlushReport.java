package io.agentcontrolplane.core.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Outbox#flush} did.
 *
 * @param sent writes sent and accepted (including lost answers that the check then found applied)
 * @param confirmed intents found already applied by the check, without sending again
 * @param deferred intents left pending: backing off, held behind an earlier intent of their lane, rate-limited, or
 *     beyond the limit
 * @param failed intents (and unreadable files) moved to {@code failed/}
 * @param rateLimitedUntil set when the forge (or the content-creation budget) said to stop until then
 * @param note why nothing was done, when nothing was (another flush holds the lock, a rate limit), else null
 * @param lines one per intent looked at, in id order
 */
public record FlushReport(int sent, int confirmed, int deferred, int failed, Instant rateLimitedUntil, String note,
        List<Line> lines) {
    public FlushReport {
        lines = List.copyOf(Objects.requireNonNullElse(lines, List.of()));
    }

    public enum Outcome {
        /** Sent now. */
        SENT,
        /** Found already applied (an earlier send whose answer was lost, or a crash after sending). */
        CONFIRMED,
        /** Still pending. */
        DEFERRED,
        /** Moved to {@code failed/}. */
        FAILED,
        /** A pending file that lost its key to another intent (a concurrent or crashed enqueue): set aside. */
        DROPPED
    }

    /**
     * @param id the intent's id, or the file's name when it could not be read
     * @param kind null when the file could not be read
     */
    public record Line(String id, String key, Intent.Kind kind, Outcome outcome, String detail) {
        @Override
        public String toString() {
            return id + " " + outcome + (kind == null ? "" : " " + kind) + (key == null ? "" : " [" + key + "]")
                    + (detail == null ? "" : ": " + detail);
        }
    }

    /** Whether everything looked at is finished (nothing deferred). */
    public boolean drained() {
        return deferred == 0 && note == null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("outbox flush: sent=" + sent + " confirmed=" + confirmed + " deferred="
                + deferred + " failed=" + failed);
        if (rateLimitedUntil != null) {
            s.append(" rate-limited-until=").append(rateLimitedUntil.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (note != null) {
            s.append(" (").append(note).append(')');
        }
        lines.forEach(l -> s.append('\n').append("  ").append(l));
        return s.toString();
    }
}
