package io.agentcontrolplane.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page: files under {@value #ROOT} on the class path (in this module's jar, where the Jenkins plugin can read
 * the same files). Only the names listed in {@link #TYPES}' extensions and plain path characters are served.
 */
final class StaticFiles {
    /** Where the page's files live on the class path. */
    static final String ROOT = "acp-dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json; charset=utf-8",
            "webmanifest", "application/manifest+json");

    private record File(byte[] bytes, String type, String etag) {
    }

    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    void handle(HttpExchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        Optional<File> file = cache.computeIfAbsent(name, StaticFiles::load);
        if (file.isEmpty()) {
            Responses.error(ex, 404, "no such page: " + path);
            return;
        }
        File f = file.get();
        if (f.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            Responses.notModified(ex, f.etag());
            return;
        }
        ex.getResponseHeaders().set("ETag", f.etag());
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Responses.send(ex, 200, f.type(), f.bytes());
    }

    private static Optional<File> load(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*") || name.contains("..")) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
            return Optional.of(new File(bytes, type, etag));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
