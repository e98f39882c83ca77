package io.agentcontrolplane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentcontrolplane.sandbox.Model.Repo;
import io.agentcontrolplane.sandbox.Model.User;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A faithful, stateful, GitHub-compatible REST server on 127.0.0.1, backed by real bare git
 * repositories. Usable as hub4j's endpoint ({@code new GitHubBuilder().withEndpoint(sandbox.baseUrl())})
 * and also under {@code /api/v3} like GitHub Enterprise.
 *
 * <pre>{@code
 * try (GitHubSandbox gh = GitHubSandbox.builder()
 *     .user("alice", "alice-token")
 *     .repo("acme/widgets")
 *     .permission("acme/widgets", "alice", Permission.WRITE)
 *     .build().start()) {
 *   int n = gh.repo("acme/widgets").createIssue("alice", "Fix it", "body", "bug");
 * }
 * }</pre>
 */
public final class GitHubSandbox implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the client's
    // delayed ACK then holds every answer ~40 ms. Read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
  private static final String API_PREFIX = "/api/v3";

  /** Configures a sandbox; {@link #build()} creates the state, {@link GitHubSandbox#start()} binds. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private int rateLimit = 5000;
    private int rateLimitStatus = 403;
    private boolean lazyMergeability;
    private Clock clock = Clock.systemUTC();
    private final List<Consumer<GitHubSandbox>> steps = new ArrayList<>();

    private Builder() {}

    /** TCP port on 127.0.0.1; 0 (default) picks an ephemeral one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Directory for the bare git repositories; default a fresh temp directory, deleted on close. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Primary rate limit per token per hour (default 5000). */
    public Builder rateLimit(int perHour) {
      this.rateLimit = perHour;
      return this;
    }

    /** Status of a primary-limit refusal: 403 (default) or 429; GitHub uses both. */
    public Builder rateLimitStatus(int status) {
      this.rateLimitStatus = status;
      return this;
    }

    /**
     * When true, the first GET of a pull request after its head or base moved reports
     * {@code mergeable: null, mergeable_state: "unknown"} as GitHub does while it computes.
     */
    public Builder lazyMergeability(boolean lazy) {
      this.lazyMergeability = lazy;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** A user with one token. */
    public Builder user(String login, String token) {
      steps.add(s -> s.addUser(login, token));
      return this;
    }

    /** An organization (owner of repositories, cannot authenticate). */
    public Builder org(String login) {
      steps.add(s -> s.addOrg(login));
      return this;
    }

    /** A public repository "owner/name" with branch main and one initial commit (README.md). */
    public Builder repo(String fullName) {
      steps.add(s -> s.createRepo(fullName, "main", false));
      return this;
    }

    public Builder repo(String fullName, String defaultBranch, boolean isPrivate) {
      steps.add(s -> s.createRepo(fullName, defaultBranch, isPrivate));
      return this;
    }

    public Builder permission(String fullName, String login, Permission permission) {
      steps.add(s -> s.repo(fullName).permission(login, permission));
      return this;
    }

    /** Any further seeding, run once the state exists. */
    public Builder seed(Consumer<GitHubSandbox> step) {
      steps.add(step);
      return this;
    }

    public GitHubSandbox build() {
      GitHubSandbox s = new GitHubSandbox(this);
      steps.forEach(st -> st.accept(s));
      return s;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Per-token primary rate-limit bucket. */
  static final class Bucket {
    int limit;
    int used;
    long reset;
  }

  // ---- state (guarded by lock) ----
  final ReentrantLock lock = new ReentrantLock();
  final Map<String, User> users = new LinkedHashMap<>();
  final Map<String, String> tokens = new LinkedHashMap<>(); // token -> login
  final Map<String, Repo> repos = new LinkedHashMap<>(); // lower-case full name -> repo
  final AtomicLong ids = new AtomicLong(1000);
  private final Map<String, Bucket> buckets = new LinkedHashMap<>();

  private final int configuredPort;
  private final Path dataDir;
  private final boolean ownsDataDir;
  final int rateLimit;
  final int rateLimitStatus;
  final boolean lazyMergeability;
  final Clock clock;
  private final Faults faults = new Faults();
  private final Counters counters = new Counters();
  private final List<Consumer<RecordedExchange>> listeners = new CopyOnWriteArrayList<>();
  final Api api;
  private final GitSmartHttp git = new GitSmartHttp(this);
  private HttpServer server;
  private ExecutorService executor;
  private int boundPort;
  private volatile String baseUrl;

  private GitHubSandbox(Builder b) {
    this.configuredPort = b.port;
    this.rateLimit = b.rateLimit;
    this.rateLimitStatus = b.rateLimitStatus;
    this.lazyMergeability = b.lazyMergeability;
    this.clock = b.clock;
    try {
      if (b.dataDir == null) {
        this.dataDir = Files.createTempDirectory("github-sandbox");
        this.ownsDataDir = true;
      } else {
        this.dataDir = Files.createDirectories(b.dataDir);
        this.ownsDataDir = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.api = new Api(this);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Binds 127.0.0.1 and starts serving. Returns this. After {@link #stop()} it binds the port it had before, so
   * clients built on {@link #baseUrl()} reach it again.
   */
  public GitHubSandbox start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      int port = boundPort != 0 ? boundPort : configuredPort;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "github-sandbox-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    boundPort = server.getAddress().getPort();
    baseUrl = "http://127.0.0.1:" + boundPort;
    return this;
  }

  /**
   * Stops serving (connections are refused, as when GitHub is unreachable) and keeps every repository, user,
   * counter and fault; {@link #start()} serves them again on the same port.
   */
  public GitHubSandbox stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    return this;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    lock.lock();
    try {
      repos.values().forEach(r -> r.git.close());
    } finally {
      lock.unlock();
    }
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** {@code http://127.0.0.1:PORT}: hub4j's endpoint. */
  public String baseUrl() {
    if (baseUrl == null) {
      throw new IllegalStateException("not started");
    }
    return baseUrl;
  }

  /** {@code http://127.0.0.1:PORT/api/v3}: the same API, GitHub Enterprise style. */
  public String enterpriseUrl() {
    return baseUrl() + API_PREFIX;
  }

  public int port() {
    return boundPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Faults faults() {
    return faults;
  }

  public Counters counters() {
    return counters;
  }

  /** Called after every answered request (also faults), on the server thread. */
  public void addExchangeListener(Consumer<RecordedExchange> listener) {
    listeners.add(listener);
  }

  public void removeExchangeListener(Consumer<RecordedExchange> listener) {
    listeners.remove(listener);
  }

  // ---------------------------------------------------------------- seeding

  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** Adds a user with a token (or an extra token for an existing user). */
  public GitHubSandbox addUser(String login, String token) {
    lock.lock();
    try {
      User u = users.computeIfAbsent(login.toLowerCase(Locale.ROOT),
          k -> new User(ids.incrementAndGet(), login, "User", now()));
      if (token != null) {
        tokens.put(token, u.login.toLowerCase(Locale.ROOT));
      }
      return this;
    } finally {
      lock.unlock();
    }
  }

  public GitHubSandbox addOrg(String login) {
    lock.lock();
    try {
      users.computeIfAbsent(login.toLowerCase(Locale.ROOT),
          k -> new User(ids.incrementAndGet(), login, "Organization", now()));
      return this;
    } finally {
      lock.unlock();
    }
  }

  User userOrNull(String login) {
    return login == null ? null : users.get(login.toLowerCase(Locale.ROOT));
  }

  User requireUser(String login) {
    User u = userOrNull(login);
    if (u == null) {
      throw new IllegalArgumentException("unknown user " + login);
    }
    return u;
  }

  /** Creates a repository with one initial commit on its default branch. */
  public SandboxRepo createRepo(String fullName, String defaultBranch, boolean isPrivate) {
    String[] parts = fullName.split("/", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("owner/name expected: " + fullName);
    }
    lock.lock();
    try {
      if (repos.containsKey(fullName.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("repository exists: " + fullName);
      }
      User owner = userOrNull(parts[0]);
      if (owner == null) {
        addOrg(parts[0]);
        owner = userOrNull(parts[0]);
      }
      GitRepo git = GitRepo.createBare(dataDir.resolve(parts[0]).resolve(parts[1] + ".git"));
      git.setHead(defaultBranch);
      Repo r = new Repo(ids.incrementAndGet(), owner, parts[1], defaultBranch, isPrivate, now(), git);
      git.commit(defaultBranch, null, Map.of("README.md", "# " + parts[1] + "\n"), "Initial commit",
          owner.login, owner.login + "@users.noreply.github.com", now());
      repos.put(fullName.toLowerCase(Locale.ROOT), r);
      return new SandboxRepo(this, r);
    } finally {
      lock.unlock();
    }
  }

  /** The repositories' full names ({@code owner/name}), sorted. */
  public java.util.List<String> repoNames() {
    lock.lock();
    try {
      return repos.values().stream().map(Model.Repo::fullName).sorted().toList();
    } finally {
      lock.unlock();
    }
  }

  /** Seeding and inspection handle for an existing repository. */
  public SandboxRepo repo(String fullName) {
    lock.lock();
    try {
      Repo r = repos.get(fullName.toLowerCase(Locale.ROOT));
      if (r == null) {
        throw new IllegalArgumentException("unknown repository " + fullName);
      }
      return new SandboxRepo(this, r);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- rate limits

  private Bucket bucket(String token) {
    Bucket b = buckets.computeIfAbsent(token, k -> {
      Bucket nb = new Bucket();
      nb.limit = token.isEmpty() ? 60 : rateLimit;
      return nb;
    });
    long nowSec = clock.instant().getEpochSecond();
    if (b.reset <= nowSec) {
      b.used = 0;
      b.reset = nowSec + 3600;
    }
    return b;
  }

  /** Remaining primary budget of a token this hour. */
  public int rateLimitRemaining(String token) {
    lock.lock();
    try {
      Bucket b = bucket(token);
      return Math.max(0, b.limit - b.used);
    } finally {
      lock.unlock();
    }
  }

  /** Sets the remaining primary budget of a token (0 exhausts it until the reset). */
  public void setRateLimitRemaining(String token, int remaining) {
    lock.lock();
    try {
      Bucket b = bucket(token);
      b.used = Math.max(0, b.limit - remaining);
    } finally {
      lock.unlock();
    }
  }

  Bucket bucketSnapshot(String token) {
    Bucket b = bucket(token);
    Bucket c = new Bucket();
    c.limit = b.limit;
    c.used = b.used;
    c.reset = b.reset;
    return c;
  }

  // ---------------------------------------------------------------- HTTP pipeline

  /** A handler's answer. */
  static final class Resp {
    int status;
    JsonNode body;
    final Map<String, String> headers = new LinkedHashMap<>();
    Instant lastModified;

    Resp(int status, JsonNode body) {
      this.status = status;
      this.body = body;
    }
  }

  /** An error answer thrown from handlers. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Resp resp;

    ApiError(int status, JsonNode body) {
      super(status + " " + body, null, false, false);
      this.resp = new Resp(status, body);
    }
  }

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private void handle(HttpExchange ex) {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    boolean enterprise = rawPath.equals(API_PREFIX) || rawPath.startsWith(API_PREFIX + "/");
    String path = enterprise ? rawPath.substring(API_PREFIX.length()) : rawPath;
    if (path.isEmpty()) {
      path = "/";
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String apiBase = baseUrl + (enterprise ? API_PREFIX : "");
    if (!enterprise && GitSmartHttp.PATH.matcher(path).matches()) {
      try {
        git.serve(ex, path, query);
      } catch (IOException | RuntimeException e) {
        // client went away or the git protocol failed; closing drops the connection
      } finally {
        ex.close();
      }
      return;
    }
    Api.Match match = api.match(method, path);
    String route = match == null ? null : match.route().template();
    counters.request(method, route);
    String token = token(ex.getRequestHeaders());
    try {
      byte[] reqBody = ex.getRequestBody().readAllBytes();
      Fault fault = faults.take(method, path);
      if (fault != null) {
        if (fault.kind() == Fault.Kind.DELAY) {
          sleep(fault.duration());
        } else {
          counters.faulted();
          injectFault(ex, fault, method, path, query, route, token);
          return;
        }
      }
      serve(ex, method, path, query, route, match, apiBase, token, reqBody);
    } catch (IOException e) {
      // client went away
    } catch (RuntimeException e) {
      try {
        send(ex, method, path, query, route, new Resp(500, Render.error("Server Error: " + e, 500)),
            token == null ? "" : token, false, false);
      } catch (IOException ignored) {
        // client went away
      }
    } finally {
      ex.close();
    }
  }

  private void serve(HttpExchange ex, String method, String path, String query, String route,
      Api.Match match, String apiBase, String token, byte[] reqBody) throws IOException {
    Resp resp;
    boolean counted = false;
    String login = null;
    lock.lock();
    try {
      if (token == null) {
        resp = new Resp(401, Render.error("Requires authentication", 401));
        send(ex, method, path, query, route, resp, "", false, false);
        return;
      }
      login = tokens.get(token);
      if (login == null) {
        resp = new Resp(401, Render.error("Bad credentials", 401));
        send(ex, method, path, query, route, resp, "", false, false);
        return;
      }
      User user = users.get(login);
      boolean free = "/rate_limit".equals(route);
      Bucket b = bucket(token);
      if (!free && b.used >= b.limit) {
        resp = primaryLimitResp(user, rateLimitStatus);
        send(ex, method, path, query, route, resp, token, false, false);
        return;
      }
      if (match == null) {
        resp = new Resp(404, Render.error("Not Found", 404));
      } else {
        Render render = new Render(apiBase, baseUrl, baseUrl.substring("http://".length()));
        try {
          JsonNode body = reqBody.length == 0 ? null : JSON.readTree(reqBody);
          resp = api.dispatch(match, method, path, query, user, render, body, apiBase);
        } catch (ApiError e) {
          resp = e.resp;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          resp = new Resp(400, Render.error("Problems parsing JSON", 400));
        }
      }
      // Conditional GET: a 304 costs nothing.
      if (method.equals("GET") && resp.status == 200 && resp.body != null) {
        byte[] bytes = JSON.writeValueAsBytes(resp.body);
        String etag = etag(bytes);
        resp.headers.put("ETag", etag);
        if (resp.lastModified != null) {
          resp.headers.put("Last-Modified", HTTP_DATE.format(ZonedDateTime.ofInstant(resp.lastModified, ZoneOffset.UTC)));
        }
        if (notModified(ex.getRequestHeaders(), etag, resp.lastModified)) {
          counters.notModified();
          Resp nm = new Resp(304, null);
          nm.headers.put("ETag", etag);
          if (resp.lastModified != null) {
            nm.headers.put("Last-Modified", resp.headers.get("Last-Modified"));
          }
          send(ex, method, path, query, route, nm, token, false, false);
          return;
        }
      }
      if (!free) {
        b.used++;
        counted = true;
      }
    } finally {
      lock.unlock();
    }
    // Logged before the answer goes out, so a client that has its answer finds the write in the log.
    if (!method.equals("GET") && resp.status >= 200 && resp.status < 300) {
      counters.write(new Counters.Write(method, path, route, resp.status, login,
          new String(reqBody, StandardCharsets.UTF_8), now()));
    }
    send(ex, method, path, query, route, resp, token, counted, false);
  }

  private static boolean notModified(Headers h, String etag, Instant lastModified) {
    String inm = h.getFirst("If-None-Match");
    if (inm != null) {
      for (String t : inm.split(",")) {
        String v = t.trim();
        if (v.startsWith("W/")) {
          v = v.substring(2);
        }
        if (v.equals(etag) || v.equals("*")) {
          return true;
        }
      }
      return false;
    }
    String ims = h.getFirst("If-Modified-Since");
    if (ims != null && lastModified != null) {
      try {
        Instant since = ZonedDateTime.parse(ims, HTTP_DATE).toInstant();
        return !lastModified.isAfter(since);
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  private static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Resp primaryLimitResp(User user, int status) {
    Resp r = new Resp(status, Render.error("API rate limit exceeded for user ID " + user.id
        + ". If you reach out to GitHub Support for help, please include the request ID.", status));
    ((ObjectNode) r.body).put("documentation_url",
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
    return r;
  }

  private static String token(Headers h) {
    String a = h.getFirst("Authorization");
    if (a == null) {
      return null;
    }
    a = a.trim();
    int sp = a.indexOf(' ');
    if (sp < 0) {
      return null;
    }
    String scheme = a.substring(0, sp).toLowerCase(Locale.ROOT);
    if (scheme.equals("token") || scheme.equals("bearer")) {
      return a.substring(sp + 1).trim();
    }
    return null;
  }

  private void injectFault(HttpExchange ex, Fault f, String method, String path, String query,
      String route, String token) throws IOException {
    String tk = token == null ? "" : token;
    switch (f.kind()) {
      case RESET -> {
        record(method, path, query, route, 0, Map.of(), "", true);
        // Closing an exchange whose headers were never sent drops the TCP connection.
      }
      case TIMEOUT -> {
        sleep(f.duration());
        record(method, path, query, route, 0, Map.of(), "", true);
      }
      case TRUNCATED -> {
        byte[] part = "{\"message\":\"partial".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, 4096);
        OutputStream os = ex.getResponseBody();
        os.write(part);
        os.flush();
        record(method, path, query, route, 200, Map.of(), new String(part, StandardCharsets.UTF_8), true);
        // ex.close() in handle() fails on the short body and drops the connection.
      }
      case SECONDARY_RATE_LIMIT, TOO_MANY_REQUESTS -> {
        Resp r = new Resp(f.statusCode(), Render.error(
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                + "If you reach out to GitHub Support for help, please include the request ID.", f.statusCode()));
        ((ObjectNode) r.body).put("documentation_url",
            "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
        r.headers.put("Retry-After", String.valueOf(f.retryAfterSeconds()));
        send(ex, method, path, query, route, r, tk, false, true);
      }
      case PRIMARY_EXHAUSTED -> {
        Resp r;
        lock.lock();
        try {
          User u = tk.isEmpty() || tokens.get(tk) == null ? new User(0, "anonymous", "User", now())
              : users.get(tokens.get(tk));
          r = primaryLimitResp(u, f.statusCode());
        } finally {
          lock.unlock();
        }
        r.headers.put("x-ratelimit-remaining", "0");
        send(ex, method, path, query, route, r, tk, false, true);
      }
      case STATUS -> {
        int st = f.statusCode();
        String msg = switch (st) {
          case 500 -> "Server Error";
          case 502 -> "Server Error";
          case 503 -> "Service Unavailable";
          case 504 -> "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.";
          case 404 -> "Not Found";
          case 403 -> "Forbidden";
          default -> "Injected failure";
        };
        send(ex, method, path, query, route, new Resp(st, Render.error(msg, st)), tk, false, true);
      }
      default -> throw new IllegalStateException(f.toString());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(HttpExchange ex, String method, String path, String query, String route, Resp r,
      String token, boolean counted, boolean faulted) throws IOException {
    Headers h = ex.getResponseHeaders();
    Bucket b;
    lock.lock();
    try {
      b = bucketSnapshot(token);
    } finally {
      lock.unlock();
    }
    h.set("x-ratelimit-limit", String.valueOf(b.limit));
    h.set("x-ratelimit-remaining", String.valueOf(Math.max(0, b.limit - b.used)));
    h.set("x-ratelimit-used", String.valueOf(b.used));
    h.set("x-ratelimit-reset", String.valueOf(b.reset));
    h.set("x-ratelimit-resource", "core");
    h.set("X-GitHub-Api-Version-Selected", "2022-11-28");
    h.set("X-GitHub-Media-Type", "github.v3; format=json");
    h.set("X-GitHub-Request-Id", Long.toHexString(ids.incrementAndGet()).toUpperCase(Locale.ROOT));
    h.set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
    h.set("Cache-Control", "private, max-age=60, s-maxage=60");
    r.headers.forEach(h::set);
    byte[] bytes = r.body == null ? new byte[0] : JSON.writeValueAsBytes(r.body);
    if (r.status == 204 || r.status == 304) {
      ex.sendResponseHeaders(r.status, -1);
    } else {
      h.set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(r.status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    h.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    record(method, path, query, route, r.status, copy, new String(bytes, StandardCharsets.UTF_8), faulted);
  }

  private void record(String method, String path, String query, String route, int status,
      Map<String, List<String>> headers, String body, boolean faulted) {
    if (listeners.isEmpty()) {
      return;
    }
    RecordedExchange e = new RecordedExchange(method, path, query, route, status, headers, body, faulted);
    for (Consumer<RecordedExchange> l : listeners) {
      l.accept(e);
    }
  }

  static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
