package io.agentcontrolplane.core.profile;

import java.util.regex.Pattern;

/**
 * A path glob of the profile's assessment rules, over repository paths with {@code /} separators: {@code *} and
 * {@code ?} stay within one directory, {@code **} crosses directories ({@code **}{@code /} also matches no directory
 * at all, so {@code **}{@code /package.json} matches the root one), {@code {a,b}} is either alternative. Everything
 * else is literal.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException with a plain reason when the glob is malformed (an unclosed or nested
     *     brace, an empty pattern)
     */
    public static Glob of(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("a path glob must not be empty");
        }
        StringBuilder re = new StringBuilder();
        boolean inBraces = false;
        int braceAt = -1;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        re.append(slashAfter ? "(?:.*/)?" : ".*");
                        i += slashAfter ? 2 : 1;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    if (inBraces) {
                        throw new IllegalArgumentException("nested '{' at position " + (i + 1) + " in '" + glob
                                + "'");
                    }
                    inBraces = true;
                    braceAt = i;
                    re.append("(?:");
                }
                case '}' -> {
                    if (!inBraces) {
                        throw new IllegalArgumentException("'}' without '{' at position " + (i + 1) + " in '" + glob
                                + "'");
                    }
                    inBraces = false;
                    re.append(')');
                }
                case ',' -> re.append(inBraces ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inBraces) {
            throw new IllegalArgumentException("'{' at position " + (braceAt + 1) + " is never closed in '" + glob
                    + "'");
        }
        return new Glob(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
