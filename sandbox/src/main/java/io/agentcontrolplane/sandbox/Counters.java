package io.agentcontrolplane.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Request accounting, for tests that assert on traffic ("this comment was created exactly once"). */
public final class Counters {

  /** One completed write (POST/PUT/PATCH/DELETE) that the sandbox answered with a 2xx. */
  public record Write(String method, String path, String route, int status, String login,
      String requestBody, Instant at) {}

  private final Map<String, Long> byRoute = new TreeMap<>();
  private final List<Write> writes = new ArrayList<>();
  private long total;
  private long notModified;
  private long faulted;

  Counters() {}

  synchronized void request(String method, String route) {
    total++;
    byRoute.merge(method + " " + (route == null ? "(unrouted)" : route), 1L, Long::sum);
  }

  synchronized void notModified() {
    notModified++;
  }

  synchronized void faulted() {
    faulted++;
  }

  synchronized void write(Write w) {
    writes.add(w);
  }

  /** Requests seen for a route template, e.g. {@code requests("GET", "/repos/{owner}/{repo}/issues")}. */
  public synchronized long requests(String method, String route) {
    return byRoute.getOrDefault(method + " " + route, 0L);
  }

  /** All requests by "METHOD /route/template". */
  public synchronized Map<String, Long> requestsByRoute() {
    return new TreeMap<>(byRoute);
  }

  public synchronized long totalRequests() {
    return total;
  }

  /** Number of 304 Not Modified answers. */
  public synchronized long notModifiedCount() {
    return notModified;
  }

  /** Number of requests answered by an injected fault. */
  public synchronized long faultedCount() {
    return faulted;
  }

  /** Successful writes, in order. */
  public synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  /** Successful writes whose method matches and whose path matches the glob (see {@link Faults}). */
  public synchronized long writes(String method, String pathGlob) {
    Pattern p = Faults.glob(pathGlob);
    return writes.stream().filter(w -> w.method().equals(method) && p.matcher(w.path()).matches()).count();
  }

  public synchronized void reset() {
    byRoute.clear();
    writes.clear();
    total = 0;
    notModified = 0;
    faulted = 0;
  }
}
