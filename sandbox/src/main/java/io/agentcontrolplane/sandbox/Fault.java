package io.agentcontrolplane.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * One injected misbehaviour. Create with the static factories and schedule with {@link Faults}.
 */
public final class Fault {

  public enum Kind {
    /** A GitHub-style error response with the given status (5xx, 4xx). */
    STATUS,
    /** Hold the response longer than the client's timeout, then drop the connection. */
    TIMEOUT,
    /** Close the connection without any response. */
    RESET,
    /** Send headers announcing a body, write part of it, then close. */
    TRUNCATED,
    /** 403 with Retry-After and GitHub's secondary rate limit message. */
    SECONDARY_RATE_LIMIT,
    /** 429 with Retry-After and GitHub's secondary rate limit message. */
    TOO_MANY_REQUESTS,
    /** 403 (or 429) with x-ratelimit-remaining: 0 and GitHub's primary limit message. */
    PRIMARY_EXHAUSTED,
    /** Delay, then serve the request normally. */
    DELAY
  }

  private final Kind kind;
  private final int status;
  private final Duration duration;
  private final int retryAfterSeconds;

  private Fault(Kind kind, int status, Duration duration, int retryAfterSeconds) {
    this.kind = kind;
    this.status = status;
    this.duration = duration;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, Duration.ZERO, 0);
  }

  public static Fault timeout(Duration hold) {
    return new Fault(Kind.TIMEOUT, 0, Objects.requireNonNull(hold), 0);
  }

  public static Fault reset() {
    return new Fault(Kind.RESET, 0, Duration.ZERO, 0);
  }

  public static Fault truncated() {
    return new Fault(Kind.TRUNCATED, 200, Duration.ZERO, 0);
  }

  public static Fault secondaryRateLimit(int retryAfterSeconds) {
    return new Fault(Kind.SECONDARY_RATE_LIMIT, 403, Duration.ZERO, retryAfterSeconds);
  }

  public static Fault tooManyRequests(int retryAfterSeconds) {
    return new Fault(Kind.TOO_MANY_REQUESTS, 429, Duration.ZERO, retryAfterSeconds);
  }

  public static Fault primaryExhausted() {
    return new Fault(Kind.PRIMARY_EXHAUSTED, 403, Duration.ZERO, 0);
  }

  public static Fault primaryExhausted(int status) {
    return new Fault(Kind.PRIMARY_EXHAUSTED, status, Duration.ZERO, 0);
  }

  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, Objects.requireNonNull(delay), 0);
  }

  public Kind kind() {
    return kind;
  }

  public int statusCode() {
    return status;
  }

  public Duration duration() {
    return duration;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public String toString() {
    return kind + (status != 0 ? " " + status : "") + (duration.isZero() ? "" : " " + duration)
        + (retryAfterSeconds != 0 ? " retry-after=" + retryAfterSeconds : "");
  }
}
