package io.agentcontrolplane.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone dashboard: the JDK's HTTP server in front of a {@link SnapshotService}. Read-only: GET and HEAD
 * only. Binds a loopback address unless told otherwise, and then requires a token (see {@link Access}).
 *
 * <pre>
 * GET /                       the page (static files, see {@link StaticFiles})
 * GET /api/snapshot           the snapshot; ETag, 304 when unchanged
 * GET /api/runs?profile=&amp;status=&amp;lane=&amp;q=&amp;page=   run history
 * GET /api/runs/{id}          a run with its prompt, result, verification journal and log tail
 * GET /api/items/{profile}/{item}   why an item waits, its runs, its budget
 * GET /api/events             server-sent events: "snapshot" when the state changed
 * GET /metrics                Prometheus text
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
    /** The original's port. */
    public static final int DEFAULT_PORT = 8765;
    public static final String DEFAULT_BIND = "127.0.0.1";
    private static final int THREADS = EventStream.MAX_STREAMS + 16;

    private final HttpServer server;
    private final ExecutorService pool;
    private final VersionWatcher watcher;

    private DashboardServer(HttpServer server, ExecutorService pool, VersionWatcher watcher) {
        this.server = server;
        this.pool = pool;
        this.watcher = watcher;
    }

    /**
     * Starts serving {@code service} on {@code bind}:{@code port} (0: any free port).
     *
     * @param token required to read when {@code bind} is not a loopback address; optional otherwise (then
     *     required too)
     * @throws IllegalArgumentException when {@code bind} is not loopback and there is no token
     * @throws IOException when the port cannot be bound
     */
    public static DashboardServer start(SnapshotService service, InetAddress bind, int port, String token)
            throws IOException {
        Access access = new Access(bind, token);
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "acp-dashboard-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        VersionWatcher watcher = new VersionWatcher(service);
        server.createContext("/", new Router(service, access, new EventStream(watcher)));
        server.setExecutor(pool);
        server.start();
        return new DashboardServer(server, pool, watcher);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, as a browser on this machine reaches it. */
    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() || a.isLoopbackAddress() ? "127.0.0.1"
                : a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        watcher.close();
        server.stop(0);
        pool.shutdownNow();
    }
}
