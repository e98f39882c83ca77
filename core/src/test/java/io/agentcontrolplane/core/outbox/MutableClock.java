package io.agentcontrolplane.core.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves; its {@link #sleeper()} advances it instead of sleeping. */
public final class MutableClock extends Clock {
    private Instant now;
    private Duration slept = Duration.ZERO;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    synchronized void set(Instant t) {
        now = t;
    }

    synchronized Duration slept() {
        return slept;
    }

    public Outbox.Sleeper sleeper() {
        return d -> {
            synchronized (this) {
                slept = slept.plus(d);
                now = now.plus(d);
            }
        };
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
