package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A search of the run history: every filter optional, {@link #PAGE_SIZE} runs a page, newest first.
 *
 * @param profile a profile id
 * @param status a run phase ({@code running}, {@code failed}, ...)
 * @param lane a lane ({@code implement}, {@code fix}, ...)
 * @param text words that must all appear in the run id, item, lane, outcome, reason or provider (any case)
 * @param page from 1
 */
public record RunQuery(String profile, RunPhase status, Lane lane, String text, int page) {
    public static final int PAGE_SIZE = 50;
    /** The longest text search accepted. */
    public static final int MAX_TEXT = 200;

    public RunQuery {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    public static RunQuery all() {
        return new RunQuery(null, null, null, null, 1);
    }

    /**
     * The query of a request's parameters ({@code profile}, {@code status}, {@code lane}, {@code q}, {@code page}).
     *
     * @throws IllegalArgumentException naming the parameter and what it accepts
     */
    public static RunQuery parse(Map<String, String> params, Collection<String> profiles) {
        for (String name : params.keySet()) {
            if (!java.util.Set.of("profile", "status", "lane", "q", "page").contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name
                        + "' (accepted: profile, status, lane, q, page)");
            }
        }
        String profile = blankToNull(params.get("profile"));
        if (profile != null && !profiles.contains(profile)) {
            throw new IllegalArgumentException("profile: no profile '" + profile + "' (known: "
                    + String.join(", ", profiles) + ")");
        }
        RunPhase status = null;
        String s = blankToNull(params.get("status"));
        if (s != null) {
            try {
                status = RunPhase.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status: " + e.getMessage());
            }
        }
        Lane lane = null;
        String l = blankToNull(params.get("lane"));
        if (l != null) {
            try {
                lane = Lane.parse(l);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lane: " + e.getMessage());
            }
        }
        String q = params.get("q");
        if (q != null && q.length() > MAX_TEXT) {
            throw new IllegalArgumentException("q: at most " + MAX_TEXT + " characters");
        }
        int page = 1;
        String p = blankToNull(params.get("page"));
        if (p != null) {
            try {
                page = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("page: '" + p + "' is not a whole number");
            }
            if (page < 1) {
                throw new IllegalArgumentException("page: must be 1 or more, got " + page);
            }
        }
        return new RunQuery(profile, status, lane, q, page);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
