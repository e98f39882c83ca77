package io.agentcontrolplane.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Who may read the dashboard. Bound to a loopback address, anyone on the machine may, but only through a loopback
 * host name (a page on another site that resolves its own name to 127.0.0.1, "DNS rebinding", is refused). Bound
 * to any other address, a token is required: {@code Authorization: Bearer <token>}, or the {@value #COOKIE}
 * cookie that {@code /?token=<token>} sets for the browser.
 */
final class Access {
    static final String COOKIE = "acp_token";
    private static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");

    private final boolean loopback;
    private final byte[] token;

    Access(InetAddress bind, String token) {
        this.loopback = bind.isLoopbackAddress();
        if (!loopback && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("binding the dashboard to " + bind.getHostAddress()
                    + " (not a loopback address) requires a token (--token), so that only those who hold it can read");
        }
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("the dashboard token must be at least 16 characters long");
        }
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** Why the request may not read, or null when it may. */
    String refusal(HttpExchange ex) {
        if (loopback && token == null) {
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host == null || !LOOPBACK_HOSTS.contains(hostName(host))) {
                return "the dashboard answers only to localhost, 127.0.0.1 or [::1] as host name";
            }
            return null;
        }
        if (token != null && !matches(presented(ex))) {
            return "a token is required: send 'Authorization: Bearer <token>', or open /?token=<token> once in the"
                    + " browser";
        }
        return null;
    }

    boolean matches(String presented) {
        return presented != null && token != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String presented(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        List<String> cookies = ex.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String part : header.split(";")) {
                    String p = part.strip();
                    if (p.startsWith(COOKIE + "=")) {
                        return p.substring(COOKIE.length() + 1);
                    }
                }
            }
        }
        return null;
    }

    private static String hostName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
