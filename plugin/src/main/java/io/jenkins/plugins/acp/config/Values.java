package io.jenkins.plugins.acp.config;

import java.util.ArrayList;
import java.util.List;

/** Small value helpers shared by the configuration describables. */
public final class Values {
    private Values() {
    }

    /** {@code null} for null or blank text, else the trimmed text: a blank form field means "use the default". */
    public static String fixEmpty(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A defensive copy, keeping {@code null} (= the engine's default) apart from an empty list. */
    public static <T> List<T> copy(List<T> list) {
        return list == null ? null : new ArrayList<>(list);
    }

    /** The lines of a text area, trimmed, without empty ones (how list settings are edited in the form). */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
        }
        return out;
    }

    /** A list shown one element a line in a text area. */
    public static String joinLines(List<?> list) {
        if (list == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Object e : list) {
            out.append(e).append('\n');
        }
        return out.toString();
    }
}
