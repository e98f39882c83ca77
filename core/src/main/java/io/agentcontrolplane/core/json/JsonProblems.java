package io.agentcontrolplane.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jackson's failures in plain words: where (the path of the field, {@code issues[3].createdAt}) and what is wrong
 * (an empty file, the wrong kind of value, a number out of range), never a Java class name or Jackson's own text.
 * World files, plans and state files all report through this.
 */
public final class JsonProblems {
    private static final Pattern FOUND = Pattern.compile("(?:from|coerce) (String|Array|Object|Integer|Floating-point|Boolean|Null)"
            + " value");
    private static final Pattern TOKEN = Pattern.compile("token `JsonToken\\.(\\w+)`");
    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.{1,2})' \\(code");
    private static final Pattern OUT_OF_RANGE = Pattern.compile("Numeric value \\((.{1,40})\\) out of range of (\\w+)");

    private JsonProblems() {
    }

    /** {@code issues[3].createdAt}, or empty for the top level. */
    public static String path(JsonProcessingException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        return path.toString();
    }

    /** What is wrong, in plain words, with the line and column when the parser knows them. */
    public static String problem(JsonProcessingException e) {
        return what(e) + where(e);
    }

    /** {@code path: problem}, or just the problem at the top level. */
    public static String describe(JsonProcessingException e) {
        String path = path(e);
        return (path.isEmpty() ? "" : path + ": ") + problem(e);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : "";
    }

    private static String what(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException && cause.getMessage() != null) {
                return "missing required field '" + cause.getMessage() + "'";
            }
            return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        }
        if (e instanceof InputCoercionException || original.startsWith("Numeric value")) {
            Matcher m = OUT_OF_RANGE.matcher(original);
            if (m.find()) {
                return "the number " + m.group(1) + " is out of range (" + range(m.group(2)) + ")";
            }
            return "a number out of range";
        }
        if (e instanceof InvalidFormatException bad) {
            // Our own types explain themselves after the value ("item number must be positive"); Jackson's do not.
            String marker = "\"" + bad.getValue() + "\": ";
            int at = original.indexOf(marker);
            String detail = at < 0 ? "" : original.substring(at + marker.length()).strip();
            if (!detail.isEmpty() && !detail.contains("java.") && !detail.contains("`")
                    && !detail.startsWith("not a valid") && !detail.startsWith("Failed")) {
                return "'" + bad.getValue() + "': " + detail;
            }
            return "'" + bad.getValue() + "' is not " + expected(bad.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (original.startsWith("No content to map due to end-of-input")) {
                return "empty: no JSON value at all";
            }
            String found = found(original);
            String expected = expected(mismatch.getTargetType());
            if (found == null) {
                return "expected " + expected;
            }
            return (path(e).isEmpty() ? "wrong top-level type: " : "") + "expected " + expected + ", found " + found;
        }
        if (e instanceof JsonEOFException || original.contains("end-of-input")) {
            return "not valid JSON: the text ends in the middle of a value";
        }
        Matcher c = UNEXPECTED_CHAR.matcher(original);
        if (c.find()) {
            return "not valid JSON: unexpected character '" + c.group(1) + "'";
        }
        Matcher close = Pattern.compile("Unexpected close marker '(.)'").matcher(original);
        if (close.find()) {
            return "not valid JSON: unexpected '" + close.group(1) + "'";
        }
        if (original.startsWith("Unrecognized token")) {
            Matcher t = Pattern.compile("Unrecognized token '(.{1,40}?)'").matcher(original);
            return "not valid JSON: unexpected word" + (t.find() ? " '" + t.group(1) + "'" : "");
        }
        if (original.startsWith("Trailing token") || original.contains("trailing")) {
            return "not valid JSON: more text after the value";
        }
        return "not valid JSON";
    }

    private static String found(String message) {
        Matcher m = FOUND.matcher(message);
        if (m.find()) {
            return switch (m.group(1)) {
                case "String" -> "a string";
                case "Array" -> "a list";
                case "Object" -> "an object";
                case "Integer" -> "a whole number";
                case "Floating-point" -> "a decimal number";
                case "Boolean" -> "true or false";
                default -> "null";
            };
        }
        Matcher t = TOKEN.matcher(message);
        if (t.find()) {
            return switch (t.group(1)) {
                case "START_ARRAY" -> "a list";
                case "START_OBJECT" -> "an object";
                case "VALUE_STRING" -> "a string";
                case "VALUE_NUMBER_INT" -> "a whole number";
                case "VALUE_NUMBER_FLOAT" -> "a decimal number";
                case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
                case "VALUE_NULL" -> "null";
                default -> null;
            };
        }
        return null;
    }

    /** The kind of value a Java type takes, as a JSON author would say it. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 time such as 2026-11-24T12:00:00Z";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT5M";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a different kind of value";
    }

    private static String range(String type) {
        return switch (type) {
            case "int", "Integer", "java.lang.Integer" -> "at most " + Integer.MAX_VALUE;
            case "long", "Long", "java.lang.Long" -> "at most " + Long.MAX_VALUE;
            default -> "too large";
        };
    }
}
