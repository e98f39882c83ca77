package io.agentcontrolplane.forge.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.HttpException;

/** Maps hub4j and HTTP failures to {@link ForgeException} kinds. Messages never carry request headers. */
final class Errors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Errors() {
    }

    /**
     * A failure without a usable answer, or one hub4j turned into an exception.
     *
     * @param safeToRepeat whether the request is a read or an idempotent write; if not, a lost answer is an
     *     {@link Kind#UNKNOWN_OUTCOME}
     */
    static ForgeException from(Throwable t, String what, boolean safeToRepeat, RateGovernor governor) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RequestMeter.Refused r) {
                return r.refusal();
            }
            if (c instanceof ForgeException f) {
                return f;
            }
        }
        Throwable e = t instanceof GHException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof GHFileNotFoundException) {
            return new ForgeException(Kind.NOT_FOUND, 404, what + ": not found (" + message(e.getMessage()) + ")",
                    null, e);
        }
        if (e instanceof HttpException he && he.getResponseCode() > 0) {
            return fromStatus(he.getResponseCode(), he.getMessage(), what, safeToRepeat, governor, e);
        }
        Throwable unreachable = unreachable(e);
        if (unreachable != null) {
            // Nothing reached GitHub: any request may be repeated.
            return new ForgeException(Kind.TRANSIENT, 0, what + ": " + (unreachable instanceof UnknownHostException
                    ? "unknown host " + unreachable.getMessage() : "cannot connect"), null, e);
        }
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof IOException || e instanceof GHException) {
            return safeToRepeat
                    ? new ForgeException(Kind.TRANSIENT, 0, what + ": no answer (" + why + ")", null, e)
                    : new ForgeException(Kind.UNKNOWN_OUTCOME, 0, what + ": the answer was lost (" + why
                            + "); it may have taken effect", null, e);
        }
        return new ForgeException(Kind.TRANSIENT, 0, what + ": " + why, null, e);
    }

    /**
     * The failure to connect in a chain, if that is what it is: hub4j wraps a refused connection in an
     * {@code HttpException} with no status.
     */
    private static Throwable unreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof java.net.NoRouteToHostException) {
                return c;
            }
        }
        return null;
    }

    /** An error answer. */
    static ForgeException fromStatus(int status, String body, String what, boolean safeToRepeat,
            RateGovernor governor, Throwable cause) {
        String msg = message(body);
        if (status == 401) {
            // Not a rate limit, whatever the answer's budget headers say: they describe the anonymous budget.
            return new ForgeException(Kind.REJECTED, status, what + ": authentication failed (HTTP 401: " + msg
                    + "): the token is wrong, expired or revoked", null, cause);
        }
        if (status == 403 || status == 429) {
            Instant retryAt = governor.blockedUntil();
            String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
            if (retryAt == null && (status == 429 || lower.contains("rate limit"))) {
                retryAt = governor.clock().instant().plus(RateGovernor.SECONDARY_DEFAULT_WAIT);
                governor.blockUntil(retryAt, "rate limit (HTTP " + status + ")");
            }
            if (retryAt != null) {
                return new ForgeException(Kind.RATE_LIMITED, status, what + ": rate limited (HTTP " + status + ": "
                        + msg + "); retry after " + retryAt, retryAt, cause);
            }
        }
        if (status == 404 || status == 410) {
            return new ForgeException(Kind.NOT_FOUND, status, what + ": not found (" + msg + ")", null, cause);
        }
        if (status >= 500) {
            return safeToRepeat
                    ? new ForgeException(Kind.TRANSIENT, status, what + ": GitHub failed (HTTP " + status + ": " + msg
                            + ")", null, cause)
                    : new ForgeException(Kind.UNKNOWN_OUTCOME, status, what + ": GitHub failed (HTTP " + status + ": "
                            + msg + "); it may have taken effect", null, cause);
        }
        return new ForgeException(Kind.REJECTED, status, what + ": refused (HTTP " + status + ": " + msg + ")", null,
                cause);
    }

    /** GitHub's {@code message} (and error details) from an error body, or the text itself. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "no message";
        }
        String t = body.strip();
        int brace = t.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode n = JSON.readTree(t.substring(brace));
                if (n != null && n.hasNonNull("message")) {
                    StringBuilder sb = new StringBuilder(n.get("message").asText());
                    for (JsonNode err : n.path("errors")) {
                        String detail = err.isTextual() ? err.asText()
                                : err.hasNonNull("message") ? err.get("message").asText()
                                : err.path("field").asText("") + " " + err.path("code").asText("");
                        sb.append("; ").append(detail.strip());
                    }
                    return sb.toString();
                }
            } catch (IOException ignored) {
                // not JSON after all
            }
        }
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
