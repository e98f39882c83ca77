package io.agentcontrolplane.forge.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.assess.StatusComments;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.plan.BlockerReasons;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.PullRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.kohsuke.github.GHDirection;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueEvent;
import org.kohsuke.github.GHIssueQueryBuilder;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestQueryBuilder;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * The {@link Forge} port over GitHub. Reads go through hub4j (whose connector revalidates every GET against an
 * ETag cache, so unchanged reads are free 304s); writes that must be sent at most once, and what hub4j 1.330 lacks,
 * go through {@link GitHubHttp} over the same client. Every call passes the profile's {@link RateGovernor}.
 *
 * <p>{@link #observe()} reads all open issues and PRs and the default branch head every time (cheap: 304s when
 * nothing changed), but comments, label events and PR details only for items whose {@code updated_at} or head
 * moved; what it learnt is kept under the state directory, so a restart does not refetch everything. Each live
 * observation is mirrored to disk and returned (source {@code mirror}) when GitHub cannot be reached.
 */
public final class GitHubForge implements Forge {
    /** What the adapter needs from the profile. */
    public record Settings(String slug, String defaultBranch, String blockedLabel, String optInLabel,
            Permission minimumPermission) {
        public Settings {
            Objects.requireNonNull(slug, "slug");
            if (!slug.contains("/")) {
                throw new IllegalArgumentException("slug must be owner/name: " + slug);
            }
            defaultBranch = Objects.requireNonNullElse(defaultBranch, "main");
            blockedLabel = Objects.requireNonNullElse(blockedLabel, "agent-blocked");
            optInLabel = Objects.requireNonNullElse(optInLabel, "agent-ready");
            minimumPermission = Objects.requireNonNullElse(minimumPermission, Permission.WRITE);
        }

        public static Settings of(Profile p) {
            return new Settings(p.repository().slug(), p.repository().defaultBranch(), p.labels().blocked(),
                    p.trust().optInLabel(), p.trust().minimumPermission());
        }

        String owner() {
            return slug.substring(0, slug.indexOf('/'));
        }

        String name() {
            return slug.substring(slug.indexOf('/') + 1);
        }
    }

    /** Read attempts on a transient failure, and the pause before each repeat. */
    private static final List<Duration> READ_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final GitHub gh;
    private final GitHubHttp http;
    private final Settings settings;
    private final RateGovernor governor;
    private final RequestMeter meter;
    private final ForgeFiles files;
    private final Object observeLock = new Object();
    private volatile GHRepository repository;

    /**
     * @param gh hub4j client; build it with {@link GitHubForges} or, in Jenkins, take github-branch-source's
     * @param http plain calls over a client that carries {@code meter}
     * @param stateDir this adapter's own directory (memo, mirror)
     * @param meter the interceptor counting this profile's requests, or null when the client is not ours (then
     *     the stats count only what {@code http} sends)
     */
    public GitHubForge(GitHub gh, GitHubHttp http, Settings settings, Path stateDir, RateGovernor governor,
            RequestMeter meter) {
        this.gh = Objects.requireNonNull(gh, "gh");
        this.http = Objects.requireNonNull(http, "http");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.governor = Objects.requireNonNull(governor, "governor");
        this.meter = meter;
        this.files = new ForgeFiles(Objects.requireNonNull(stateDir, "stateDir"));
    }

    @Override
    public String toString() {
        return "GitHubForge[" + settings.slug() + "]";
    }

    public RateGovernor governor() {
        return governor;
    }

