package io.jenkins.plugins.acp.jenkinsapi.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The real Jenkins API as read from the sources: {@code signatures.json.gz} (format {@code api-signatures/1}),
 * see {@code ../shared/jenkins-api/README.md}. Loading fails loudly; it never degrades to "nothing to check".
 */
public final class ApiSignatures {
    /** The one type the README documents without the file describing it (org.jenkins-ci:symbol-annotation 1.26). */
    private static final String SYMBOL_FROM_README = """
            {"name": "org.jenkinsci.Symbol", "origin": "symbol-annotation 1.26 (README.md)", "kind": "annotation",
             "modifiers": ["public"],
             "annotations": ["@java.lang.annotation.Retention(RUNTIME)", "@java.lang.annotation.Target(TYPE)"],
             "members": [{"kind": "element", "name": "value", "returns": "java.lang.String[]", "hasDefault": false}]}
            """;

    private final String format;
    private final String jenkinsVersion;
    private final Map<String, JsonNode> types = new HashMap<>();
    private final int typesInFile;

    private ApiSignatures(JsonNode root, String jenkinsVersion) throws IOException {
        this.format = root.path("format").asText("");
        if (!"api-signatures/1".equals(format)) {
            throw new IOException("unexpected format '" + format + "' (expected api-signatures/1)");
        }
        JsonNode list = root.path("types");
        if (!list.isArray() || list.isEmpty()) {
            throw new IOException("no 'types' array in the signature file");
        }
        for (JsonNode type : list) {
            types.put(type.path("name").asText(), type);
        }
        this.typesInFile = types.size();
        types.putIfAbsent("org.jenkinsci.Symbol", new ObjectMapper().readTree(SYMBOL_FROM_README));
        this.jenkinsVersion = jenkinsVersion;
    }

    /** Reads {@code <sharedDir>/jenkins-api/signatures.json.gz}. */
    public static ApiSignatures load(Path sharedDir) throws IOException {
        Path file = sharedDir.resolve("jenkins-api").resolve("signatures.json.gz");
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            root = new ObjectMapper().readTree(in);
        }
        return new ApiSignatures(root, versionOf(root, file.resolveSibling("README.md")));
    }

    /** Jenkins version: from the file's metadata if it has any, else from the README's "core" row beside it. */
    private static String versionOf(JsonNode root, Path readme) throws IOException {
        for (String key : List.of("jenkinsVersion", "jenkins", "version")) {
            if (root.hasNonNull(key)) {
                return root.get(key).asText() + " (file metadata)";
            }
        }
        if (Files.isReadable(readme)) {
            Matcher m = Pattern.compile("\\|\\s*core\\s*\\|[^|]*\\|\\s*tag\\s+jenkins-([0-9.]+)")
                    .matcher(Files.readString(readme));
            if (m.find()) {
                return m.group(1) + " (file metadata has no version; core row of README.md)";
            }
        }
        return "unknown (neither file metadata nor README.md states it)";
    }

    public String format() {
        return format;
    }

    public String jenkinsVersion() {
        return jenkinsVersion;
    }

    /** Number of types the file itself describes. */
    public int typesInFile() {
        return typesInFile;
    }

    public Optional<JsonNode> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Direct supertypes of a type: from the data if described, else by reflection on the class path (JDK, real jars). */
    List<String> directSupertypes(String name) {
        List<String> result = new ArrayList<>();
        JsonNode type = types.get(name);
        if (type != null) {
            type.path("extends").forEach(n -> result.add(n.asText()));
            type.path("implements").forEach(n -> result.add(n.asText()));
            return result;
        }
        try {
            Class<?> c = Class.forName(name, false, ApiSignatures.class.getClassLoader());
            if (c.getSuperclass() != null) {
                result.add(c.getSuperclass().getName());
            }
            for (Class<?> i : c.getInterfaces()) {
                result.add(i.getName());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // a library type that is neither described nor on the class path: its ancestry is unknown
        }
        return result;
    }

    /** All supertypes (not including the type itself), nearest first. */
    Set<String> supertypeClosure(String name) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(directSupertypes(name));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (seen.add(next)) {
                todo.addAll(directSupertypes(next));
            }
        }
        seen.add("java.lang.Object");
        return seen;
    }
}
