package io.agentcontrolplane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates sandbox response bodies against GitHub's official OpenAPI subset
 * ({@code ../shared/github-api/openapi-subset.json}) with networknt's OpenAPI 3.0 dialect:
 * {@code paths[P][method].responses[status].content.application/json.schema}, {@code $ref}s resolved
 * inside the same document.
 *
 * <p>Rules: a status the operation documents is validated against its schema (or must have an empty
 * body when the spec gives none, e.g. 204/304). An error status the operation does not list (401,
 * injected 5xx/429, rate-limit 403...) is validated against {@code basic-error}: GitHub's spec does
 * not enumerate those per operation. Likewise an error status the spec lists without content (422
 * of git/delete-ref) may carry a {@code basic-error} body, as real GitHub does. These are the only
 * tolerated differences; success bodies must match their schema exactly.
 */
final class OpenApiFidelity {

  static final String BASE = "https://sandbox.invalid/openapi-subset.json";
  private static OpenApiFidelity instance;

  private final JsonNode spec;
  private final SchemaRegistry registry;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Schema> cache = new ConcurrentHashMap<>();

  private OpenApiFidelity(Path file) {
    try {
      String text = Files.readString(file);
      this.spec = json.readTree(text);
      this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(BASE, text)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path sharedDir() {
    String p = System.getProperty("acp.shared.dir");
    if (p != null && Files.isDirectory(Path.of(p))) {
      return Path.of(p);
    }
    // Running from the module directory without Maven: the repo root is one level up.
    for (Path c : List.of(Path.of("../../shared"), Path.of("../shared"))) {
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    throw new IllegalStateException("shared dir not found; set -Dacp.shared.dir");
  }

  static synchronized OpenApiFidelity get() {
    if (instance == null) {
      instance = new OpenApiFidelity(sharedDir().resolve("github-api/openapi-subset.json"));
    }
    return instance;
  }

  JsonNode spec() {
    return spec;
  }

  private static String escape(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  /** Pointer to the response object, following a {@code $ref} into components/responses. */
  private String responsePointer(String path, String method, int status) {
    JsonNode op = spec.path("paths").path(path).path(method.toLowerCase());
    if (op.isMissingNode()) {
      return null;
    }
    JsonNode resp = op.path("responses").path(String.valueOf(status));
    if (resp.isMissingNode()) {
      return null;
    }
    if (resp.has("$ref")) {
      return resp.get("$ref").asText().substring(1);
    }
    return "/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status;
  }

  boolean hasOperation(String path, String method) {
    return !spec.path("paths").path(path).path(method.toLowerCase()).isMissingNode();
  }

  private JsonNode at(String pointer) {
    return spec.at(pointer);
  }

  private Schema schema(String pointer) {
    return cache.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
  }

  /** Problems found for one body; empty when it conforms. */
  List<String> validate(String path, String method, int status, String body) {
    List<String> problems = new ArrayList<>();
    String ptr = responsePointer(path, method, status);
    String schemaPtr;
    if (ptr == null) {
      if (status >= 400) {
        schemaPtr = "/components/schemas/basic-error";
      } else if (status == 304 || status == 204) {
        schemaPtr = null;
      } else {
        problems.add("status " + status + " not documented for " + method + " " + path);
        return problems;
      }
    } else if (at(ptr).path("content").path("application/json").has("schema")) {
      schemaPtr = ptr + "/content/application~1json/schema";
    } else if (status >= 400 && body != null && !body.isEmpty()) {
      // Documented without content (e.g. 422 of git/delete-ref), yet GitHub sends its error body.
      schemaPtr = "/components/schemas/basic-error";
    } else {
      schemaPtr = null;
    }
    if (schemaPtr == null) {
      if (body != null && !body.isEmpty()) {
        problems.add("expected no body for " + status + " but got " + body.length() + " chars");
      }
      return problems;
    }
    if (body == null || body.isEmpty()) {
      problems.add("expected a JSON body for " + status);
      return problems;
    }
    List<Error> errors = schema(schemaPtr).validate(body, InputFormat.JSON);
    for (Error e : errors) {
      problems.add(e.toString());
    }
    return problems;
  }

  /** Validates an exchange recorded by the sandbox; returns problems prefixed with the request. */
  List<String> validate(RecordedExchange e, String schemaPath) {
    if (e.status() == 0) {
      return List.of(); // dropped connection (injected reset/timeout): nothing to validate
    }
    if (e.faulted() && e.status() == 200) {
      return List.of(); // injected truncated body
    }
    String path = schemaPath;
    if (path == null || !hasOperation(path, e.method())) {
      if (e.status() >= 400 && e.body() != null && !e.body().isEmpty()) {
        path = null;
      } else {
        return List.of(); // alias route without its own schema (e.g. GET git/refs); not in the subset
      }
    }
    List<String> raw = path == null
        ? validateAgainst("/components/schemas/basic-error", e.body())
        : validate(path, e.method(), e.status(), e.body());
    List<String> out = new ArrayList<>();
    for (String p : raw) {
      out.add(e.method() + " " + e.path() + " -> " + e.status() + ": " + p);
    }
    return out;
  }

  List<String> validateAgainst(String schemaPointer, String body) {
    List<String> out = new ArrayList<>();
    for (Error er : schema(schemaPointer).validate(body, InputFormat.JSON)) {
      out.add(er.toString());
    }
    return out;
  }
}
