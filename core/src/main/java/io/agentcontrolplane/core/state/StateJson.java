package io.agentcontrolplane.core.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;

/**
 * The one Jackson configuration for state files.
 *
 * <ul>
 *   <li>Instants are ISO-8601 strings ({@code 2025-01-02T03:04:05Z}); item references are strings
 *       ({@code issue#12}).</li>
 *   <li>Output is pretty-printed, map keys sorted.</li>
 *   <li>Unknown fields are ignored, so a newer version's extra fields do not break an older reader.</li>
 *   <li>Values are strict: no string-to-number or float-to-int coercion, no numbers for enums, nothing after the
 *       root value. Required fields (and so non-null primitives) are checked by the store, per kind; an
 *       optional primitive that is absent takes its default ({@code false}, {@code 0}), so that files written
 *       before a flag existed still read.</li>
 * </ul>
 */
public final class StateJson {
    private static final ObjectMapper MAPPER = build();

    private StateJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    /** A record file's content: the value as JSON, ending in a newline. */
    public static byte[] bytes(Object value) {
        try {
            byte[] body = mapper().writeValueAsBytes(value);
            byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
            out[body.length] = '\n';
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        SimpleModule items = new SimpleModule("acp-item-ref");
        items.addSerializer(ItemRef.class, new JsonSerializer<>() {
            @Override
            public void serialize(ItemRef value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeString(value.toString());
            }
        });
        items.addDeserializer(ItemRef.class, new JsonDeserializer<>() {
            @Override
            public ItemRef deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (ItemRef) ctxt.handleUnexpectedToken(ItemRef.class, p);
                }
                try {
                    return ItemRef.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    return (ItemRef) ctxt.handleWeirdStringValue(ItemRef.class, p.getText(), e.getMessage());
                }
            }
        });
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(items)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
