package io.agentcontrolplane.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.agentcontrolplane.core.state.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writing answers: JSON (compact, gzip when the client takes it), errors as JSON, and the security headers. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";
    /** The page's scripts, styles and data come from this server only; nothing inline, nothing framed. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final int GZIP_ABOVE = 1024;
    private static final ObjectWriter WRITER = StateJson.mapper().writer()
            .without(SerializationFeature.INDENT_OUTPUT);

    private Responses() {
    }

    static byte[] json(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    static void securityHeaders(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        Headers h = ex.getResponseHeaders();
        securityHeaders(h);
        h.set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
        byte[] out = body;
        if (body.length > GZIP_ABOVE && accept != null && accept.contains("gzip")) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(body);
            }
            out = buf.toByteArray();
            h.set("Content-Encoding", "gzip");
            h.set("Vary", "Accept-Encoding");
        }
        ex.sendResponseHeaders(status, head ? -1 : out.length == 0 ? -1 : out.length);
        if (!head && out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, JSON, json(value));
    }

    /** {@code {"status": 400, "error": "Bad Request", "message": "..."}}. */
    static void error(HttpExchange ex, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        body.put("message", message);
        send(ex, status, JSON, json(body));
    }

    static void notModified(HttpExchange ex, String etag) throws IOException {
        Headers h = ex.getResponseHeaders();
        securityHeaders(h);
        h.set("ETag", etag);
        ex.sendResponseHeaders(304, -1);
        ex.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Error";
        };
    }
}
