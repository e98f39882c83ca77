package io.agentcontrolplane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.sandbox.GitHubSandbox.ApiError;
import io.agentcontrolplane.sandbox.GitHubSandbox.Resp;
import io.agentcontrolplane.sandbox.Model.CheckRun;
import io.agentcontrolplane.sandbox.Model.Comment;
import io.agentcontrolplane.sandbox.Model.Issue;
import io.agentcontrolplane.sandbox.Model.Label;
import io.agentcontrolplane.sandbox.Model.Pull;
import io.agentcontrolplane.sandbox.Model.Repo;
import io.agentcontrolplane.sandbox.Model.Review;
import io.agentcontrolplane.sandbox.Model.ReviewComment;
import io.agentcontrolplane.sandbox.Model.Status;
import io.agentcontrolplane.sandbox.Model.User;
import io.agentcontrolplane.sandbox.Model.WorkflowRun;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Routes and handlers. Every route template is the OpenAPI path of the operation it serves (aliases
 * name their canonical path via {@link Route#schemaPath()}). Handlers run under the sandbox lock.
 */
final class Api {

  interface Handler {
    Resp handle(Call c);
  }

  record Route(String method, String template, String schemaPath, Pattern pattern, List<String> names, Handler handler) {}

  record Match(Route route, Map<String, String> params) {}

  /** One request, as handlers see it. */
  static final class Call {
    String method;
    String path;
    String apiBase;
    Map<String, String> params;
    Map<String, String> query;
    JsonNode body;
    User user;
    Render r;
    Repo repo;
    Permission perm;

    String p(String name) {
      return params.get(name);
    }

    String q(String name) {
      return query.get(name);
    }
  }

  private final GitHubSandbox sb;
  private final List<Route> routes = new ArrayList<>();

  Api(GitHubSandbox sb) {
    this.sb = sb;
    get("/rate_limit", this::rateLimit);
    get("/user", this::authenticatedUser);
    get("/repos/{owner}/{repo}", this::getRepo);
    get("/repos/{owner}/{repo}/actions/runs", this::listRuns);
    alias("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", null, this::getRun);
    add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs", this::rerunFailed);
    // hub4j 1.330 only offers GHWorkflowRun.rerun(): re-runs the whole run; same answer shape.
    alias("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun",
        "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs", this::rerunAll);
    get("/repos/{owner}/{repo}/collaborators/{username}/permission", this::collaboratorPermission);
    get("/repos/{owner}/{repo}/commits/{ref}/check-runs", this::checkRuns);
    get("/repos/{owner}/{repo}/commits/{ref}/status", this::combinedStatus);
    get("/repos/{owner}/{repo}/commits/{ref}/statuses", this::statuses);
    alias("GET", "/repos/{owner}/{repo}/statuses/{ref}", "/repos/{owner}/{repo}/commits/{ref}/statuses", this::statuses);
    // GitHub's "get a commit", trimmed to the commit itself (no files or stats); not in the OpenAPI subset. After the
    // routes under it: {ref} may hold slashes.
    alias("GET", "/repos/{owner}/{repo}/commits/{ref}", null, this::getCommit);
    add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}", this::deleteRef);
    alias("GET", "/repos/{owner}/{repo}/git/refs/{ref}", null, this::getRef);
    alias("GET", "/repos/{owner}/{repo}/git/ref/{ref}", null, this::getRef);
    get("/repos/{owner}/{repo}/issues", this::listIssues);
    // Not in the OpenAPI subset (the control plane never creates issues): lets users add work to a sandbox.
    alias("POST", "/repos/{owner}/{repo}/issues", null, this::createIssue);
    get("/repos/{owner}/{repo}/issues/{issue_number}", this::getIssue);
    add("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", this::updateIssue);
    get("/repos/{owner}/{repo}/issues/{issue_number}/comments", this::listComments);
    add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", this::createComment);
    alias("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", null, this::listIssueLabels);
    add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", this::addLabels);
    add("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", this::setLabels);
    add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", this::removeLabel);
    // Not in the OpenAPI subset: issue events (label events only) and one label by name.
    alias("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events", null, this::listEvents);
    alias("GET", "/repos/{owner}/{repo}/labels/{name}", null, this::getLabel);
    alias("PATCH", "/repos/{owner}/{repo}/labels/{name}", null, this::updateLabel);
    get("/repos/{owner}/{repo}/labels", this::listLabels);
    add("POST", "/repos/{owner}/{repo}/labels", this::createLabel);
    get("/repos/{owner}/{repo}/pulls", this::listPulls);
    add("POST", "/repos/{owner}/{repo}/pulls", this::createPull);
    get("/repos/{owner}/{repo}/pulls/{pull_number}", this::getPull);
    add("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", this::updatePull);
    get("/repos/{owner}/{repo}/pulls/{pull_number}/comments", this::listReviewComments);
    get("/repos/{owner}/{repo}/pulls/{pull_number}/files", this::listFiles);
    add("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", this::merge);
    get("/repos/{owner}/{repo}/pulls/{pull_number}/reviews", this::listReviews);
    add("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", this::createReview);
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  private void get(String template, Handler h) {
    add("GET", template, h);
  }

  private void add(String method, String template, Handler h) {
    alias(method, template, template, h);
  }

  private void alias(String method, String template, String schemaPath, Handler h) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(template);
    StringBuilder re = new StringBuilder();
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(template.substring(last, m.start())));
      String name = m.group(1);
      names.add(name);
      // A git ref may contain slashes (heads/feature/x); commit refs too (branch names).
      boolean greedy = name.equals("ref");
      re.append(greedy ? "(.+?)" : "([^/]+)");
      last = m.end();
    }
    re.append(Pattern.quote(template.substring(last)));
    routes.add(new Route(method, template, schemaPath, Pattern.compile(re.toString()), names, h));
  }

  Match match(String method, String path) {
    for (Route r : routes) {
      if (!r.method().equals(method)) {
        continue;
      }
      Matcher m = r.pattern().matcher(path);
      if (m.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < r.names().size(); i++) {
          params.put(r.names().get(i), GitHubSandbox.decode(m.group(i + 1)));
        }
        return new Match(r, params);
      }
    }
    return null;
  }

  Resp dispatch(Match match, String method, String path, String rawQuery, User user, Render render,
      JsonNode body, String apiBase) {
    Call c = new Call();
    c.method = method;
    c.path = path;
    c.apiBase = apiBase;
    c.params = match.params();
    c.query = parseQuery(rawQuery);
    c.body = body;
    c.user = user;
    c.r = render;
    if (c.params.containsKey("owner")) {
      Repo repo = sb.repos.get((c.p("owner") + "/" + c.p("repo")).toLowerCase(Locale.ROOT));
      Permission p = repo == null ? Permission.NONE : permission(repo, user);
      if (repo == null || !p.atLeast(Permission.READ)) {
        throw notFound();
      }
      c.repo = repo;
      c.perm = p;
    }
    return match.route().handler().handle(c);
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String kv : raw.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      q.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String encodePath(String p) {
    return java.util.Arrays.stream(p.split("/")).map(Api::encodeSegment).collect(Collectors.joining("/"));
  }

  static int openIssueCount(Repo r) {
    int n = 0;
    for (Issue i : r.issues.values()) {
      if (i.state.equals("open")) {
        n++;
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ errors

  static ApiError notFound() {
    return new ApiError(404, Render.error("Not Found", 404));
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, Render.error(message, 403));
  }

  static ApiError validation(String resource, String field, String code) {
    ObjectNode o = Render.F.objectNode();
    o.put("message", "Validation Failed");
    ObjectNode e = o.putArray("errors").addObject();
    e.put("resource", resource);
    e.put("field", field);
    e.put("code", code);
    o.put("documentation_url", "https://docs.github.com/rest");
    o.put("status", "422");
    return new ApiError(422, o);
  }

  static ApiError validationCustom(String resource, String message) {
    ObjectNode o = Render.F.objectNode();
    o.put("message", "Validation Failed");
    ObjectNode e = o.putArray("errors").addObject();
    e.put("resource", resource);
    e.put("code", "custom");
    e.put("message", message);
    o.put("documentation_url", "https://docs.github.com/rest");
    o.put("status", "422");
    return new ApiError(422, o);
  }

  static ApiError unprocessable(String message, String... errors) {
    ObjectNode o = Render.F.objectNode();
    o.put("message", message);
    ArrayNode a = o.putArray("errors");
    for (String e : errors) {
      a.add(e);
    }
    o.put("documentation_url", "https://docs.github.com/rest");
    o.put("status", "422");
    return new ApiError(422, o);
  }

  static Permission permission(Repo r, User u) {
    Permission p = r.permissions.get(u.login.toLowerCase(Locale.ROOT));
    if (p != null) {
      return p;
    }
    if (r.owner == u) {
      return Permission.ADMIN;
    }
    return r.isPrivate ? Permission.NONE : Permission.READ;
  }

  private static void require(Call c, Permission needed) {
    if (!c.perm.atLeast(needed)) {
      throw forbidden("Resource not accessible by personal access token");
    }
  }

  // ------------------------------------------------------------------ paging

  private <T> List<T> page(Call c, Resp resp, List<T> all) {
    int perPage = intParam(c, "per_page", 30);
    perPage = Math.max(1, Math.min(100, perPage));
    int page = Math.max(1, intParam(c, "page", 1));
    int lastPage = Math.max(1, (all.size() + perPage - 1) / perPage);
    List<String> links = new ArrayList<>();
    if (page > 1) {
      links.add(link(c, Math.min(page - 1, lastPage), "prev"));
    }
    if (page < lastPage) {
      links.add(link(c, page + 1, "next"));
      links.add(link(c, lastPage, "last"));
    }
    if (page > 1) {
      links.add(link(c, 1, "first"));
    }
    if (!links.isEmpty()) {
      resp.headers.put("Link", String.join(", ", links));
    }
    int from = (page - 1) * perPage;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList(from, Math.min(all.size(), from + perPage));
  }

  private static String link(Call c, int page, String rel) {
    Map<String, String> q = new LinkedHashMap<>(c.query);
    q.remove("page");
    q.put("page", String.valueOf(page));
    String qs = q.entrySet().stream()
        .map(e -> encodeSegment(e.getKey()) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return "<" + c.apiBase + c.path + "?" + qs + ">; rel=\"" + rel + "\"";
  }

  private static int intParam(Call c, String name, int dflt) {
    String v = c.q(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static Instant since(Call c) {
    String s = c.q("since");
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw validation("Issue", "since", "invalid");
    }
  }

  private static ArrayNode array(List<? extends JsonNode> items) {
    ArrayNode a = Render.F.arrayNode();
    items.forEach(a::add);
    return a;
  }

  // ------------------------------------------------------------------ misc endpoints

  private Resp rateLimit(Call c) {
    // The token is known to be valid here; find it back for its bucket.
    String token = sb.tokens.entrySet().stream()
        .filter(e -> e.getValue().equals(c.user.login.toLowerCase(Locale.ROOT)))
        .map(Map.Entry::getKey).findFirst().orElse("");
    return rateLimitFor(token);
  }

  Resp rateLimitFor(String token) {
    GitHubSandbox.Bucket b = sb.bucketSnapshot(token);
    ObjectNode o = Render.F.objectNode();
    ObjectNode res = o.putObject("resources");
    ObjectNode core = rate(b.limit, b.used, b.reset);
    res.set("core", core);
    long reset = b.reset;
    res.set("search", rate(30, 0, reset));
    res.set("graphql", rate(5000, 0, reset));
    res.set("integration_manifest", rate(5000, 0, reset));
    res.set("source_import", rate(100, 0, reset));
    res.set("code_scanning_upload", rate(1000, 0, reset));
    res.set("actions_runner_registration", rate(10000, 0, reset));
    res.set("scim", rate(15000, 0, reset));
    res.set("dependency_snapshots", rate(100, 0, reset));
    res.set("code_search", rate(10, 0, reset));
    o.set("rate", core.deepCopy());
    return new Resp(200, o);
  }

  private static ObjectNode rate(int limit, int used, long reset) {
    ObjectNode o = Render.F.objectNode();
    o.put("limit", limit);
    o.put("used", used);
    o.put("remaining", Math.max(0, limit - used));
    o.put("reset", reset);
    return o;
  }

  private Resp authenticatedUser(Call c) {
    int pub = 0;
    int priv = 0;
    for (Repo r : sb.repos.values()) {
      if (r.owner == c.user) {
        if (r.isPrivate) {
          priv++;
        } else {
          pub++;
        }
      }
    }
    return new Resp(200, c.r.privateUser(c.user, pub, priv));
  }

  private Resp getRepo(Call c) {
    return new Resp(200, c.r.repo(c.repo, c.perm, openIssueCount(c.repo)));
  }

  private Resp collaboratorPermission(Call c) {
    User u = sb.userOrNull(c.p("username"));
    if (u == null || u.type.equals("Organization")) {
      throw notFound();
    }
    Permission p = permission(c.repo, u);
    ObjectNode o = Render.F.objectNode();
    o.put("permission", p.legacyName());
    o.put("role_name", p.roleName());
    o.set("user", c.r.collaborator(u, p));
    return new Resp(200, o);
  }

  // ------------------------------------------------------------------ issues

  Issue issue(Repo r, String number) {
    try {
      Issue i = r.issues.get(Integer.parseInt(number));
      if (i == null) {
        throw notFound();
      }
      return i;
    } catch (NumberFormatException e) {
      throw notFound();
    }
  }

  private Resp listIssues(Call c) {
    String state = c.query.getOrDefault("state", "open");
    if (!Set.of("open", "closed", "all").contains(state)) {
      throw validation("Issue", "state", "invalid");
    }
    Set<String> labels = new LinkedHashSet<>();
    if (c.q("labels") != null && !c.q("labels").isBlank()) {
      for (String l : c.q("labels").split(",")) {
        labels.add(l.trim().toLowerCase(Locale.ROOT));
      }
    }
    Instant since = since(c);
    String creator = c.q("creator");
    String sort = c.query.getOrDefault("sort", "created");
    if (!Set.of("created", "updated", "comments").contains(sort)) {
      throw validation("Issue", "sort", "invalid");
    }
    String direction = c.query.getOrDefault("direction", "desc");
    List<Issue> out = new ArrayList<>();
    for (Issue i : c.repo.issues.values()) {
      if (!state.equals("all") && !i.state.equals(state)) {
        continue;
      }
      Set<String> have = i.labels.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
      if (!have.containsAll(labels)) {
        continue;
      }
      if (since != null && i.updatedAt.isBefore(since)) {
        continue;
      }
      if (creator != null && !i.user.login.equalsIgnoreCase(creator)) {
        continue;
      }
      out.add(i);
    }
    Comparator<Issue> cmp = switch (sort) {
      case "updated" -> Comparator.comparing((Issue i) -> i.updatedAt);
      case "comments" -> Comparator.comparingInt((Issue i) -> i.comments.size());
      default -> Comparator.comparing((Issue i) -> i.createdAt);
    };
    cmp = cmp.thenComparingInt(i -> i.number);
    if (!direction.equals("asc")) {
      cmp = cmp.reversed();
    }
    out.sort(cmp);
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, out).stream().map(i -> c.r.issue(c.repo, i)).toList());
    return resp;
  }

  private Resp getIssue(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    Resp r = new Resp(200, c.r.issue(c.repo, i));
    r.lastModified = i.updatedAt;
    return r;
  }

  /**
   * As GitHub: anyone who can read the repository may open an issue; {@code title} is required (a string or a
   * number); labels, and assignees, are set only for users with push access and silently dropped otherwise.
   */
  private Resp createIssue(Call c) {
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    JsonNode title = b.get("title");
    if (title == null || title.isNull() || !(title.isTextual() || title.isNumber()) || title.asText().isBlank()) {
      throw validation("Issue", "title", "missing_field");
    }
    if (b.has("body") && !b.get("body").isNull() && !b.get("body").isTextual()) {
      throw validation("Issue", "body", "invalid");
    }
    Issue i = newIssue(c.repo, c.user, title.asText(), b.hasNonNull("body") ? b.get("body").asText() : null);
    if (b.has("labels") && c.perm.atLeast(Permission.WRITE)) {
      setIssueLabels(c.repo, i, c.user, labelNames(b.get("labels")));
    }
    touch(c.repo, i);
    Resp resp = new Resp(201, c.r.issue(c.repo, i));
    resp.headers.put("Location", c.r.repoApi(c.repo) + "/issues/" + i.number);
    return resp;
  }

  private Resp updateIssue(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    boolean author = i.user == c.user;
    if (!author) {
      require(c, Permission.TRIAGE);
    }
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    if (b.has("title")) {
      if (b.get("title").isNull() || b.get("title").asText().isBlank()) {
        throw validation("Issue", "title", "missing_field");
      }
      i.title = b.get("title").asText();
    }
    if (b.has("body")) {
      i.body = b.get("body").isNull() ? null : b.get("body").asText();
    }
    if (b.has("state")) {
      String st = b.get("state").asText();
      if (!st.equals("open") && !st.equals("closed")) {
        throw validation("Issue", "state", "invalid");
      }
      String reason = b.has("state_reason") && !b.get("state_reason").isNull() ? b.get("state_reason").asText() : null;
      setState(i, st, reason, c.user);
    }
    if (b.has("labels") && c.perm.atLeast(Permission.TRIAGE)) {
      setIssueLabels(c.repo, i, c.user, labelNames(b.get("labels")));
    }
    touch(c.repo, i);
    return new Resp(200, c.r.issue(c.repo, i));
  }

  void setState(Issue i, String st, String reason, User by) {
    if (st.equals(i.state)) {
      return;
    }
    i.state = st;
    if (st.equals("closed")) {
      i.closedAt = sb.now();
      i.closedBy = by;
      i.stateReason = reason == null ? (i.pull == null ? "completed" : null) : reason;
    } else {
      i.closedAt = null;
      i.closedBy = null;
      i.stateReason = i.pull == null ? "reopened" : null;
    }
  }

  void touch(Repo r, Issue i) {
    i.updatedAt = sb.now();
    r.updatedAt = i.updatedAt;
  }

  private Resp listComments(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    Instant since = since(c);
    List<Comment> out = i.comments.stream().filter(x -> since == null || !x.updatedAt.isBefore(since)).toList();
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, out).stream().map(x -> c.r.comment(c.repo, i, x)).toList());
    return resp;
  }

  private Resp createComment(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    require(c, Permission.TRIAGE);
    if (c.body == null || !c.body.hasNonNull("body") || c.body.get("body").asText().isEmpty()) {
      throw validation("IssueComment", "body", "missing_field");
    }
    if (i.locked && !c.perm.atLeast(Permission.WRITE)) {
      throw forbidden("Unable to create comment because issue is locked.");
    }
    Comment cm = addComment(c.repo, i, c.user, c.body.get("body").asText());
    Resp resp = new Resp(201, c.r.comment(c.repo, i, cm));
    resp.headers.put("Location", c.r.repoApi(c.repo) + "/issues/comments/" + cm.id);
    return resp;
  }

  Comment addComment(Repo r, Issue i, User u, String body) {
    Comment cm = new Comment(sb.ids.incrementAndGet(), u, body, sb.now());
    i.comments.add(cm);
    touch(r, i);
    return cm;
  }

  // ------------------------------------------------------------------ labels

  private static List<String> labelNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isTextual()) {
      out.add(node.asText());
      return out;
    }
    if (node.isObject() && node.has("labels")) {
      return labelNames(node.get("labels"));
    }
    if (node.isArray()) {
      for (JsonNode n : node) {
        if (n.isTextual()) {
          out.add(n.asText());
        } else if (n.isObject() && n.hasNonNull("name")) {
          out.add(n.get("name").asText());
        } else {
          throw validation("Label", "name", "invalid");
        }
      }
      return out;
    }
    throw validation("Label", "labels", "invalid");
  }

  /** Finds a repo label by name (case-insensitive), creating it as GitHub does when missing. */
  Label ensureLabel(Repo r, String name) {
    if (name == null || name.isBlank()) {
      throw validation("Label", "name", "missing_field");
    }
    return r.labels.computeIfAbsent(name.toLowerCase(Locale.ROOT),
        k -> new Label(sb.ids.incrementAndGet(), name, "ededed", null));
  }

  private Resp issueLabels(Call c, Issue i) {
    return new Resp(200, c.r.labels(c.repo, i));
  }

  private Resp listIssueLabels(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    return issueLabels(c, i);
  }

  private Resp addLabels(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    require(c, Permission.TRIAGE);
    List<String> names = labelNames(c.body);
    if (names.isEmpty()) {
      throw validation("Label", "labels", "missing_field");
    }
    for (String n : names) {
      Label l = ensureLabel(c.repo, n);
      if (i.labels.stream().noneMatch(x -> x.equalsIgnoreCase(l.name))) {
        i.labels.add(l.name);
        labelEvent(i, c.user, "labeled", l.name);
      }
    }
    touch(c.repo, i);
    return issueLabels(c, i);
  }

  private Resp setLabels(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    require(c, Permission.TRIAGE);
    List<String> names = labelNames(c.body);
    setIssueLabels(c.repo, i, c.user, names);
    touch(c.repo, i);
    return issueLabels(c, i);
  }

  private Resp removeLabel(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    require(c, Permission.TRIAGE);
    String name = c.p("name");
    String have = i.labels.stream().filter(x -> x.equalsIgnoreCase(name)).findFirst().orElse(null);
    if (have == null) {
      ObjectNode o = Render.error("Label does not exist", 404);
      o.put("documentation_url", "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue");
      throw new ApiError(404, o);
    }
    i.labels.remove(have);
    labelEvent(i, c.user, "unlabeled", have);
    touch(c.repo, i);
    return issueLabels(c, i);
  }

  /** Replaces an issue's labels, recording labeled/unlabeled events for the difference. */
  void setIssueLabels(Repo r, Issue i, User by, List<String> names) {
    List<String> before = new ArrayList<>(i.labels);
    i.labels.clear();
    for (String n : names) {
      i.labels.add(ensureLabel(r, n).name);
    }
    for (String old : before) {
      if (i.labels.stream().noneMatch(x -> x.equalsIgnoreCase(old))) {
        labelEvent(i, by, "unlabeled", old);
      }
    }
    for (String now : i.labels) {
      if (before.stream().noneMatch(x -> x.equalsIgnoreCase(now))) {
        labelEvent(i, by, "labeled", now);
      }
    }
  }

  void labelEvent(Issue i, User actor, String event, String label) {
    i.events.add(new Model.IssueEvent(sb.ids.incrementAndGet(), actor, event, label, sb.now()));
  }

  private Resp listEvents(Call c) {
    Issue i = issue(c.repo, c.p("issue_number"));
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, i.events).stream().map(e -> c.r.issueEvent(c.repo, e)).toList());
    return resp;
  }

  private Label label(Call c) {
    Label l = c.repo.labels.get(c.p("name").toLowerCase(Locale.ROOT));
    if (l == null) {
      throw notFound();
    }
    return l;
  }

  private Resp getLabel(Call c) {
    return new Resp(200, c.r.label(c.repo, label(c)));
  }

  private Resp updateLabel(Call c) {
    require(c, Permission.WRITE);
    Label l = label(c);
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    if (b.hasNonNull("color")) {
      String col = b.get("color").asText().replaceFirst("^#", "").toLowerCase(Locale.ROOT);
      if (!col.matches("[0-9a-f]{6}")) {
        throw validation("Label", "color", "invalid");
      }
      l.color = col;
    }
    if (b.has("description")) {
      String d = b.get("description").isNull() ? null : b.get("description").asText();
      if (d != null && d.length() > 100) {
        throw validation("Label", "description", "invalid");
      }
      l.description = d;
    }
    if (b.hasNonNull("new_name") && !b.get("new_name").asText().isBlank()) {
      String nn = b.get("new_name").asText();
      c.repo.labels.remove(l.name.toLowerCase(Locale.ROOT));
      for (Issue i : c.repo.issues.values()) {
        if (i.labels.remove(l.name)) {
          i.labels.add(nn);
        }
      }
      l.name = nn;
      c.repo.labels.put(nn.toLowerCase(Locale.ROOT), l);
    }
    return new Resp(200, c.r.label(c.repo, l));
  }

  private Resp listLabels(Call c) {
    Resp resp = new Resp(200, null);
    List<Label> all = new ArrayList<>(c.repo.labels.values());
    resp.body = array(page(c, resp, all).stream().map(l -> c.r.label(c.repo, l)).toList());
    return resp;
  }

  private Resp createLabel(Call c) {
    require(c, Permission.WRITE);
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    if (!b.hasNonNull("name") || b.get("name").asText().isBlank()) {
      throw validation("Label", "name", "missing_field");
    }
    Label l = createLabel(c.repo, b.get("name").asText(),
        b.hasNonNull("color") ? b.get("color").asText() : null,
        b.hasNonNull("description") ? b.get("description").asText() : null);
    Resp resp = new Resp(201, c.r.label(c.repo, l));
    resp.headers.put("Location", c.r.repoApi(c.repo) + "/labels/" + encodeSegment(l.name));
    return resp;
  }

  Label createLabel(Repo r, String name, String color, String description) {
    if (r.labels.containsKey(name.toLowerCase(Locale.ROOT))) {
      throw validation("Label", "name", "already_exists");
    }
    String col = color == null ? "ededed" : color.replaceFirst("^#", "").toLowerCase(Locale.ROOT);
    if (!col.matches("[0-9a-f]{6}")) {
      throw validation("Label", "color", "invalid");
    }
    if (description != null && description.length() > 100) {
      throw validation("Label", "description", "invalid");
    }
    Label l = new Label(sb.ids.incrementAndGet(), name, col, description);
    r.labels.put(name.toLowerCase(Locale.ROOT), l);
    return l;
  }

  // ------------------------------------------------------------------ pulls

  Issue pull(Repo r, String number) {
    Issue i = issue(r, number);
    if (i.pull == null) {
      throw notFound();
    }
    return i;
  }

  /** Current head SHA: the branch tip while the PR is open and the branch exists. */
  String headSha(Repo r, Issue i) {
    Pull p = i.pull;
    if (!p.merged && i.state.equals("open")) {
      String tip = r.git.branchSha(p.headRef);
      if (tip != null && !tip.equals(p.headSha)) {
        p.headSha = tip;
      }
    }
    return p.headSha;
  }

  String baseSha(Repo r, Issue i) {
    if (i.pull.merged && i.pull.baseShaAtMerge != null) {
      return i.pull.baseShaAtMerge;
    }
    String tip = r.git.branchSha(i.pull.baseRef);
    return tip != null ? tip : i.pull.baseShaAtMerge;
  }

  Render.PullGit pullGit(Repo r, Issue i, boolean full, boolean forGet) {
    String head = headSha(r, i);
    String base = baseSha(r, i);
    if (!full) {
      return new Render.PullGit(head, base, null, "unknown", 0, 0, 0, 0, true);
    }
    Pull p = i.pull;
    List<GitRepo.FileChange> files = r.git.diff(base, head);
    int add = files.stream().mapToInt(GitRepo.FileChange::additions).sum();
    int del = files.stream().mapToInt(GitRepo.FileChange::deletions).sum();
    int commits = r.git.commitsBetween(base, head);
    Boolean mergeable;
    String state;
    if (p.merged || !i.state.equals("open")) {
      mergeable = null;
      state = "unknown";
      if (!p.merged) {
        mergeable = r.git.tryMerge(base, head).clean();
        state = mergeable ? "clean" : "dirty";
      }
    } else {
      String key = base + ".." + head;
      if (sb.lazyMergeability && forGet && !key.equals(p.mergeabilityKey)) {
        p.mergeabilityKey = key;
        mergeable = null;
        state = "unknown";
      } else {
        p.mergeabilityKey = key;
        boolean clean = r.git.tryMerge(base, head).clean();
        mergeable = clean;
        if (!clean) {
          state = "dirty";
        } else if (p.draft) {
          state = "draft";
        } else if (!checksGreen(r, head)) {
          state = "unstable";
        } else {
          state = "clean";
        }
      }
    }
    return new Render.PullGit(head, base, mergeable, state, commits, add, del, files.size(), true);
  }

  private boolean checksGreen(Repo r, String sha) {
    for (CheckRun cr : latestCheckRuns(r, sha)) {
      if (!cr.status.equals("completed")) {
        return false;
      }
      if (!Set.of("success", "neutral", "skipped").contains(cr.conclusion)) {
        return false;
      }
    }
    String combined = combinedState(latestStatuses(r, sha));
    return combined.equals("success") || latestStatuses(r, sha).isEmpty();
  }

  private Resp listPulls(Call c) {
    String state = c.query.getOrDefault("state", "open");
    if (!Set.of("open", "closed", "all").contains(state)) {
      throw validation("PullRequest", "state", "invalid");
    }
    String head = c.q("head");
    if (head != null && head.contains(":")) {
      String owner = head.substring(0, head.indexOf(':'));
      if (!owner.equalsIgnoreCase(c.repo.owner.login)) {
        head = "\u0000"; // other forks: none here
      } else {
        head = head.substring(head.indexOf(':') + 1);
      }
    }
    String base = c.q("base");
    String sort = c.query.getOrDefault("sort", "created");
    if (!Set.of("created", "updated", "popularity", "long-running").contains(sort)) {
      throw validation("PullRequest", "sort", "invalid");
    }
    String direction = c.query.getOrDefault("direction", sort.equals("created") ? "desc" : "asc");
    List<Issue> out = new ArrayList<>();
    for (Issue i : c.repo.issues.values()) {
      if (i.pull == null) {
        continue;
      }
      if (!state.equals("all") && !i.state.equals(state)) {
        continue;
      }
      if (head != null && !i.pull.headRef.equals(head)) {
        continue;
      }
      if (base != null && !i.pull.baseRef.equals(base)) {
        continue;
      }
      out.add(i);
    }
    Comparator<Issue> cmp = switch (sort) {
      case "updated" -> Comparator.comparing((Issue i) -> i.updatedAt);
      case "popularity" -> Comparator.comparingInt((Issue i) -> i.comments.size());
      case "long-running" -> Comparator.comparing((Issue i) -> i.createdAt).reversed();
      default -> Comparator.comparing((Issue i) -> i.createdAt);
    };
    cmp = cmp.thenComparingInt(i -> i.number);
    if (direction.equals("desc")) {
      cmp = cmp.reversed();
    }
    out.sort(cmp);
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, out).stream()
        .map(i -> c.r.pull(c.repo, i, pullGit(c.repo, i, false, false), false, c.perm)).toList());
    return resp;
  }

  private Resp getPull(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    Resp r = new Resp(200, c.r.pull(c.repo, i, pullGit(c.repo, i, true, true), true, c.perm));
    r.lastModified = i.updatedAt;
    return r;
  }

  private Resp createPull(Call c) {
    require(c, Permission.WRITE);
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    for (String f : new String[] {"head", "base"}) {
      if (!b.hasNonNull(f) || b.get(f).asText().isBlank()) {
        throw validation("PullRequest", f, "missing_field");
      }
    }
    String title = b.hasNonNull("title") ? b.get("title").asText() : null;
    if ((title == null || title.isBlank()) && !b.has("issue")) {
      throw validation("PullRequest", "title", "missing_field");
    }
    String head = b.get("head").asText();
    if (head.contains(":")) {
      head = head.substring(head.indexOf(':') + 1);
    }
    Issue i = openPull(c.repo, c.user, title, b.hasNonNull("body") ? b.get("body").asText() : null, head,
        b.get("base").asText(), b.path("draft").asBoolean(false));
    if (b.has("maintainer_can_modify")) {
      i.pull.maintainerCanModify = b.get("maintainer_can_modify").asBoolean();
    }
    Resp resp = new Resp(201, c.r.pull(c.repo, i, pullGit(c.repo, i, true, false), true, c.perm));
    resp.headers.put("Location", c.r.repoApi(c.repo) + "/pulls/" + i.number);
    return resp;
  }

  Issue openPull(Repo r, User u, String title, String body, String head, String base, boolean draft) {
    String headTip = r.git.branchSha(head);
    if (headTip == null) {
      throw validation("PullRequest", "head", "invalid");
    }
    String baseTip = r.git.branchSha(base);
    if (baseTip == null) {
      throw validation("PullRequest", "base", "invalid");
    }
    for (Issue other : r.issues.values()) {
      if (other.pull != null && other.state.equals("open") && other.pull.headRef.equals(head)
          && other.pull.baseRef.equals(base)) {
        throw validationCustom("PullRequest", "A pull request already exists for " + r.owner.login + ":" + head + ".");
      }
    }
    if (r.git.commitsBetween(baseTip, headTip) == 0) {
      throw validationCustom("PullRequest", "No commits between " + base + " and " + head);
    }
    Issue i = newIssue(r, u, title, body);
    Pull p = new Pull(sb.ids.incrementAndGet());
    p.headRef = head;
    p.headSha = headTip;
    p.baseRef = base;
    p.draft = draft;
    i.pull = p;
    return i;
  }

  Issue newIssue(Repo r, User u, String title, String body) {
    Issue i = new Issue(sb.ids.incrementAndGet(), r.nextNumber++, u, title, body, sb.now());
    r.issues.put(i.number, i);
    r.updatedAt = i.createdAt;
    return i;
  }

  private Resp updatePull(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    if (i.user != c.user) {
      require(c, Permission.WRITE);
    }
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    if (b.has("title")) {
      if (b.get("title").asText().isBlank()) {
        throw validation("PullRequest", "title", "missing_field");
      }
      i.title = b.get("title").asText();
    }
    if (b.has("body")) {
      i.body = b.get("body").isNull() ? null : b.get("body").asText();
    }
    if (b.has("base")) {
      String base = b.get("base").asText();
      if (c.repo.git.branchSha(base) == null) {
        throw validation("PullRequest", "base", "invalid");
      }
      i.pull.baseRef = base;
    }
    if (b.has("maintainer_can_modify")) {
      i.pull.maintainerCanModify = b.get("maintainer_can_modify").asBoolean();
    }
    if (b.has("state")) {
      String st = b.get("state").asText();
      if (!st.equals("open") && !st.equals("closed")) {
        throw validation("PullRequest", "state", "invalid");
      }
      if (i.pull.merged && st.equals("open")) {
        throw validationCustom("PullRequest", "state cannot be changed. The pull request has been merged.");
      }
      if (st.equals("open") && c.repo.git.branchSha(i.pull.headRef) == null) {
        throw validationCustom("PullRequest", "state cannot be changed. The " + i.pull.headRef
            + " branch has been deleted.");
      }
      setState(i, st, null, c.user);
    }
    touch(c.repo, i);
    return new Resp(200, c.r.pull(c.repo, i, pullGit(c.repo, i, true, false), true, c.perm));
  }

  private Resp listFiles(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    String head = headSha(c.repo, i);
    List<GitRepo.FileChange> files = c.repo.git.diff(baseSha(c.repo, i), head);
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, files).stream().map(f -> c.r.diffEntry(c.repo, head, f)).toList());
    return resp;
  }

  private Resp listReviews(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, i.pull.reviews).stream().map(v -> c.r.review(c.repo, i, v)).toList());
    return resp;
  }

  private Resp listReviewComments(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    Instant since = since(c);
    List<ReviewComment> out = new ArrayList<>(i.pull.reviewComments.stream()
        .filter(x -> since == null || !x.createdAt.isBefore(since)).toList());
    Comparator<ReviewComment> cmp = Comparator.comparing((ReviewComment x) -> x.createdAt).thenComparingLong(x -> x.id);
    if ("desc".equals(c.q("direction"))) {
      cmp = cmp.reversed();
    }
    out.sort(cmp);
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, out).stream().map(x -> c.r.reviewComment(c.repo, i, x)).toList());
    return resp;
  }

  private Resp createReview(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    require(c, Permission.READ);
    JsonNode b = c.body == null ? Render.F.objectNode() : c.body;
    String event = b.hasNonNull("event") ? b.get("event").asText() : null;
    String body = b.hasNonNull("body") ? b.get("body").asText() : "";
    String state;
    if (event == null || event.isEmpty()) {
      state = "PENDING";
    } else {
      state = switch (event) {
        case "APPROVE" -> "APPROVED";
        case "REQUEST_CHANGES" -> "CHANGES_REQUESTED";
        case "COMMENT" -> "COMMENTED";
        default -> throw unprocessable("Unprocessable Entity", "Event is not included in the list");
      };
    }
    if ((state.equals("CHANGES_REQUESTED") || state.equals("COMMENTED")) && body.isBlank()
        && !b.path("comments").isArray()) {
      throw unprocessable("Unprocessable Entity", "Body is required when using REQUEST_CHANGES or COMMENT event");
    }
    if (i.user == c.user && (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED"))) {
      throw unprocessable("Unprocessable Entity", "Review Can not " + (state.equals("APPROVED")
          ? "approve" : "request changes on") + " your own pull request");
    }
    if (!i.state.equals("open") && !state.equals("COMMENTED") && !state.equals("PENDING")) {
      throw unprocessable("Unprocessable Entity", "Pull request is closed");
    }
    String head = headSha(c.repo, i);
    String commit = b.hasNonNull("commit_id") ? b.get("commit_id").asText() : head;
    if (c.repo.git.resolveCommit(commit) == null) {
      throw unprocessable("Unprocessable Entity", "Commit id is not a valid commit SHA");
    }
    Review v = addReview(c.repo, i, c.user, state, body, commit);
    if (b.path("comments").isArray()) {
      for (JsonNode cm : b.get("comments")) {
        if (!cm.hasNonNull("path") || !cm.hasNonNull("body")) {
          throw unprocessable("Unprocessable Entity", "Path and body are required for review comments");
        }
        Integer line = cm.hasNonNull("line") ? cm.get("line").asInt() : null;
        Integer pos = cm.hasNonNull("position") ? cm.get("position").asInt() : null;
        String hunk = c.repo.git.diff(baseSha(c.repo, i), head).stream()
            .filter(f -> f.filename().equals(cm.get("path").asText()))
            .map(f -> f.patch() == null ? "" : f.patch()).findFirst().orElse("");
        i.pull.reviewComments.add(new ReviewComment(sb.ids.incrementAndGet(), v.id, c.user,
            cm.get("body").asText(), cm.get("path").asText(), line, pos,
            cm.hasNonNull("side") ? cm.get("side").asText() : "RIGHT", commit, hunk, sb.now()));
      }
    }
    touch(c.repo, i);
    return new Resp(200, c.r.review(c.repo, i, v));
  }

  Review addReview(Repo r, Issue i, User u, String state, String body, String commit) {
    Review v = new Review(sb.ids.incrementAndGet(), u, body, state, commit,
        state.equals("PENDING") ? null : sb.now());
    i.pull.reviews.add(v);
    return v;
  }

  private Resp merge(Call c) {
    Issue i = pull(c.repo, c.p("pull_number"));
    require(c, Permission.WRITE);
    JsonNode b = c.body == null || c.body.isNull() ? Render.F.objectNode() : c.body;
    String method = b.hasNonNull("merge_method") ? b.get("merge_method").asText() : "merge";
    if (!Set.of("merge", "squash", "rebase").contains(method)) {
      throw validation("PullRequest", "merge_method", "invalid");
    }
    String sha = b.hasNonNull("sha") ? b.get("sha").asText() : null;
    String title = b.hasNonNull("commit_title") ? b.get("commit_title").asText() : null;
    String message = b.hasNonNull("commit_message") ? b.get("commit_message").asText() : null;
    String merged = mergePull(c.repo, i, c.user, method, sha, title, message);
    ObjectNode o = Render.F.objectNode();
    o.put("sha", merged);
    o.put("merged", true);
    o.put("message", "Pull Request successfully merged");
    return new Resp(200, o);
  }

  private static ApiError mergeError(int status, String message) {
    ObjectNode o = Render.F.objectNode();
    o.put("message", message);
    o.put("documentation_url", "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request");
    o.put("status", String.valueOf(status));
    return new ApiError(status, o);
  }

  String mergePull(Repo r, Issue i, User u, String method, String sha, String title, String message) {
    Pull p = i.pull;
    if (p.merged || !i.state.equals("open")) {
      throw mergeError(405, "Pull Request is not mergeable");
    }
    if (p.draft) {
      throw mergeError(405, "Pull Request is still a draft");
    }
    String head = headSha(r, i);
    if (r.git.branchSha(p.headRef) == null) {
      throw mergeError(405, "Head branch was deleted");
    }
    if (sha != null && !sha.equals(head)) {
      throw mergeError(409, "Head branch was modified. Review and try the merge again.");
    }
    String baseBefore = r.git.branchSha(p.baseRef);
    if (!r.git.tryMerge(baseBefore, head).clean()) {
      throw mergeError(405, "Pull Request is not mergeable");
    }
    boolean squash = !method.equals("merge");
    String t = title != null ? title : squash ? i.title + " (#" + i.number + ")"
        : "Merge pull request #" + i.number + " from " + r.owner.login + "/" + p.headRef;
    String msg = message != null ? t + "\n\n" + message : squash ? t : t + "\n\n" + i.title;
    String merged = r.git.mergeInto(p.baseRef, head, squash, msg, u.login,
        u.login + "@users.noreply.github.com", sb.now());
    if (merged == null) {
      throw mergeError(405, "Pull Request is not mergeable");
    }
    p.merged = true;
    p.mergedAt = sb.now();
    p.mergedBy = u;
    p.mergeCommitSha = merged;
    p.baseShaAtMerge = baseBefore;
    setState(i, "closed", null, u);
    touch(r, i);
    r.pushedAt = sb.now();
    return merged;
  }

  // ------------------------------------------------------------------ git refs

  private Resp deleteRef(Call c) {
    require(c, Permission.WRITE);
    String ref = c.p("ref");
    if (!ref.startsWith("heads/")) {
      throw new ApiError(422, unprocessableRef());
    }
    String branch = ref.substring("heads/".length());
    if (branch.equals(c.repo.defaultBranch)) {
      ObjectNode o = Render.error("Cannot delete the default branch", 422);
      throw new ApiError(422, o);
    }
    if (!c.repo.git.deleteBranch(branch)) {
      throw new ApiError(422, unprocessableRef());
    }
    c.repo.pushedAt = sb.now();
    return new Resp(204, null);
  }

  private static ObjectNode unprocessableRef() {
    ObjectNode o = Render.error("Reference does not exist", 422);
    o.put("documentation_url", "https://docs.github.com/rest/git/refs#delete-a-reference");
    return o;
  }

  private Resp getRef(Call c) {
    String ref = c.p("ref");
    if (!ref.startsWith("heads/")) {
      throw notFound();
    }
    String sha = c.repo.git.branchSha(ref.substring(6));
    if (sha == null) {
      throw notFound();
    }
    ObjectNode o = Render.F.objectNode();
    o.put("ref", "refs/" + ref);
    o.put("node_id", Render.nodeId("Ref", (c.repo.fullName() + ref).hashCode() & 0x7fffffffL));
    o.put("url", c.r.repoApi(c.repo) + "/git/refs/" + encodePath(ref));
    ObjectNode obj = o.putObject("object");
    obj.put("sha", sha);
    obj.put("type", "commit");
    obj.put("url", c.r.repoApi(c.repo) + "/git/commits/" + sha);
    return new Resp(200, o);
  }

  private Resp getCommit(Call c) {
    String sha = resolveRef(c);
    return new Resp(200, c.r.commit(c.repo, c.repo.git.commitInfo(sha)));
  }

  // ------------------------------------------------------------------ checks and statuses

  private String resolveRef(Call c) {
    String sha = c.repo.git.resolveCommit(c.p("ref"));
    if (sha == null) {
      ObjectNode o = Render.error("No commit found for SHA: " + c.p("ref"), 422);
      throw new ApiError(422, o);
    }
    return sha;
  }

  List<CheckRun> latestCheckRuns(Repo r, String sha) {
    Map<String, CheckRun> latest = new LinkedHashMap<>();
    for (CheckRun cr : r.checkRuns) {
      if (cr.headSha.equals(sha)) {
        latest.put(cr.name, cr);
      }
    }
    return new ArrayList<>(latest.values());
  }

  private List<ObjectNode> pullsForSha(Call c, String sha) {
    List<ObjectNode> out = new ArrayList<>();
    for (Issue i : c.repo.issues.values()) {
      if (i.pull != null && i.state.equals("open") && sha.equals(headSha(c.repo, i))) {
        out.add(c.r.minimalPull(c.repo, i, sha, baseSha(c.repo, i)));
      }
    }
    return out;
  }

  private Resp checkRuns(Call c) {
    String sha = resolveRef(c);
    String filter = c.query.getOrDefault("filter", "latest");
    List<CheckRun> runs = filter.equals("all")
        ? c.repo.checkRuns.stream().filter(x -> x.headSha.equals(sha)).toList()
        : latestCheckRuns(c.repo, sha);
    String name = c.q("check_name");
    String status = c.q("status");
    List<CheckRun> out = new ArrayList<>(runs.stream()
        .filter(x -> name == null || x.name.equals(name))
        .filter(x -> status == null || x.status.equals(status)).toList());
    out.sort(Comparator.comparingLong((CheckRun x) -> x.id).reversed());
    Resp resp = new Resp(200, null);
    List<ObjectNode> prs = pullsForSha(c, sha);
    ObjectNode o = Render.F.objectNode();
    o.put("total_count", out.size());
    o.set("check_runs", array(page(c, resp, out).stream().map(x -> c.r.checkRun(c.repo, x, prs)).toList()));
    resp.body = o;
    return resp;
  }

  List<Status> latestStatuses(Repo r, String sha) {
    Map<String, Status> latest = new LinkedHashMap<>();
    for (Status s : r.statuses) {
      if (s.sha.equals(sha)) {
        latest.remove(s.context);
        latest.put(s.context, s);
      }
    }
    List<Status> out = new ArrayList<>(latest.values());
    java.util.Collections.reverse(out);
    return out;
  }

  static String combinedState(List<Status> latest) {
    if (latest.isEmpty()) {
      return "pending";
    }
    boolean pending = false;
    for (Status s : latest) {
      if (s.state.equals("error") || s.state.equals("failure")) {
        return "failure";
      }
      if (s.state.equals("pending")) {
        pending = true;
      }
    }
    return pending ? "pending" : "success";
  }

  private Resp combinedStatus(Call c) {
    String sha = c.repo.git.resolveCommit(c.p("ref"));
    if (sha == null) {
      throw notFound();
    }
    List<Status> latest = latestStatuses(c.repo, sha);
    Resp resp = new Resp(200, null);
    ObjectNode o = Render.F.objectNode();
    o.put("state", combinedState(latest));
    o.set("statuses", array(page(c, resp, latest).stream().map(s -> c.r.status(c.repo, s, true)).toList()));
    o.put("sha", sha);
    o.put("total_count", latest.size());
    o.set("repository", c.r.repo(c.repo, null, openIssueCount(c.repo)));
    o.put("commit_url", c.r.repoApi(c.repo) + "/commits/" + sha);
    o.put("url", c.r.repoApi(c.repo) + "/commits/" + sha + "/status");
    resp.body = o;
    return resp;
  }

  private Resp statuses(Call c) {
    String sha = c.repo.git.resolveCommit(c.p("ref"));
    List<Status> out = new ArrayList<>();
    if (sha != null) {
      for (Status s : c.repo.statuses) {
        if (s.sha.equals(sha)) {
          out.add(0, s);
        }
      }
    }
    Resp resp = new Resp(200, null);
    resp.body = array(page(c, resp, out).stream().map(s -> c.r.status(c.repo, s, false)).toList());
    return resp;
  }

  // ------------------------------------------------------------------ workflow runs

  private Resp listRuns(Call c) {
    List<WorkflowRun> out = new ArrayList<>();
    for (WorkflowRun w : c.repo.runs) {
      if (c.q("branch") != null && !c.q("branch").equals(w.headBranch)) {
        continue;
      }
      if (c.q("event") != null && !c.q("event").equals(w.event)) {
        continue;
      }
      if (c.q("head_sha") != null && !c.q("head_sha").equals(w.headSha)) {
        continue;
      }
      if (c.q("actor") != null && !c.q("actor").equalsIgnoreCase(w.actor.login)) {
        continue;
      }
      String st = c.q("status");
      if (st != null && !st.equals(w.status) && !st.equals(w.conclusion)) {
        continue;
      }
      out.add(0, w);
    }
    Resp resp = new Resp(200, null);
    ObjectNode o = Render.F.objectNode();
    o.put("total_count", out.size());
    boolean noPrs = "true".equals(c.q("exclude_pull_requests"));
    o.set("workflow_runs", array(page(c, resp, out).stream()
        .map(w -> runJson(c, w, noPrs)).toList()));
    resp.body = o;
    return resp;
  }

  private ObjectNode runJson(Call c, WorkflowRun w, boolean noPrs) {
    org.eclipse.jgit.revwalk.RevCommit head;
    try {
      head = c.repo.git.commitInfo(w.headSha);
    } catch (RuntimeException e) {
      head = null;
    }
    return c.r.workflowRun(c.repo, w, head, noPrs ? List.of() : pullsForSha(c, w.headSha));
  }

  private WorkflowRun run(Call c) {
    String id = c.p("run_id");
    for (WorkflowRun w : c.repo.runs) {
      if (String.valueOf(w.id).equals(id)) {
        return w;
      }
    }
    throw notFound();
  }

  private Resp getRun(Call c) {
    return new Resp(200, runJson(c, run(c), false));
  }

  private Resp rerunAll(Call c) {
    WorkflowRun w = run(c);
    require(c, Permission.WRITE);
    if (!"completed".equals(w.status)) {
      throw forbidden("This workflow run is not completed.");
    }
    restart(w);
    return new Resp(201, Render.F.objectNode());
  }

  private void restart(WorkflowRun w) {
    w.runAttempt++;
    w.status = "queued";
    w.conclusion = null;
    w.updatedAt = sb.now();
    w.runStartedAt = w.updatedAt;
  }

  private Resp rerunFailed(Call c) {
    WorkflowRun w = run(c);
    require(c, Permission.WRITE);
    if (!"completed".equals(w.status)) {
      throw forbidden("This workflow run is not completed.");
    }
    if (!Set.of("failure", "cancelled", "timed_out").contains(w.conclusion)) {
      throw forbidden("This workflow run cannot be rerun: it has no failed jobs.");
    }
    restart(w);
    return new Resp(201, Render.F.objectNode());
  }
}
