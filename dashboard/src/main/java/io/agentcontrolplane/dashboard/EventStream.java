package io.agentcontrolplane.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/events}: server-sent events. A {@code snapshot} event carries the new version whenever the state
 * changes (the page then fetches {@code /api/snapshot}); a comment line every {@link #KEEP_ALIVE} keeps proxies
 * from closing the stream. At most {@link #MAX_STREAMS} streams at once (each holds a server thread).
 */
final class EventStream {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int MAX_STREAMS = 32;

    private final VersionWatcher watcher;
    private final Semaphore slots = new Semaphore(MAX_STREAMS);

    EventStream(VersionWatcher watcher) {
        this.watcher = watcher;
    }

    void handle(HttpExchange ex) throws IOException {
        if (!slots.tryAcquire()) {
            Responses.error(ex, 503, "too many event streams are open (" + MAX_STREAMS + "); poll /api/snapshot");
            return;
        }
        try {
            var h = ex.getResponseHeaders();
            Responses.securityHeaders(h);
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            h.set("Cache-Control", "no-store");
            h.set("X-Accel-Buffering", "no");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                String seen = watcher.version();
                out.write(Responses.utf8("retry: 2000\n" + event(seen)));
                out.flush();
                while (!watcher.closed()) {
                    String now = watcher.awaitChange(seen, KEEP_ALIVE);
                    out.write(Responses.utf8(now.equals(seen) ? ": keep-alive\n\n" : event(now)));
                    out.flush();
                    seen = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the page went away
            }
        } finally {
            slots.release();
            ex.close();
        }
    }

    private static String event(String version) {
        return "event: snapshot\nid: " + version + "\ndata: {\"version\":\"" + version + "\"}\n\n";
    }
}
