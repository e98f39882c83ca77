package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.outbox.CrashPoints.Point;
import io.agentcontrolplane.core.outbox.Outbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM for {@link OutboxSandboxCrashTest}: flushes the outbox in {@code stateDir} to the sandbox at
 * {@code baseUrl} and dies by {@code Runtime.halt(137)} (no shutdown hooks, no finally blocks: a kill -9) at the
 * {@code k}-th time the flush reaches {@code point}. Exits 0 if it never does.
 *
 * <p>Arguments: stateDir forgeDir baseUrl point k startEpochSecond
 */
public final class OutboxFlushChild {
    private OutboxFlushChild() {
    }

    public static void main(String[] args) {
        Path stateDir = Path.of(args[0]);
        Path forgeDir = Path.of(args[1]);
        String baseUrl = args[2];
        Point point = Point.valueOf(args[3]);
        int k = Integer.parseInt(args[4]);
        CrashScenario.StepClock clock = new CrashScenario.StepClock(Instant.ofEpochSecond(Long.parseLong(args[5])));
        GitHubForge forge = CrashScenario.forge(baseUrl, forgeDir, CrashScenario.governor(clock));
        AtomicInteger hits = new AtomicInteger();
        Outbox outbox = CrashScenario.outbox(stateDir, clock, (p, intent) -> {
            if (p == point && hits.incrementAndGet() == k) {
                System.out.println("halting at " + p + " #" + k + " on " + intent.key());
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        });
        CrashScenario.drain(outbox, forge, clock, 200);
        System.out.println("drained without reaching " + point + " #" + k);
        System.exit(0);
    }
}
