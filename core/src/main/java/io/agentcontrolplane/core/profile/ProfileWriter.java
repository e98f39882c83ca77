package io.agentcontrolplane.core.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Profile} as a profile file that {@link ProfileLoader} reads back. Every value is written,
 * defaults included, so the file states the whole configuration.
 *
 * <p>For any profile the loader returns, {@code ProfileLoader.load(write(p), name).profile()} equals {@code p}.
 * A profile built in code with a backend entry lacking a model or timeouts comes back with those completed
 * from {@link Backends}, as the loader normalises every profile.
 */
public final class ProfileWriter {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ProfileWriter() {
    }

    /** The profile as YAML text, starting with {@code schemaVersion: 1}. */
    public static String write(Profile profile) {
        try {
            return MAPPER.writeValueAsString(toTree(profile));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profile as a tree in the file format, for callers that render it otherwise (JSON, Jenkins forms). */
    public static ObjectNode toTree(Profile profile) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put(ProfileKeys.SCHEMA_VERSION, ProfileKeys.CURRENT_SCHEMA_VERSION);
        root.setAll(record(profile));
        return root;
    }

    private static ObjectNode record(Object record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            JsonNode value = value(read(c, record));
            if (value != null) {
                node.set(c.getName(), value);
            }
        }
        return node;
    }

    private static JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Permission p) {
            return f.textNode(p.wireName());
        }
        if (v instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            list.forEach(e -> array.add(value(e)));
            return array;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            new TreeMap<>(map).forEach((k, e) -> object.set(String.valueOf(k), value(e)));
            return object;
        }
        if (v.getClass().isRecord()) {
            return record(v);
        }
        throw new IllegalArgumentException("cannot write " + v.getClass());
    }

    private static Object read(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
