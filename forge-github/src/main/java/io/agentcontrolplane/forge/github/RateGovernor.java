package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides whether a GitHub call may be made now. One per profile (one token's budget), shared by every caller,
 * thread-safe.
 *
 * <ul>
 *   <li>Tracks the remaining primary budget from the {@code x-ratelimit-*} headers of every answer.</li>
 *   <li>Honours {@code Retry-After} and {@code x-ratelimit-reset}: until then no call is made, each fails fast with
 *       {@link ForgeException.Kind#RATE_LIMITED} carrying the time.</li>
 *   <li>When the budget runs low, refuses reads first (at or below {@code readReserve} remaining) and writes only at
 *       or below {@code reserve}, so the last {@code reserve} requests of the hour are never spent.</li>
 *   <li>Spaces content-creating writes (comments, pull requests, reviews): one at a time, at most
 *       {@code writesPerMinute}.</li>
 * </ul>
 */
public final class RateGovernor {
    /** Waits; tests pass one that advances a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Without a Retry-After, a secondary limit is waited out for at least a minute (GitHub's advice). */
    static final Duration SECONDARY_DEFAULT_WAIT = Duration.ofMinutes(1);

    private final int reserve;
    private final int readReserve;
    private final Duration spacing;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ReentrantLock contentLock = new ReentrantLock(true);
    private Instant nextContentAt = Instant.EPOCH; // guarded by contentLock

    // guarded by this
    private long remaining = -1;
    private long limit = -1;
    private Instant resetAt;
    private Instant blockedUntil;
    private String blockReason;

    public RateGovernor(Profile.GitHubSettings settings, Clock clock, Sleeper sleeper) {
        Profile.GitHubSettings s = Objects.requireNonNullElseGet(settings, Profile.GitHubSettings::defaults);
        if (s.reserve() < 0 || s.readReserve() < 0 || s.writesPerMinute() < 1) {
            throw new IllegalArgumentException("reserve and readReserve must be >= 0, writesPerMinute >= 1: " + s);
        }
        this.reserve = s.reserve();
        this.readReserve = Math.max(s.readReserve(), s.reserve());
        this.spacing = Duration.ofMillis(Math.max(1, 60_000L / s.writesPerMinute()));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A governor on the system clock that really sleeps. */
    public static RateGovernor of(Profile.GitHubSettings settings) {
        return new RateGovernor(settings, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    public Clock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** Throws unless a read may be sent now. */
    public void checkRead() throws ForgeException {
        check(readReserve, "read");
    }

    /** Throws unless a write may be sent now. */
    public void checkWrite() throws ForgeException {
        check(reserve, "write");
    }

    private synchronized void check(int floor, String what) throws ForgeException {
        Instant now = clock.instant();
        if (blockedUntil != null) {
            if (now.isBefore(blockedUntil)) {
                throw new ForgeException(ForgeException.Kind.RATE_LIMITED, 0,
                        "GitHub " + blockReason + "; no " + what + " before " + blockedUntil, blockedUntil, null);
            }
            blockedUntil = null;
            blockReason = null;
        }
        if (resetAt != null && !now.isBefore(resetAt)) {
            remaining = -1; // a new hour: the budget is back until the next answer says otherwise
            resetAt = null;
        }
        if (remaining >= 0 && remaining <= floor) {
            Instant retry = resetAt != null ? resetAt : now.plus(SECONDARY_DEFAULT_WAIT);
            throw new ForgeException(ForgeException.Kind.RATE_LIMITED, 0,
                    "GitHub budget low: " + remaining + " requests left of " + limit + "; " + what + "s keep a reserve of "
                            + floor + " until " + retry, retry, null);
        }
    }

    /** The budget an answer reported (its {@code x-ratelimit-remaining}, {@code -limit}, {@code -reset}). */
    public synchronized void observeBudget(long remainingNow, long limitNow, Instant reset) {
        if (reset != null && resetAt != null && reset.isBefore(resetAt) && remainingNow > remaining) {
            return; // an older answer overtaken by a newer one
        }
        if (resetAt != null && reset != null && reset.equals(resetAt) && remaining >= 0) {
            remaining = Math.min(remaining, remainingNow); // concurrent answers: keep the lowest
        } else {
            remaining = remainingNow;
        }
        limit = limitNow;
        resetAt = reset;
    }

    /** GitHub refused a call for a rate limit: nothing is sent before {@code until}. */
    public synchronized void blockUntil(Instant until, String reason) {
        if (until != null && (blockedUntil == null || until.isAfter(blockedUntil))) {
            blockedUntil = until;
            blockReason = reason;
        }
    }

    /** When calls may resume, if GitHub asked to wait. */
    public synchronized Instant blockedUntil() {
        return blockedUntil != null && clock.instant().isBefore(blockedUntil) ? blockedUntil : null;
    }

    /** The remaining primary budget last reported, or -1 when unknown. */
    public synchronized long remaining() {
        return remaining;
    }

    /** Runs a content-creating write: alone, and no sooner than the spacing after the previous one. */
    public <T> T contentWrite(ForgeCall<T> call) throws ForgeException {
        try {
            contentLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgeException(ForgeException.Kind.TRANSIENT, 0, "interrupted waiting to write", null, e);
        }
        try {
            checkWrite();
            Duration wait = Duration.between(clock.instant(), nextContentAt);
            if (!wait.isNegative() && !wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ForgeException(ForgeException.Kind.TRANSIENT, 0, "interrupted waiting to write", null, e);
                }
                checkWrite();
            }
            try {
                return call.call();
            } finally {
                nextContentAt = clock.instant().plus(spacing);
            }
        } finally {
            contentLock.unlock();
        }
    }

    /** A call that may fail with a {@link ForgeException}. */
    @FunctionalInterface
    public interface ForgeCall<T> {
        T call() throws ForgeException;
    }
}
