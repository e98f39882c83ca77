package io.jenkins.plugins.acp.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentcontrolplane.core.snapshot.ItemDetail;
import io.agentcontrolplane.core.snapshot.PrometheusText;
import io.agentcontrolplane.core.snapshot.RunDetail;
import io.agentcontrolplane.core.snapshot.RunQuery;
import io.agentcontrolplane.core.snapshot.Snapshot;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.dashboard.QueryStrings;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The standalone dashboard's page and JSON API inside Jenkins: the page's files come from the {@code acp-dashboard}
 * jar ({@code acp-dashboard/} on the class path, the same files {@code acp dashboard} serves) and the API answers
 * as the standalone one does (docs/api.md: the same paths, JSON, ETag and 304 on the snapshot, 400/404 in words),
 * from a {@link SnapshotService} over the configured profiles' state. Read-only: only GET and HEAD. Callers check
 * permissions first.
 */
final class DashboardEndpoint {
    static final String FILES = "acp-dashboard/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8", "css", "text/css;charset=UTF-8", "svg", "image/svg+xml",
            "png", "image/png", "json", "application/json;charset=UTF-8");
    private static final String JSON = "application/json;charset=UTF-8";
    private static final ObjectWriter WRITER = StateJson.mapper().writer()
            .without(SerializationFeature.INDENT_OUTPUT);
    /** How long one event stream stays open before the browser reconnects (it does after 2 s). */
    static final long EVENTS_MILLIS = 25_000;

    private final Supplier<SnapshotService> service;
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    DashboardEndpoint(Supplier<SnapshotService> service) {
        this.service = service;
    }

    /**
     * Answers {@code path} (relative, "" for the page).
     *
     * @param base when not null, a {@code <base href>} put into the page so that its relative addresses (files and
     *     API) resolve there: the view's page uses the root action's API
     */
    void serve(StaplerRequest2 req, StaplerResponse2 rsp, String path, String base) throws IOException {
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            rsp.setHeader("Allow", "GET, HEAD");
            error(rsp, 405, "the dashboard is read-only: " + method + " is not accepted, only GET and HEAD");
            return;
        }
        Map<String, String> params;
        try {
            params = QueryStrings.parse(req.getQueryString());
        } catch (IllegalArgumentException e) {
            error(rsp, 400, e.getMessage());
            return;
        }
        if (path.equals("api/snapshot")) {
            snapshot(req, rsp, params);
        } else if (path.equals("api/runs")) {
            try {
                json(rsp, 200, service.get().runs(RunQuery.parse(params, service.get().profileIds())));
            } catch (IllegalArgumentException e) {
                error(rsp, 400, e.getMessage());
            }
        } else if (path.startsWith("api/runs/")) {
            run(rsp, QueryStrings.decode(path.substring("api/runs/".length())));
        } else if (path.startsWith("api/items/")) {
            item(rsp, path.substring("api/items/".length()));
        } else if (path.equals("api/events")) {
            events(rsp);
        } else if (path.equals("metrics")) {
            send(rsp, 200, PrometheusText.CONTENT_TYPE,
                    PrometheusText.render(service.get().snapshot()).getBytes(StandardCharsets.UTF_8));
        } else if (path.startsWith("api/")) {
            error(rsp, 404, "no such API: /" + path + " (see docs/api.md: api/snapshot, api/runs, api/runs/{id},"
                    + " api/items/{profile}/{item}, api/events)");
        } else {
            file(rsp, path.isEmpty() ? "index.html" : path, base);
        }
    }

    private void snapshot(StaplerRequest2 req, StaplerResponse2 rsp, Map<String, String> params)
            throws IOException {
        if (!params.isEmpty()) {
            error(rsp, 400, "api/snapshot takes no parameters, got: " + String.join(", ", params.keySet()));
            return;
        }
        SnapshotService s = service.get();
        String etag = "\"" + s.version() + "\"";
        rsp.setHeader("Cache-Control", "no-cache");
        if (etag.equals(req.getHeader("If-None-Match"))) {
            rsp.setHeader("ETag", etag);
            rsp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        Snapshot snapshot = s.snapshot();
        rsp.setHeader("ETag", "\"" + snapshot.version() + "\"");
        json(rsp, 200, snapshot);
    }

    private void run(StaplerResponse2 rsp, String id) throws IOException {
        try {
            StateStore.requireSafeName(id, "run id");
        } catch (IllegalArgumentException e) {
            error(rsp, 400, e.getMessage());
            return;
        }
        Optional<RunDetail> detail = service.get().run(id);
        if (detail.isEmpty()) {
            error(rsp, 404, "no run '" + id + "' in any profile's state");
            return;
        }
        json(rsp, 200, detail.get());
    }

    private void item(StaplerResponse2 rsp, String rest) throws IOException {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            error(rsp, 400, "expected api/items/{profile}/{item}, e.g. api/items/demo/issue-12");
            return;
        }
        String profile = QueryStrings.decode(rest.substring(0, slash));
        SnapshotService s = service.get();
        if (!s.profileIds().contains(profile)) {
            error(rsp, 404, "no profile '" + profile + "' (known: " + String.join(", ", s.profileIds()) + ")");
            return;
        }
        ItemRef item;
        try {
            item = ItemRef.parse(QueryStrings.decode(rest.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            error(rsp, 400, "item: " + e.getMessage().replace("issue#N or pr#N", "issue-N or pr-N, or issue%23N"));
            return;
        }
        Optional<ItemDetail> detail = s.item(profile, item);
        json(rsp, 200, detail.orElseThrow());
    }

    /**
     * Server-sent events as the standalone API sends them ({@code snapshot} with the version, on connecting and on
     * each change), for {@link #EVENTS_MILLIS}; then the stream ends and the browser reconnects.
     */
    private void events(StaplerResponse2 rsp) throws IOException {
        rsp.setStatus(200);
        rsp.setContentType("text/event-stream;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-cache");
        PrintWriter out = rsp.getWriter();
        out.print("retry: 2000\n\n");
        String sent = null;
        long end = System.currentTimeMillis() + EVENTS_MILLIS;
        try {
            while (System.currentTimeMillis() < end && !out.checkError()) {
                String version = service.get().version();
                if (!version.equals(sent)) {
                    out.print("event: snapshot\nid: " + version + "\ndata: {\"version\":\"" + version + "\"}\n\n");
                    out.flush();
                    sent = version;
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void file(StaplerResponse2 rsp, String name, String base) throws IOException {
        Optional<byte[]> bytes = files.computeIfAbsent(name, DashboardEndpoint::load);
        String type = bytes.isPresent() ? TYPES.get(name.substring(name.lastIndexOf('.') + 1)) : null;
        if (type == null) {
            error(rsp, 404, "no such page: " + name);
            return;
        }
        byte[] body = bytes.get();
        if (base != null && name.equals("index.html")) {
            String html = new String(body, StandardCharsets.UTF_8);
            String tag = "<base href=\"" + base.replace("&", "&amp;").replace("\"", "&quot;") + "\">";
            body = html.replaceFirst("(?i)<head>", "<head>\n  " + java.util.regex.Matcher.quoteReplacement(tag))
                    .getBytes(StandardCharsets.UTF_8);
        }
        rsp.setHeader("Cache-Control", "no-cache");
        send(rsp, 200, type, body);
    }

    private static Optional<byte[]> load(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]*") || name.contains("..")
                || !TYPES.containsKey(name.substring(name.lastIndexOf('.') + 1))) {
            return Optional.empty();
        }
        try (InputStream in = DashboardEndpoint.class.getClassLoader().getResourceAsStream(FILES + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void json(StaplerResponse2 rsp, int status, Object value) throws IOException {
        byte[] body;
        try {
            body = WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write the answer as JSON", e);
        }
        send(rsp, status, JSON, body);
    }

    static void error(StaplerResponse2 rsp, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Error";
        });
        body.put("message", message);
        json(rsp, status, body);
    }

    private static void send(StaplerResponse2 rsp, int status, String type, byte[] body) throws IOException {
        rsp.setStatus(status);
        rsp.setContentType(type);
        rsp.setContentLength(body.length);
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(body);
        }
    }
}
