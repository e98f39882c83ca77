package io.agentcontrolplane.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Scriptable fault injection. Rules are tried in the order they were added; the first one whose
 * method and path pattern match the request, and that has uses left, fires and uses one up.
 *
 * <p>Path patterns are globs over the request path without the {@code /api/v3} prefix and without
 * the query: {@code *} matches one path segment, {@code **} any number of characters. The method
 * may be {@code *} (or null) for any method. Example:
 * {@code faults().on("POST", "/repos/*&#47;*&#47;issues/*&#47;comments").next(2, Fault.status(502))}.
 */
public final class Faults {

  /** A rule under construction for one method and path pattern. */
  public final class Matcher {
    private final String method;
    private final Pattern path;
    private final String pattern;

    private Matcher(String method, String pathGlob) {
      this.method = method == null ? "*" : method.toUpperCase(Locale.ROOT);
      this.pattern = pathGlob == null ? "**" : pathGlob;
      this.path = glob(this.pattern);
    }

    /** The next {@code times} matching requests get {@code fault}. */
    public Faults next(int times, Fault fault) {
      add(new Rule(method, path, pattern, fault, times));
      return Faults.this;
    }

    /** Every matching request gets {@code fault} until {@link #clear()}. */
    public Faults always(Fault fault) {
      add(new Rule(method, path, pattern, fault, Integer.MAX_VALUE));
      return Faults.this;
    }
  }

  private static final class Rule {
    final String method;
    final Pattern path;
    final String pattern;
    final Fault fault;
    int remaining;

    Rule(String method, Pattern path, String pattern, Fault fault, int remaining) {
      this.method = method;
      this.path = path;
      this.pattern = pattern;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private long injected;

  Faults() {}

  /** Rules for requests with this method (or "*") and path glob. */
  public Matcher on(String method, String pathGlob) {
    return new Matcher(method, pathGlob);
  }

  /** The next {@code times} requests of any kind get {@code fault}. */
  public Faults next(int times, Fault fault) {
    return on("*", "**").next(times, fault);
  }

  /** The next {@code times} requests matching method and path glob get {@code fault}. */
  public Faults next(int times, String method, String pathGlob, Fault fault) {
    return on(method, pathGlob).next(times, fault);
  }

  public Faults always(Fault fault) {
    return on("*", "**").always(fault);
  }

  public synchronized void clear() {
    rules.clear();
  }

  /** Number of faults injected so far. */
  public synchronized long injected() {
    return injected;
  }

  /** Number of scheduled (not yet used) faults; {@code always} rules count as one. */
  public synchronized int pending() {
    int n = 0;
    for (Rule r : rules) {
      n += r.remaining == Integer.MAX_VALUE ? 1 : r.remaining;
    }
    return n;
  }

  private synchronized void add(Rule r) {
    if (r.remaining <= 0) {
      throw new IllegalArgumentException("times must be positive");
    }
    rules.add(r);
  }

  /** Returns the fault to inject for this request, consuming one use, or null. */
  synchronized Fault take(String method, String path) {
    for (var it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if ((r.method.equals("*") || r.method.equals(method)) && r.path.matcher(path).matches()) {
        if (r.remaining != Integer.MAX_VALUE) {
          r.remaining--;
        }
        if (r.remaining <= 0) {
          it.remove();
        }
        injected++;
        return r.fault;
      }
    }
    return null;
  }

  static Pattern glob(String glob) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char ch = glob.charAt(i);
      if (ch == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          sb.append(".*");
          i++;
        } else {
          sb.append("[^/]+");
        }
      } else {
        sb.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(sb.toString());
  }
}
