package io.agentcontrolplane.core.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Objects;

/** An issue or a pull request of the profile's repository, written {@code issue#12} or {@code pr#7}. */
public record ItemRef(Kind kind, int number) implements Comparable<ItemRef> {
    public enum Kind { ISSUE, PR }

    private static final Comparator<ItemRef> ORDER =
            Comparator.comparing(ItemRef::kind).thenComparingInt(ItemRef::number);

    public ItemRef {
        Objects.requireNonNull(kind, "kind");
        if (number <= 0) {
            throw new IllegalArgumentException("item number must be positive, got " + number);
        }
    }

    public static ItemRef issue(int number) {
        return new ItemRef(Kind.ISSUE, number);
    }

    public static ItemRef pr(int number) {
        return new ItemRef(Kind.PR, number);
    }

    /** Parses {@code issue#12}, {@code pr#7}, {@code issue-12} or {@code pr-7}. */
    @JsonCreator
    public static ItemRef parse(String text) {
        String t = Objects.requireNonNull(text, "item").trim();
        int sep = Math.max(t.indexOf('#'), t.indexOf('-'));
        if (sep > 0) {
            String kind = t.substring(0, sep);
            try {
                int n = Integer.parseInt(t.substring(sep + 1));
                if (kind.equals("issue")) {
                    return issue(n);
                }
                if (kind.equals("pr")) {
                    return pr(n);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("invalid item '" + text + "' (expected issue#N or pr#N)");
    }

    // Written out rather than generated: item references are the keys of every hot map of the planner.
    @Override
    public boolean equals(Object o) {
        return o instanceof ItemRef other && number == other.number && kind == other.kind;
    }

    @Override
    public int hashCode() {
        return (number << 1) | (kind == Kind.ISSUE ? 0 : 1);
    }

    @Override
    public int compareTo(ItemRef o) {
        return ORDER.compare(this, o);
    }

    @JsonValue
    @Override
    public String toString() {
        return (kind == Kind.ISSUE ? "issue#" : "pr#") + number;
    }

    /** The form used in file names: {@code issue-12}. */
    public String fileKey() {
        return (kind == Kind.ISSUE ? "issue-" : "pr-") + number;
    }
}
