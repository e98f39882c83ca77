package io.jenkins.plugins.acp.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import hudson.util.FormValidation;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of one form field by the engine's own profile validator: the value is put at its key path in an
 * otherwise minimal profile, {@link ProfileLoader} reads it, and the problems found at that key are reported.
 * So a field is judged exactly as {@code acp validate} judges the same key in a profile file.
 */
public final class FieldValidation {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final String SOURCE = "form";

    private FieldValidation() {
    }

    /** The engine's problems with {@code value} at {@code path} (e.g. {@code limits.maxWorkers}); none for no value. */
    public static List<String> problems(String path, Object value) {
        if (value == null || value instanceof List<?> l && l.isEmpty()) {
            return List.of(); // left empty: the engine's default applies
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("id", "check");
        root.putObject("repository").put("slug", "example/check");
        set(root, path, YAML.valueToTree(value));
        String text;
        try {
            text = YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        LoadedProfile loaded = ProfileLoader.load(text, SOURCE);
        List<String> messages = new ArrayList<>();
        for (ProfileProblem p : loaded.problems()) {
            String f = p.field();
            if (f.equals(path) || f.startsWith(path + ".") || f.startsWith(path + "[")) {
                messages.add(ProfileConversion.withoutLine(p.message()));
            }
        }
        return messages;
    }

    /** {@link #problems} as a form validation: an error listing them, or OK. */
    public static FormValidation check(String path, Object value) {
        List<String> messages = problems(path, value);
        return messages.isEmpty() ? FormValidation.ok() : FormValidation.error(String.join("; ", messages));
    }

    /** Form text as the loader would see it in a file: a whole number when it reads as one, else the text. */
    public static Object number(String text) {
        String s = Values.fixEmpty(text);
        if (s == null) {
            return null;
        }
        if (s.matches("-?\\d{1,9}")) {
            return Integer.valueOf(s);
        }
        return s;
    }

    /** A text area of numbers, one a line, each as {@link #number}. */
    public static List<Object> numbers(String text) {
        List<Object> out = new ArrayList<>();
        for (String line : Values.lines(text)) {
            out.add(number(line));
        }
        return out;
    }

    /** A map key for a path (a backend name); a supported name when none is chosen yet. */
    public static String key(String name) {
        String s = Values.fixEmpty(name);
        return s == null ? "codex" : s;
    }

    /** An empty mapping, e.g. a backend entry with no settings. */
    public static Map<String, Object> emptyMapping() {
        return Map.of();
    }

    /** Sets {@code value} at a dotted path with optional list indexes ({@code agent.pools[0].backend}). */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode current = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                ObjectNode obj = (ObjectNode) current;
                if (last) {
                    obj.set(part, value);
                } else {
                    current = obj.has(part) ? obj.get(part) : obj.putObject(part);
                }
                continue;
            }
            String name = part.substring(0, bracket);
            int index = Integer.parseInt(part.substring(bracket + 1, part.indexOf(']')));
            ObjectNode obj = (ObjectNode) current;
            ArrayNode array = obj.has(name) ? (ArrayNode) obj.get(name) : obj.putArray(name);
            while (array.size() <= index) {
                array.addObject();
            }
            if (last) {
                array.set(index, value);
            } else {
                current = array.get(index);
            }
        }
    }

    /** Every supported agent backend, for a backend drop-down (the caller checks the permission). */
    /** The supported backends; {@code selected} (may be null) is the one a new entry starts with. */
    static hudson.util.ListBoxModel backendItems(String selected) {
        hudson.util.ListBoxModel items = new hudson.util.ListBoxModel();
        for (String backend : io.agentcontrolplane.core.profile.Backends.SUPPORTED) {
            items.add(new hudson.util.ListBoxModel.Option(backend, backend, backend.equals(selected)));
        }
        return items;
    }
}