    // ------------------------------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException, ForgeException;
    }

    /** A read through hub4j, repeated on transient failures. */
    private <T> T read(String what, IoCall<T> c) throws ForgeException {
        for (int attempt = 0; ; attempt++) {
            try {
                try {
                    return c.call();
                } catch (IOException | RuntimeException e) {
                    throw Errors.from(e, what, true, governor);
                }
            } catch (ForgeException e) {
                if (e.kind() != Kind.TRANSIENT || attempt >= READ_BACKOFF.size()) {
                    throw e;
                }
                pause(READ_BACKOFF.get(attempt), e);
            }
        }
    }

    /** A raw read, repeated on transient failures. */
    private <T> T rawRead(IoCall<T> c) throws ForgeException {
        return read("GitHub read", c);
    }

    private void pause(Duration d, ForgeException cause) throws ForgeException {
        try {
            governor.sleeper().sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private GHRepository repo() throws ForgeException {
        GHRepository r = repository;
        if (r == null) {
            r = read("GET repository " + settings.slug(), () -> gh.getRepository(settings.slug()));
            repository = r;
        }
        return r;
    }

    private String[] repoPath(String... rest) {
        String[] out = new String[3 + rest.length];
        out[0] = "repos";
        out[1] = settings.owner();
        out[2] = settings.name();
        System.arraycopy(rest, 0, out, 3, rest.length);
        return out;
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    // ------------------------------------------------------------------------------------------ observe

    @Override
    public Observation observe() throws ForgeException {
        synchronized (observeLock) {
            RequestStats before = stats();
            try {
                return observeLive(before);
            } catch (ForgeException e) {
                if (e.kind() != Kind.TRANSIENT) {
                    throw e;
                }
                Observation last = files.loadMirror();
                if (last == null) {
                    throw e;
                }
                return new Observation(last.defaultBranchSha(), last.issues(), last.pulls(), last.details(),
                        last.observedAt(), "mirror", stats().since(before));
            }
        }
    }

    private Observation observeLive(RequestStats before) throws ForgeException {
        Instant started = governor.clock().instant();
        GHRepository repo = repo();
        String headSha = read("GET default branch head", () -> repo.getRef("heads/" + settings.defaultBranch())
                .getObject().getSha());
        List<GHIssue> all = read("GET open issues", () -> repo.queryIssues().state(GHIssueState.OPEN)
                .sort(GHIssueQueryBuilder.Sort.CREATED).direction(GHDirection.ASC).pageSize(100).list().toList());
        List<GHPullRequest> openPulls = read("GET open pull requests", () -> repo.queryPullRequests()
                .state(GHIssueState.OPEN).sort(GHPullRequestQueryBuilder.Sort.CREATED).direction(GHDirection.ASC)
                .list().withPageSize(100).toList());

        ForgeFiles.Memo memo = files.loadMemo();
        Map<Integer, ForgeFiles.IssueMemo> issueMemo = new TreeMap<>();
        Map<Integer, ForgeFiles.PullMemo> pullMemo = new TreeMap<>();
        Map<String, Permission> permissions = new HashMap<>();

        List<Issue> issues = new ArrayList<>();
        for (GHIssue i : all) {
            if (i.isPullRequest()) {
                continue;
            }
            issues.add(observeIssue(i, memo, issueMemo, permissions));
        }

        List<PullRequest> pulls = new ArrayList<>();
        Map<Integer, Observation.PullDetails> details = new TreeMap<>();
        for (GHPullRequest p : openPulls) {
            int n = p.getNumber();
            Instant updated;
            try {
                updated = Mapping.instant(p.getUpdatedAt());
            } catch (IOException e) {
                throw Errors.from(e, "pr#" + n, true, governor);
            }
            String sha = p.getHead().getSha();
            ForgeFiles.PullMemo known = memo.pulls().get(n);
            boolean unchanged = known != null && Objects.equals(known.updatedAt(), updated)
                    && Objects.equals(known.headSha(), sha);
            Observation.PullDetails d;
            boolean summary;
            if (unchanged && known.details() != null && known.details().mergeable() != null) {
                d = known.details();
                summary = known.agentSummary();
                if (d.checks().stream().anyMatch(c -> "pending".equals(c.state()))) {
                    // A finished check moves neither the head nor updated_at, but it changes the checks and the
                    // mergeable state: re-read them (free 304s while nothing moved) until none is pending.
                    d = pullDetails(repo, n, sha, updated, d.comments(), d.headCommittedAt());
                }
            } else {
                List<ForgeComment> statusComments = new ArrayList<>();
                for (GHIssueComment c : read("GET comments of pr#" + n,
                        () -> p.listComments().withPageSize(100).toList())) {
                    if (Mapping.isAgentSummary(c.getBody())) {
                        try {
                            statusComments.add(Mapping.comment(c));
                        } catch (IOException e) {
                            throw Errors.from(e, "pr#" + n, true, governor);
                        }
                    }
                }
                summary = !statusComments.isEmpty();
                Instant committedAt = known != null && sha.equals(known.headSha()) && known.details() != null
                        ? known.details().headCommittedAt() : null;
                if (committedAt == null && statusComments.stream().anyMatch(c -> StatusComments.headOf(c.body())
                        == null)) {
                    // A status comment without our head marker is judged by the head's commit time: read once per
                    // head, and only when such a comment exists.
                    committedAt = headCommittedAt(sha);
                }
                d = pullDetails(repo, n, sha, updated, statusComments, committedAt);
            }
            details.put(n, d);
            pullMemo.put(n, new ForgeFiles.PullMemo(updated, sha, summary, d));
            try {
                pulls.add(Mapping.pull(p, summary));
            } catch (IOException e) {
                throw Errors.from(e, "pr#" + n, true, governor);
            }
        }

        ForgeFiles.Memo next = new ForgeFiles.Memo(issueMemo, pullMemo);
        if (!next.equals(memo)) {
            files.saveMemo(next);
        }
        Observation o = new Observation(headSha, issues, pulls, details, started, "live", stats().since(before));
        files.saveMirror(o);
        return o;
    }

    private Issue observeIssue(GHIssue i, ForgeFiles.Memo memo, Map<Integer, ForgeFiles.IssueMemo> issueMemo,
            Map<String, Permission> permissions) throws ForgeException {
        int n = i.getNumber();
        try {
            Instant updated = Mapping.instant(i.getUpdatedAt());
            ForgeFiles.IssueMemo known = memo.issues().get(n);
            boolean unchanged = known != null && Objects.equals(known.updatedAt(), updated);
            List<String> labels = Mapping.labels(i.getLabels());
            String author = Mapping.login(i.getUser());
            Permission authorPermission = cachedPermission(author, permissions);

            String labeller = null;
            Map<String, Permission> labelledBy = Map.of();
            if (labels.contains(settings.optInLabel()) && !authorPermission.atLeast(settings.minimumPermission())) {
                labeller = unchanged && known.optInLabeller() != null ? known.optInLabeller() : optInLabeller(i);
                if (labeller != null) {
                    labelledBy = Map.of(settings.optInLabel(), cachedPermission(labeller, permissions));
                }
            }
            String blocker = null;
            if (labels.contains(settings.blockedLabel())) {
                blocker = unchanged ? known.blockerComment() : latestBlockerComment(i);
            }
            issueMemo.put(n, new ForgeFiles.IssueMemo(updated, blocker, labeller));
            return Mapping.issue(i, authorPermission, labelledBy, blocker);
        } catch (IOException e) {
            throw Errors.from(e, "issue#" + n, true, governor);
        }
    }

    private String optInLabeller(GHIssue i) throws ForgeException {
        List<GHIssueEvent> events = read("GET events of issue#" + i.getNumber(),
                () -> i.listEvents().withPageSize(100).toList());
        String who = null;
        for (GHIssueEvent e : events) {
            if ("labeled".equals(e.getEvent()) && e.getLabel() != null
                    && settings.optInLabel().equals(e.getLabel().getName()) && e.getActor() != null) {
                who = e.getActor().getLogin(); // the latest wins
            }
        }
        return who;
    }

    private String latestBlockerComment(GHIssue i) throws ForgeException {
        List<GHIssueComment> comments = read("GET comments of issue#" + i.getNumber(),
                () -> i.listComments().withPageSize(100).toList());
        String latest = null;
        for (GHIssueComment c : comments) {
            if (BlockerReasons.fromComment(c.getBody()).isPresent()) {
                latest = c.getBody();
            }
        }
        return latest;
    }

    /** When the commit was committed ({@code GET commits/<sha>}, conditional), or null if GitHub does not say. */
    private Instant headCommittedAt(String sha) throws ForgeException {
        String date = rawRead(() -> http.get(http.url(repoPath("commits", sha)))).path("commit").path("committer")
                .path("date").asText("");
        try {
            return date.isEmpty() ? null : Instant.parse(date);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Observation.PullDetails pullDetails(GHRepository repo, int n, String headSha, Instant updated,
            List<ForgeComment> statusComments, Instant headCommittedAt) throws ForgeException {
        return read("GET details of pr#" + n, () -> {
            GHPullRequest full = repo.getPullRequest(n);
            Boolean mergeable = full.getMergeable();
            String state = full.getMergeableState();
            List<String> files = full.listFiles().withPageSize(100).toList().stream()
                    .map(f -> f.getFilename()).toList();
            List<ForgeReview> reviews = new ArrayList<>();
            for (var r : full.listReviews().withPageSize(100).toList()) {
                reviews.add(Mapping.review(r));
            }
            List<Observation.ReviewComment> reviewComments = new ArrayList<>();
            for (var c : full.listReviewComments().withPageSize(100).toList()) {
                reviewComments.add(Mapping.reviewComment(c));
            }
            List<Observation.Check> checks = checks(repo, headSha);
            List<String> requested = new ArrayList<>();
            for (var u : full.getRequestedReviewers()) {
                requested.add(u.getLogin());
            }
            return new Observation.PullDetails(n, headSha, updated, mergeable, state, files, reviews,
                    reviewComments, checks, requested, statusComments, headCommittedAt);
        });
    }

    /** The check runs and the latest commit status per context of a commit, as checks. */
    private static List<Observation.Check> checks(GHRepository repo, String sha) throws IOException {
        List<Observation.Check> checks = new ArrayList<>();
        for (var r : repo.getCheckRuns(sha).withPageSize(100).toList()) {
            checks.add(Mapping.check(r));
        }
        checks.addAll(Mapping.statuses(repo.listCommitStatuses(sha).withPageSize(100).toList()));
        return checks;
    }

    private Permission cachedPermission(String user, Map<String, Permission> seen) throws ForgeException {
        if (user == null || user.isEmpty()) {
            return Permission.NONE;
        }
        Permission p = seen.get(user.toLowerCase(Locale.ROOT));
        if (p == null) {
            p = permission(user);
            seen.put(user.toLowerCase(Locale.ROOT), p);
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public Permission permission(String user) throws ForgeException {
        try {
            JsonNode n = rawRead(() -> http.get(http.url(repoPath("collaborators", user, "permission"))));
            String role = n.path("role_name").asText("");
            try {
                return Permission.parse(role.isEmpty() ? n.path("permission").asText("none") : role);
            } catch (IllegalArgumentException custom) {
                return Permission.parse(n.path("permission").asText("none")); // a custom role: its base permission
            }
        } catch (ForgeException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Permission.NONE;
            }
            throw e;
        }
    }

    /**
     * What the token's user may do in the repository, from the repository's {@code permissions} as that user sees
     * them (a conditional read: free when nothing changed). The control plane needs {@link Permission#WRITE} to label,
     * comment, push branches and open pull requests.
     */
    public Permission tokenPermission() throws ForgeException {
        JsonNode p = rawRead(() -> http.get(http.url(repoPath()))).path("permissions");
        if (p.path("admin").asBoolean(false)) {
            return Permission.ADMIN;
        }
        if (p.path("maintain").asBoolean(false)) {
            return Permission.MAINTAIN;
        }
        if (p.path("push").asBoolean(false)) {
            return Permission.WRITE;
        }
        if (p.path("triage").asBoolean(false)) {
            return Permission.TRIAGE;
        }
        return p.path("pull").asBoolean(false) ? Permission.READ : Permission.NONE;
    }

    @Override
    public Set<String> labels(ItemRef item) throws ForgeException {
        JsonNode n = rawRead(() -> http.get(http.url(repoPath("issues", String.valueOf(item.number())))));
        Set<String> out = new LinkedHashSet<>();
        n.path("labels").forEach(l -> out.add(l.path("name").asText()));
        return out;
    }

    @Override
    public List<ForgeComment> comments(ItemRef item) throws ForgeException {
        GHRepository repo = repo();
        return read("GET comments of " + item, () -> {
            List<ForgeComment> out = new ArrayList<>();
            for (GHIssueComment c : repo.getIssue(item.number()).listComments().withPageSize(100).toList()) {
                out.add(Mapping.comment(c));
            }
            return out;
        });
    }

    @Override
    public Optional<Integer> findOpenPullRequest(String head) throws ForgeException {
        GHRepository repo = repo();
        return read("GET open pull request of " + head, () -> repo.queryPullRequests().state(GHIssueState.OPEN)
                .head(settings.owner() + ":" + head).list().withPageSize(100).toList().stream()
                .map(GHPullRequest::getNumber).findFirst());
    }

    @Override
    public Optional<Integer> findPullRequestOpenedSince(String head, Instant since) throws ForgeException {
        GHRepository repo = repo();
        return read("GET pull requests of " + head, () -> {
            for (GHPullRequest p : repo.queryPullRequests().state(GHIssueState.ALL)
                    .head(settings.owner() + ":" + head).list().withPageSize(100).toList()) {
                Instant created = Mapping.instant(p.getCreatedAt());
                if (created == null || !created.isBefore(since)) {
                    return Optional.of(p.getNumber());
                }
            }
            return Optional.<Integer>empty();
        });
    }

    @Override
    public List<ForgeReview> reviews(int number) throws ForgeException {
        GHRepository repo = repo();
        return read("GET reviews of pr#" + number, () -> {
            List<ForgeReview> out = new ArrayList<>();
            for (var r : repo.getPullRequest(number).listReviews().withPageSize(100).toList()) {
                out.add(Mapping.review(r));
            }
            return out;
        });
    }

    @Override
    public boolean isMerged(int number) throws ForgeException {
        return rawRead(() -> http.get(http.url(repoPath("pulls", String.valueOf(number))))).path("merged")
                .asBoolean(false);
    }

    @Override
    public boolean branchExists(String branch) throws ForgeException {
        try {
            rawRead(() -> http.get(refUrl("ref", branch)));
            return true;
        } catch (ForgeException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private okhttp3.HttpUrl refUrl(String kind, String branch) {
        okhttp3.HttpUrl.Builder b = http.url(repoPath("git", kind, "heads")).newBuilder();
        for (String part : branch.split("/")) {
            b.addPathSegment(part);
        }
        return b.build();
    }

    private volatile String login;

    @Override
    public String login() throws ForgeException {
        String l = login;
        if (l == null) {
            l = rawRead(() -> http.get(http.url("user"))).path("login").asText("");
            login = l;
        }
        return l;
    }

    @Override
    public String state(ItemRef item) throws ForgeException {
        if (item.kind() == ItemRef.Kind.PR) {
            JsonNode n = rawRead(() -> http.get(http.url(repoPath("pulls", String.valueOf(item.number())))));
            return n.path("merged").asBoolean(false) ? "merged" : n.path("state").asText("open");
        }
        return rawRead(() -> http.get(http.url(repoPath("issues", String.valueOf(item.number()))))).path("state")
                .asText("open");
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public void closeIssue(int number) throws ForgeException {
        http.call("PATCH", http.url(repoPath("issues", String.valueOf(number))),
                obj().put("state", "closed").put("state_reason", "completed"), true);
    }

    @Override
    public void addLabels(ItemRef item, Collection<String> labels) throws ForgeException {
        if (labels.isEmpty()) {
            return;
        }
        ObjectNode body = obj();
        labels.forEach(body.putArray("labels")::add);
        http.call("POST", http.url(repoPath("issues", String.valueOf(item.number()), "labels")), body, true);
    }

    @Override
    public void removeLabel(ItemRef item, String label) throws ForgeException {
        try {
            http.call("DELETE", http.url(repoPath("issues", String.valueOf(item.number()), "labels", label)), null,
                    true);
        } catch (ForgeException e) {
            if (e.kind() == Kind.NOT_FOUND && e.getMessage().contains("Label does not exist")) {
                return;
            }
            throw e;
        }
    }

    @Override
    public void ensureLabel(String name, String color, String description) throws ForgeException {
        String want = color == null ? null : color.replaceFirst("^#", "").toLowerCase(Locale.ROOT);
        JsonNode have;
        try {
            have = rawRead(() -> http.get(http.url(repoPath("labels", name))));
        } catch (ForgeException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            ObjectNode body = obj().put("name", name);
            if (want != null) {
                body.put("color", want);
            }
            if (description != null) {
                body.put("description", description);
            }
            try {
                http.call("POST", http.url(repoPath("labels")), body, true);
                return;
            } catch (ForgeException create) {
                if (create.kind() != Kind.REJECTED || !create.getMessage().contains("already_exists")) {
                    throw create;
                }
                have = rawRead(() -> http.get(http.url(repoPath("labels", name)))); // created meanwhile
            }
        }
        ObjectNode patch = obj();
        if (want != null && !want.equalsIgnoreCase(have.path("color").asText())) {
            patch.put("color", want);
        }
        String haveDescription = have.path("description").isNull() ? null : have.path("description").asText(null);
        if (description != null && !description.equals(haveDescription)) {
            patch.put("description", description);
        }
        if (!patch.isEmpty()) {
            http.call("PATCH", http.url(repoPath("labels", name)), patch, true);
        }
    }

    @Override
    public ForgeComment comment(ItemRef item, String body) throws ForgeException {
        JsonNode n = governor.contentWrite(() -> http.call("POST",
                http.url(repoPath("issues", String.valueOf(item.number()), "comments")), obj().put("body", body),
                false));
        String created = n.path("created_at").asText(null);
        return new ForgeComment(n.path("id").asLong(), n.path("user").path("login").asText(""),
                n.path("body").asText(""), created == null ? null : Instant.parse(created));
    }

    @Override
    public int openPullRequest(String head, String base, String title, String body, boolean draft)
            throws ForgeException {
        ObjectNode req = obj().put("title", title).put("head", head).put("base", base).put("body", body)
                .put("draft", draft);
        JsonNode n = governor.contentWrite(() -> http.call("POST", http.url(repoPath("pulls")), req, false));
        return n.path("number").asInt();
    }

    @Override
    public void updatePullRequestBody(int number, String body) throws ForgeException {
        http.call("PATCH", http.url(repoPath("pulls", String.valueOf(number))), obj().put("body", body), true);
    }

    @Override
    public void review(int number, ReviewEvent event, String body) throws ForgeException {
        ObjectNode req = obj().put("event", event.name()).put("body", body == null ? "" : body);
        governor.contentWrite(() -> http.call("POST", http.url(repoPath("pulls", String.valueOf(number), "reviews")),
                req, false));
    }

    @Override
    public String squashMerge(int number, String expectedHeadSha, String title, String message)
            throws ForgeException {
        ObjectNode req = obj().put("merge_method", "squash").put("sha", expectedHeadSha);
        if (title != null) {
            req.put("commit_title", title);
        }
        if (message != null) {
            req.put("commit_message", message);
        }
        return http.call("PUT", http.url(repoPath("pulls", String.valueOf(number), "merge")), req, false)
                .path("sha").asText();
    }

    @Override
    public void deleteBranch(String branch) throws ForgeException {
        try {
            http.call("DELETE", refUrl("refs", branch), null, true);
        } catch (ForgeException e) {
            if ((e.kind() == Kind.REJECTED && e.status() == 422 && e.getMessage().contains("Reference does not exist"))
                    || e.kind() == Kind.NOT_FOUND) {
                return;
            }
            throw e;
        }
    }

    @Override
    public int rerunFailedJobs(String headSha) throws ForgeException {
        okhttp3.HttpUrl runs = http.url(repoPath("actions", "runs")).newBuilder()
                .addQueryParameter("head_sha", headSha).build();
        JsonNode page = rawRead(() -> http.get(runs.newBuilder().addQueryParameter("per_page", "100").build()));
        int n = 0;
        for (JsonNode run : page.path("workflow_runs")) {
            String conclusion = run.path("conclusion").asText("");
            if (!"completed".equals(run.path("status").asText())
                    || !Set.of("failure", "cancelled", "timed_out").contains(conclusion)) {
                continue;
            }
            http.call("POST", http.url(repoPath("actions", "runs", run.path("id").asText(), "rerun-failed-jobs")),
                    null, false);
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------ stats

    @Override
    public RequestStats stats() {
        return meter != null ? meter.stats() : new RequestStats(0, 0, 0, governor.remaining());
    }
}
