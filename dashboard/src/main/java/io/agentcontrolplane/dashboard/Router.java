package io.agentcontrolplane.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.agentcontrolplane.core.snapshot.ItemDetail;
import io.agentcontrolplane.core.snapshot.PrometheusText;
import io.agentcontrolplane.core.snapshot.RunDetail;
import io.agentcontrolplane.core.snapshot.RunQuery;
import io.agentcontrolplane.core.snapshot.Snapshot;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Every request: only GET and HEAD (the dashboard writes nothing), access checked, then the API, the event stream,
 * the metrics or the page. A bad request gets a JSON error saying which parameter is wrong and what it accepts.
 */
final class Router implements HttpHandler {
    private final SnapshotService service;
    private final Access access;
    private final EventStream events;
    private final StaticFiles files = new StaticFiles();
    private volatile Encoded last;

    /** The last snapshot as JSON, so that a client without an ETag does not cost a second serialisation. */
    private record Encoded(String version, byte[] json) {
    }

    Router(SnapshotService service, Access access, EventStream events) {
        this.service = service;
        this.access = access;
        this.events = events;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (RuntimeException e) {
            Responses.error(ex, 500, "the dashboard could not answer: " + e.getMessage());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            Responses.error(ex, 405, "the dashboard is read-only: " + method + " is not accepted, only GET and HEAD");
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> params;
        try {
            params = QueryStrings.parse(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            Responses.error(ex, 400, e.getMessage());
            return;
        }
        if (path.equals("/") && params.containsKey("token") && access.tokenRequired()) {
            login(ex, params.get("token"));
            return;
        }
        String refusal = access.refusal(ex);
        if (refusal != null) {
            boolean api = path.startsWith("/api/") || path.equals("/metrics");
            if (api || !access.tokenRequired()) {
                Responses.error(ex, access.tokenRequired() ? 401 : 403, refusal);
                return;
            }
            // The page itself holds no data: it loads and then shows the API's refusal.
        }
        if (path.equals("/api/snapshot")) {
            snapshot(ex, params);
        } else if (path.equals("/api/runs")) {
            runs(ex, params);
        } else if (path.startsWith("/api/runs/")) {
            run(ex, QueryStrings.decode(path.substring("/api/runs/".length())));
        } else if (path.startsWith("/api/items/")) {
            item(ex, path.substring("/api/items/".length()));
        } else if (path.equals("/api/events")) {
            events.handle(ex);
        } else if (path.equals("/metrics")) {
            Responses.send(ex, 200, PrometheusText.CONTENT_TYPE, Responses.utf8(PrometheusText.render(
                    service.snapshot())));
        } else if (path.startsWith("/api/")) {
            Responses.error(ex, 404, "no such API: " + path + " (see docs/api.md: /api/snapshot, /api/runs,"
                    + " /api/runs/{id}, /api/items/{profile}/{item}, /api/events)");
        } else {
            files.handle(ex, path);
        }
    }

    private void login(HttpExchange ex, String token) throws IOException {
        if (!access.matches(token)) {
            Responses.error(ex, 401, "the token is not right");
            return;
        }
        ex.getResponseHeaders().add("Set-Cookie", Access.COOKIE + "=" + token
                + "; Path=/; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().set("Location", "/");
        Responses.securityHeaders(ex.getResponseHeaders());
        ex.sendResponseHeaders(303, -1);
    }

    private void snapshot(HttpExchange ex, Map<String, String> params) throws IOException {
        if (!params.isEmpty()) {
            Responses.error(ex, 400, "/api/snapshot takes no parameters, got: " + String.join(", ", params.keySet()));
            return;
        }
        String etag = "\"" + service.version() + "\"";
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            Responses.notModified(ex, etag);
            return;
        }
        Snapshot s = service.snapshot();
        Encoded e = last;
        if (e == null || !e.version().equals(s.version())) {
            e = new Encoded(s.version(), Responses.json(s));
            last = e;
        }
        ex.getResponseHeaders().set("ETag", "\"" + e.version() + "\"");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Responses.send(ex, 200, Responses.JSON, e.json());
    }

    private void runs(HttpExchange ex, Map<String, String> params) throws IOException {
        RunQuery query;
        try {
            query = RunQuery.parse(params, service.profileIds());
        } catch (IllegalArgumentException e) {
            Responses.error(ex, 400, e.getMessage());
            return;
        }
        Responses.sendJson(ex, 200, service.runs(query));
    }

    private void run(HttpExchange ex, String id) throws IOException {
        try {
            StateStore.requireSafeName(id, "run id");
        } catch (IllegalArgumentException e) {
            Responses.error(ex, 400, e.getMessage());
            return;
        }
        Optional<RunDetail> detail = service.run(id);
        if (detail.isEmpty()) {
            Responses.error(ex, 404, "no run '" + id + "' in any profile's state");
            return;
        }
        Responses.sendJson(ex, 200, detail.get());
    }

    private void item(HttpExchange ex, String rest) throws IOException {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            Responses.error(ex, 400, "expected /api/items/{profile}/{item}, e.g. /api/items/demo/issue-12");
            return;
        }
        String profile = QueryStrings.decode(rest.substring(0, slash));
        if (!service.profileIds().contains(profile)) {
            Responses.error(ex, 404, "no profile '" + profile + "' (known: " + String.join(", ",
                    service.profileIds()) + ")");
            return;
        }
        ItemRef item;
        try {
            item = ItemRef.parse(QueryStrings.decode(rest.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            Responses.error(ex, 400, "item: " + e.getMessage().replace("issue#N or pr#N",
                    "issue-N or pr-N, or issue%23N"));
            return;
        }
        Optional<ItemDetail> detail = service.item(profile, item);
        Responses.sendJson(ex, 200, detail.orElseThrow());
    }
}
