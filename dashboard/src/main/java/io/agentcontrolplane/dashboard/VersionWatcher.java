package io.agentcontrolplane.dashboard;

import io.agentcontrolplane.core.snapshot.SnapshotService;
import java.time.Duration;

/**
 * One thread that looks at the snapshot version every {@link #PERIOD} and wakes the event streams when it
 * changes, so that many open pages cost one version check a period, not one each.
 */
final class VersionWatcher implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(500);

    private final SnapshotService service;
    private final Thread thread;
    private String version;
    private volatile boolean closed;

    VersionWatcher(SnapshotService service) {
        this.service = service;
        this.version = service.version();
        this.thread = new Thread(this::loop, "acp-dashboard-version");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized String version() {
        return version;
    }

    /** Waits until the version differs from {@code seen}, or {@code timeout} passes; returns the version then. */
    synchronized String awaitChange(String seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (version.equals(seen) && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return version;
    }

    boolean closed() {
        return closed;
    }

    private void loop() {
        while (!closed) {
            try {
                String now = service.version();
                synchronized (this) {
                    if (!now.equals(version)) {
                        version = now;
                        notifyAll();
                    }
                }
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a state directory could not be read this time (removed, permissions): try again next period
                try {
                    Thread.sleep(PERIOD.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        synchronized (this) {
            notifyAll();
        }
    }
}
