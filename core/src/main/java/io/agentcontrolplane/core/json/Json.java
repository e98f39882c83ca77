package io.agentcontrolplane.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The engine's JSON: ISO-8601 instants, map entries in key order and stable property order, so that equal values
 * always give byte-identical text; unknown fields in input are errors, named with their path.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a file into {@code type}, or fails with a message naming the file, the field and the problem. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), type);
        } catch (NoSuchFileException e) {
            throw new JsonInputException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new JsonInputException(describe(file.toString(), e));
        } catch (IOException e) {
            throw new JsonInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads text into {@code type}; {@code source} names it in errors. */
    public static <T> T read(String source, String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new JsonInputException(describe(source, e));
        }
    }

    /** {@code world.json: issues[3].createdAt: expected a whole number, found a string (line 4, column 20)}. */
    static String describe(String source, JsonProcessingException e) {
        return source + ": " + JsonProblems.describe(e);
    }

    /** Bad JSON input; the message names the source and the field. */
    public static final class JsonInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JsonInputException(String message) {
            super(message);
        }
    }
}
