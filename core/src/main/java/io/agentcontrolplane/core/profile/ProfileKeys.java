package io.agentcontrolplane.core.profile;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The keys of the profile file format. They are exactly the component names of {@link Profile} and its nested
 * records, so the format cannot drift from the model; {@code docs/profile.schema.json} is checked against
 * {@link #knownKeyPaths()} by a test.
 */
public final class ProfileKeys {
    /** The optional top-level key naming the file format's version. */
    public static final String SCHEMA_VERSION = "schemaVersion";
    /** The only file format version this loader reads. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    /**
     * The lanes a prompt template can be given for, as keys of {@code templates}. Kept equal to the wire names
     * of {@code io.agentcontrolplane.core.world.Lane} by a test (the profile package must not depend on world).
     */
    public static final List<String> TEMPLATE_LANES = List.of("implement", "scheduled", "blocked-recovery",
            "double-check-1", "double-check-2", "automerge", "merge-repair", "fix", "ci-refresh");

    private ProfileKeys() {
    }

    /**
     * Every key path the loader accepts, dotted. Map entries whose key is chosen by the user are written
     * {@code *} (e.g. {@code agent.backends.*.model}, {@code templates.*}); list elements are written {@code []}
     * (e.g. {@code agent.pools[].name}).
     */
    public static SortedSet<String> knownKeyPaths() {
        SortedSet<String> out = new TreeSet<>();
        out.add(SCHEMA_VERSION);
        collect(Profile.class, "", out);
        return out;
    }

    /** The component names of a record, in declaration order: the keys of the matching YAML mapping. */
    static List<String> componentNames(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static void collect(Class<?> recordType, String prefix, Set<String> out) {
        for (RecordComponent c : recordType.getRecordComponents()) {
            String path = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
            out.add(path);
            collectType(c.getGenericType(), path, out);
        }
    }

    private static void collectType(Type type, String path, Set<String> out) {
        if (type instanceof Class<?> cls && cls.isRecord()) {
            collect(cls, path, out);
        } else if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.equals(raw)) {
                out.add(path + "[]");
                collectType(p.getActualTypeArguments()[0], path + "[]", out);
            } else if (java.util.Map.class.equals(raw)) {
                out.add(path + ".*");
                collectType(p.getActualTypeArguments()[1], path + ".*", out);
            }
        }
    }

    /**
     * The candidate closest to {@code key}, if it is close enough to be a likely typo. Case, dashes and
     * underscores are ignored first, so {@code max_workers} suggests {@code maxWorkers}.
     */
    public static Optional<String> suggest(String key, Collection<String> candidates) {
        String k = normalise(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(k, normalise(candidate));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.max(2, k.length() / 4);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Known key paths anywhere in the file whose last part is the same key, for a key put at the wrong level. */
    static List<String> elsewhere(String key) {
        String k = normalise(key);
        List<String> out = new ArrayList<>();
        for (String path : knownKeyPaths()) {
            int dot = path.lastIndexOf('.');
            String last = dot < 0 ? path : path.substring(dot + 1);
            if (normalise(last).equals(k)) {
                out.add(path);
            }
        }
        return out;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
