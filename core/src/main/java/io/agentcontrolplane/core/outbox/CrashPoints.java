package io.agentcontrolplane.core.outbox;

/**
 * A seam for crash tests: the {@link Outbox} calls {@link #reached} at each step of its write path, with the intent
 * as it stands at that step. A test aborts there by throwing an {@link Error} (the outbox lets errors through and
 * releases its flush lock), or kills the JVM ({@code Runtime.getRuntime().halt(1)}) to test a real crash; a new
 * {@code Outbox} on the same directory must then finish the work with every write applied exactly once.
 */
@FunctionalInterface
public interface CrashPoints {
    CrashPoints NONE = (point, intent) -> { };

    /** The steps, in the order an intent meets them. */
    enum Point {
        /** {@code enqueue}: the pending file is durable, the key is not yet published. */
        ENQUEUE_AFTER_PENDING_WRITTEN,
        /** {@code enqueue}: the key is published (the enqueue is complete but has not returned). */
        ENQUEUE_AFTER_KEY_PUBLISHED,
        /** An intent that was sent before (its {@code sentAt} is set) is about to be checked against the forge. */
        BEFORE_CHECK,
        /** The check found the write not done; it will be sent again. */
        AFTER_CHECK,
        /** About to persist {@code sentAt}. */
        BEFORE_SENT_AT,
        /** {@code sentAt} is durable; the request has not gone out. */
        AFTER_SENT_AT,
        /** The forge accepted the write; nothing recorded yet. */
        AFTER_SEND,
        /** {@code done/<id>.json} is durable; {@code pending/<id>.json} is still there. */
        AFTER_DONE_WRITTEN,
        /** {@code pending/<id>.json} is removed: the intent is finished. */
        AFTER_PENDING_REMOVED,
        /** A failed attempt's backoff is durable in the pending file. */
        AFTER_DEFERRAL_WRITTEN,
        /** {@code failed/<id>.json} is durable; {@code pending/<id>.json} is still there. */
        AFTER_FAILED_WRITTEN
    }

    void reached(Point point, Intent intent);
}
