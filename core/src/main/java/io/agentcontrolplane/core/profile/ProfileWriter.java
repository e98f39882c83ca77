package io.agentcontrolplane.core.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
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
    /**
     * Quotes what a YAML reader could take for something other than a string: besides the default checker's
     * reserved words and special characters, anything starting like a number ({@code 0x1F}, {@code -.inf}, {@code 1e3}).
     */
    private static final StringQuotingChecker QUOTING = new StringQuotingChecker.Default() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            if (super.needToQuoteValue(value) || value.isEmpty() || !value.equals(value.strip())) {
                return true;
            }
            char c = value.charAt(0);
            return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
        }
    };

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(QUOTING).build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ProfileWriter() {
    }

    /** The profile as YAML text, starting with {@code schemaVersion: 1}. */
    public static String write(Profile profile) {
        return write(toTree(profile));
    }

    /** A tree in the file format (e.g. a profile read from elsewhere) as YAML text, quoted as profiles are. */
    public static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
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
            Object raw = read(c, record);
            if (isEmpty(raw) && !isEmpty(defaultOf(record.getClass(), c))) {
                node.set(c.getName(), value(raw)); // empty on purpose, e.g. no heavy labels at all
                continue;
            }
            JsonNode value = isEmpty(raw) ? null : value(raw);
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

    private static boolean isEmpty(Object v) {
        return v instanceof List<?> l && l.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty();
    }

    /** What the record holds for a component left out (null), or null when the record needs other keys. */
    private static Object defaultOf(Class<?> type, RecordComponent c) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Object empty = type.getDeclaredConstructor(types).newInstance(new Object[components.length]);
            return read(c, empty);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object read(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
