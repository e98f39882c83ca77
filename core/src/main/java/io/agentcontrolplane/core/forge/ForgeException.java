package io.agentcontrolplane.core.forge;

import java.time.Instant;

/**
 * A forge call that failed. {@link Kind} tells the caller what to do: retry later (transient, rate-limited), give
 * up on this request (rejected), or find out first whether it happened (unknown outcome).
 */
public class ForgeException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The forge could not be reached or failed (5xx, timeout, reset) before acting; retry later. */
        TRANSIENT,
        /** A primary or secondary rate limit: retry after {@link #retryAt()}. */
        RATE_LIMITED,
        /** The forge refused the request (4xx other than rate limits); repeating it will not help. */
        REJECTED,
        /** The request may or may not have taken effect (the answer was lost); check before repeating. */
        UNKNOWN_OUTCOME,
        /** The item or branch does not exist. */
        NOT_FOUND
    }

    private final Kind kind;
    private final int status;
    private final transient Instant retryAt;

    public ForgeException(Kind kind, int status, String message, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAt = retryAt;
    }

    public ForgeException(Kind kind, String message) {
        this(kind, 0, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** When a rate-limited request may be repeated, if the forge said. */
    public Instant retryAt() {
        return retryAt;
    }
}
