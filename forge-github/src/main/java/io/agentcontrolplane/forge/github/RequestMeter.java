package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.RequestStats;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The OkHttp interceptor every GitHub request of a profile goes through. Before a request it asks the
 * {@link RateGovernor} (GET = read, anything else = write) and refuses without sending when it says no; after it,
 * it counts the request, 304s (revalidated from the cache: free on GitHub) and rate-limit points (from the
 * {@code x-ratelimit-used} deltas; a 304 costs 0), and tells the governor the budget and any rate-limit refusal.
 *
 * <p>It never looks at or records request headers, so the token cannot leak through it.
 */
public final class RequestMeter implements Interceptor {
    /** A request the governor refused; nothing was sent. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ForgeException refusal;

        Refused(ForgeException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }

        public ForgeException refusal() {
            return refusal;
        }
    }

    private final RateGovernor governor;
    // guarded by this
    private long requests;
    private long notModified;
    private long points;
    private long remaining = -1;
    private long lastUsed = -1;
    private long lastReset = -1;

    public RequestMeter(RateGovernor governor) {
        this.governor = governor;
    }

    public RateGovernor governor() {
        return governor;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        boolean read = chain.request().method().equals("GET");
        try {
            if (read) {
                governor.checkRead();
            } else {
                governor.checkWrite();
            }
        } catch (ForgeException e) {
            throw new Refused(e);
        }
        synchronized (this) {
            requests++;
        }
        Response response = chain.proceed(chain.request());
        Response network = response.networkResponse();
        boolean was304 = network != null && network.code() == 304;
        Headers h = network != null ? network.headers() : response.headers();
        if (response.code() == 401) {
            // A rejected token is answered from the anonymous budget: not this token's, so not accounted.
            return response;
        }
        account(was304, h);
        if (network != null) {
            Instant now = governor.clock().instant();
            String peek = response.code() == 403 ? response.peekBody(4096).string() : "";
            Instant retryAt = retryAt(response.code(), h, peek, now);
            if (retryAt != null) {
                governor.blockUntil(retryAt, describe(response.code(), h));
            }
        }
        return response;
    }

    private void account(boolean was304, Headers h) {
        long used = longHeader(h, "x-ratelimit-used");
        long rem = longHeader(h, "x-ratelimit-remaining");
        long lim = longHeader(h, "x-ratelimit-limit");
        long reset = longHeader(h, "x-ratelimit-reset");
        synchronized (this) {
            if (was304) {
                notModified++;
            } else if (used >= 0 && reset == lastReset && lastUsed >= 0) {
                points += Math.max(0, used - lastUsed);
            } else if (used > 0) {
                points += 1; // first answer of the window seen: this request's own point
            }
            if (used >= 0) {
                if (reset != lastReset || used > lastUsed) {
                    lastUsed = used;
                }
                lastReset = reset;
            }
            if (rem >= 0) {
                remaining = rem;
            }
        }
        if (rem >= 0) {
            governor.observeBudget(rem, lim, reset >= 0 ? Instant.ofEpochSecond(reset) : null);
        }
    }

    /** Totals since this meter was created. */
    public synchronized RequestStats stats() {
        return new RequestStats(requests, notModified, points, remaining);
    }

    /**
     * When a rate-limited answer says the request may be repeated, or null if it is not a rate-limit refusal:
     * {@code Retry-After} (seconds or an HTTP date), else {@code x-ratelimit-reset} when the primary budget is
     * exhausted, else a minute for a 429 or a 403 naming a (secondary) rate limit.
     */
    static Instant retryAt(int status, Headers h, String body, Instant now) {
        if (status != 403 && status != 429) {
            return null;
        }
        String ra = h.get("Retry-After");
        if (ra != null) {
            try {
                return now.plusSeconds(Math.max(0, Long.parseLong(ra.trim())));
            } catch (NumberFormatException e) {
                try {
                    return ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException ignored) {
                    return now.plus(RateGovernor.SECONDARY_DEFAULT_WAIT);
                }
            }
        }
        if ("0".equals(h.get("x-ratelimit-remaining"))) {
            long reset = longHeader(h, "x-ratelimit-reset");
            return reset > 0 ? Instant.ofEpochSecond(reset) : now.plus(RateGovernor.SECONDARY_DEFAULT_WAIT);
        }
        if (status == 429 || h.get("gh-limited-by") != null
                || body != null && body.toLowerCase(Locale.ROOT).contains("rate limit")) {
            return now.plus(RateGovernor.SECONDARY_DEFAULT_WAIT);
        }
        return null;
    }

    private static String describe(int status, Headers h) {
        if (h.get("Retry-After") != null) {
            return "asked to retry after " + h.get("Retry-After") + "s (secondary rate limit, HTTP " + status + ")";
        }
        if ("0".equals(h.get("x-ratelimit-remaining"))) {
            return "primary rate limit exhausted (HTTP " + status + ")";
        }
        return "rate limit (HTTP " + status + ")";
    }

    static long longHeader(Headers h, String name) {
        String v = h.get(name);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
