package io.agentcontrolplane.core.plan;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a schedule from an issue body: a line such as {@code Agent schedule: every 4h}, {@code Schedule: 30m} or
 * {@code Cadence: every 2 days}. Keys and units are case-insensitive; units are m/min/minute(s), h/hr/hour(s),
 * d/day(s). A hand-written scanner rather than a regex, because the planner reads every open issue's body every
 * heartbeat.
 */
public final class Cadence {
    private static final String[] KEYS = {"agent schedule", "schedule", "cadence"};

    private Cadence() {
    }

    /** The interval in seconds of the first schedule line in the body, if any. */
    public static OptionalLong parseSeconds(String body) {
        if (body == null || body.indexOf(':') < 0) {
            return OptionalLong.empty();
        }
        int length = body.length();
        for (int lineStart = 0; lineStart < length; ) {
            int lineEnd = body.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = length;
            }
            long seconds = parseLine(body, lineStart, lineEnd);
            if (seconds > 0) {
                return OptionalLong.of(seconds);
            }
            lineStart = lineEnd + 1;
        }
        return OptionalLong.empty();
    }

    private static long parseLine(String s, int start, int end) {
        int i = skipSpace(s, start, end);
        if (i >= end) {
            return -1;
        }
        char first = s.charAt(i);
        if (first != 'a' && first != 'A' && first != 's' && first != 'S' && first != 'c' && first != 'C') {
            return -1;
        }
        int afterKey = -1;
        for (String key : KEYS) {
            if (s.regionMatches(true, i, key, 0, key.length())) {
                afterKey = i + key.length();
                break;
            }
        }
        if (afterKey < 0) {
            return -1;
        }
        i = skipSpace(s, afterKey, end);
        if (i >= end || s.charAt(i) != ':') {
            return -1;
        }
        i = skipSpace(s, i + 1, end);
        if (s.regionMatches(true, i, "every", 0, 5) && i + 5 < end && isSpace(s.charAt(i + 5))) {
            i = skipSpace(s, i + 5, end);
        }
        int digitsStart = i;
        long value = 0;
        while (i < end && isAsciiDigit(s.charAt(i)) && i - digitsStart < 9) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == digitsStart || value <= 0 || (i < end && isAsciiDigit(s.charAt(i)))) {
            return -1;
        }
        i = skipSpace(s, i, end);
        int unitStart = i;
        while (i < end && Character.isLetter(s.charAt(i))) {
            i++;
        }
        long unit = unitSeconds(s.substring(unitStart, i).toLowerCase(Locale.ROOT));
        if (unit <= 0 || skipSpace(s, i, end) != end) {
            return -1;
        }
        return value * unit;
    }

    private static long unitSeconds(String unit) {
        return switch (unit) {
            case "m", "min", "mins", "minute", "minutes" -> 60;
            case "h", "hr", "hrs", "hour", "hours" -> 3600;
            case "d", "day", "days" -> 86400;
            default -> -1;
        };
    }

    /** The label suffix the original derives from a cadence, such as {@code 4h} for four hours. */
    public static String labelSuffix(long seconds) {
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return Math.max(1, seconds / 60) + "m";
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code [0-9]} only, as the original's {@code \d}: Character.isDigit takes other scripts' digits too. */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
