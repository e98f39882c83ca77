package io.agentcontrolplane.core.outbox;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.ItemRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A forge that keeps real state in memory (labels per item, comments, pull requests by head, reviews, merges,
 * branches, label definitions, re-runs) and fails calls on demand: {@link #failNext} queues a failure for the next
 * call of one method, {@link #failWhen} decides for every call. An {@code UNKNOWN_OUTCOME} on a write applies the
 * write and then throws (the answer is lost); on a read it is a plain failure.
 */
public final class InMemoryForge implements Forge {
    static final String BOT = "acp-bot";

    public record Pr(int number, String head, String base, String title, String body, boolean draft, String headSha,
            boolean open, boolean merged) {
    }

    /** The state a test compares, independent of ids and numbering. */
    record Snapshot(Map<ItemRef, Set<String>> labels, Map<String, String> labelDefinitions,
            Map<ItemRef, List<String>> comments, Map<String, List<String>> pullsByHead,
            Map<Integer, List<String>> reviews, Set<String> branches, Map<String, Integer> reruns) {
    }

    private final Clock clock;
    private final Set<ItemRef> items = new TreeSet<>();
    private final Map<ItemRef, Set<String>> labels = new TreeMap<>();
    private final Map<String, String> labelDefinitions = new TreeMap<>();
    private final Map<ItemRef, List<ForgeComment>> comments = new TreeMap<>();
    private final Map<Integer, Pr> pulls = new TreeMap<>();
    private final Map<Integer, Instant> openedAt = new HashMap<>();
    private final Map<Integer, List<ForgeReview>> reviews = new TreeMap<>();
    private final Set<String> branches = new TreeSet<>();
    private final Map<String, Integer> reruns = new TreeMap<>();
    private final Map<String, Deque<ForgeException.Kind>> queued = new HashMap<>();
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Map<String, Integer> dropped = new HashMap<>();
    private BiFunction<String, Integer, ForgeException.Kind> failWhen = (m, n) -> null;
    private long nextId = 1000;
    private int nextNumber = 500;
    private int totalCalls;

    private Observation observation;

    public InMemoryForge(Clock clock) {
        this.clock = clock;
    }

    /** What {@link #observe()} returns (for heartbeat tests); its items become known to the forge. */
    public synchronized InMemoryForge observing(Observation o) {
        this.observation = o;
        o.issues().forEach(i -> {
            items.add(i.ref());
            labels.computeIfAbsent(i.ref(), k -> new TreeSet<>()).addAll(i.labels());
        });
        o.pulls().forEach(p -> items.add(p.ref()));
        return this;
    }

    /** The labels an item carries now. */
    public synchronized Set<String> labelsOf(ItemRef item) {
        return Set.copyOf(labels.getOrDefault(item, Set.of()));
    }

    // ---------------------------------------------------------------- setup

    public InMemoryForge issue(int n) {
        items.add(ItemRef.issue(n));
        return this;
    }

    InMemoryForge pull(int n, String head, String headSha) {
        items.add(ItemRef.pr(n));
        branches.add(head);
        pulls.put(n, new Pr(n, head, "main", "PR " + n, "", false, headSha, true, false));
        return this;
    }

    public synchronized InMemoryForge branch(String name) {
        branches.add(name);
        return this;
    }

    InMemoryForge failNext(String method, ForgeException.Kind kind) {
        queued.computeIfAbsent(method, k -> new ArrayDeque<>()).add(kind);
        return this;
    }

    /** {@code decide(method, nth call overall)} returns the failure of that call, or null. */
    public InMemoryForge failWhen(BiFunction<String, Integer, ForgeException.Kind> decide) {
        this.failWhen = decide;
        return this;
    }

    /** The next call of {@code method} is lost before it reaches the forge, and answers UNKNOWN_OUTCOME. */
    InMemoryForge loseRequestNext(String method) {
        dropped.merge(method, 1, Integer::sum);
        return this;
    }

    int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    // ---------------------------------------------------------------- state for assertions

    synchronized Snapshot snapshot() {
        Map<ItemRef, Set<String>> l = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) {
                l.put(k, Set.copyOf(v));
            }
        });
        Map<ItemRef, List<String>> c = new TreeMap<>();
        comments.forEach((k, v) -> c.put(k, v.stream().map(ForgeComment::body).toList()));
        Map<String, List<String>> p = new TreeMap<>();
        pulls.values().forEach(pr -> p.computeIfAbsent(pr.head(), k -> new ArrayList<>()).add(pr.base() + "|"
                + pr.title() + "|" + pr.body() + "|" + pr.draft() + "|open=" + pr.open() + "|merged=" + pr.merged()));
        Map<Integer, List<String>> r = new TreeMap<>();
        reviews.forEach((k, v) -> r.put(k, v.stream().map(x -> x.state() + "|" + x.body()).toList()));
        return new Snapshot(l, Map.copyOf(labelDefinitions), c, p, r, Set.copyOf(branches), Map.copyOf(reruns));
    }

    public synchronized List<ForgeComment> allComments(ItemRef item) {
        return List.copyOf(comments.getOrDefault(item, List.of()));
    }

    synchronized List<ForgeReview> allReviews(int pr) {
        return List.copyOf(reviews.getOrDefault(pr, List.of()));
    }

    public synchronized Map<Integer, Pr> pulls() {
        return Map.copyOf(pulls);
    }

    /** A person merges the pull request on GitHub (no fault applies). */
    public synchronized void mergeOutside(int number) {
        Pr p = pulls.get(number);
        pulls.put(number, new Pr(p.number(), p.head(), p.base(), p.title(), p.body(), p.draft(), p.headSha(), false,
                true));
    }

    /** Whether the issue was closed, by anyone. */
    public synchronized boolean isClosedIssue(int number) {
        return closedIssues.contains(number);
    }

    synchronized int reruns(String sha) {
        return reruns.getOrDefault(sha, 0);
    }

    // ---------------------------------------------------------------- failure injection

    /** Called first by every method: counts the call and throws a planned failure (before a write). */
    private ForgeException.Kind enter(String method, boolean write) throws ForgeException {
        calls.merge(method, 1, Integer::sum);
        totalCalls++;
        if (dropped.getOrDefault(method, 0) > 0) {
            dropped.merge(method, -1, Integer::sum);
            throw failure(ForgeException.Kind.UNKNOWN_OUTCOME, method);
        }
        Deque<ForgeException.Kind> q = queued.get(method);
        ForgeException.Kind kind = q != null && !q.isEmpty() ? q.poll() : failWhen.apply(method, totalCalls);
        if (kind == null) {
            return null;
        }
        if (kind == ForgeException.Kind.UNKNOWN_OUTCOME && write) {
            return kind; // applied by the caller, then lost
        }
        throw failure(kind == ForgeException.Kind.UNKNOWN_OUTCOME ? ForgeException.Kind.TRANSIENT : kind, method);
    }

    private ForgeException failure(ForgeException.Kind kind, String method) {
        return switch (kind) {
            case RATE_LIMITED -> new ForgeException(kind, 403, "secondary rate limit (" + method + ")",
                    clock.instant().plus(Duration.ofMinutes(2)), null);
            case REJECTED -> new ForgeException(kind, 422, "refused (" + method + ")", null, null);
            case NOT_FOUND -> new ForgeException(kind, 404, "not found (" + method + ")", null, null);
            case TRANSIENT -> new ForgeException(kind, 502, "bad gateway (" + method + ")", null, null);
            case UNKNOWN_OUTCOME -> new ForgeException(kind, 0, "read timed out (" + method + ")", null, null);
        };
    }

    private void lost(ForgeException.Kind planned, String method) throws ForgeException {
        if (planned == ForgeException.Kind.UNKNOWN_OUTCOME) {
            throw failure(planned, method);
        }
    }

    private void requireItem(ItemRef item) throws ForgeException {
        if (!items.contains(item)) {
            throw new ForgeException(ForgeException.Kind.NOT_FOUND, 404, "no " + item, null, null);
        }
    }

    private Pr requirePull(int n) throws ForgeException {
        Pr pr = pulls.get(n);
        if (pr == null) {
            throw new ForgeException(ForgeException.Kind.NOT_FOUND, 404, "no pull request " + n, null, null);
        }
        return pr;
    }

    // ---------------------------------------------------------------- Forge

    @Override
    public synchronized Observation observe() {
        if (observation == null) {
            throw new UnsupportedOperationException("no observation given: call observing(...)");
        }
        return observation;
    }

    @Override
    public Permission permission(String user) {
        throw new UnsupportedOperationException("not used by the outbox");
    }

    @Override
    public synchronized Set<String> labels(ItemRef item) throws ForgeException {
        enter("labels", false);
        requireItem(item);
        return Set.copyOf(labels.getOrDefault(item, Set.of()));
    }

    @Override
    public synchronized void addLabels(ItemRef item, Collection<String> add) throws ForgeException {
        var planned = enter("addLabels", true);
        requireItem(item);
        labels.computeIfAbsent(item, k -> new TreeSet<>()).addAll(add);
        lost(planned, "addLabels");
    }

    @Override
    public synchronized void removeLabel(ItemRef item, String label) throws ForgeException {
        var planned = enter("removeLabel", true);
        requireItem(item);
        labels.getOrDefault(item, new TreeSet<>()).remove(label);
        lost(planned, "removeLabel");
    }

    @Override
    public synchronized void ensureLabel(String name, String color, String description) throws ForgeException {
        var planned = enter("ensureLabel", true);
        labelDefinitions.put(name, color + "|" + description);
        lost(planned, "ensureLabel");
    }

    @Override
    public synchronized ForgeComment comment(ItemRef item, String body) throws ForgeException {
        var planned = enter("comment", true);
        requireItem(item);
        ForgeComment c = new ForgeComment(nextId++, BOT, body, clock.instant());
        comments.computeIfAbsent(item, k -> new ArrayList<>()).add(c);
        lost(planned, "comment");
        return c;
    }

    @Override
    public synchronized List<ForgeComment> comments(ItemRef item) throws ForgeException {
        enter("comments", false);
        requireItem(item);
        return allComments(item);
    }

    @Override
    public synchronized int openPullRequest(String head, String base, String title, String body, boolean draft)
            throws ForgeException {
        var planned = enter("openPullRequest", true);
        if (!branches.contains(head)) {
            throw new ForgeException(ForgeException.Kind.REJECTED, 422, "no branch " + head, null, null);
        }
        if (pulls.values().stream().anyMatch(p -> p.open() && p.head().equals(head))) {
            throw new ForgeException(ForgeException.Kind.REJECTED, 422,
                    "a pull request already exists for " + head, null, null);
        }
        int n = nextNumber++;
        pulls.put(n, new Pr(n, head, base, title, body, draft, "c0ffee" + n, true, false));
        openedAt.put(n, clock.instant());
        items.add(ItemRef.pr(n));
        lost(planned, "openPullRequest");
        return n;
    }

    @Override
    public synchronized Optional<Integer> findPullRequestOpenedSince(String head, Instant since)
            throws ForgeException {
        enter("findPullRequestOpenedSince", false);
        return pulls.values().stream().filter(p -> p.head().equals(head)
                && !openedAt.getOrDefault(p.number(), Instant.MAX).isBefore(since)).map(Pr::number)
                .max(Integer::compare);
    }

    @Override
    public synchronized Optional<Integer> findOpenPullRequest(String head) throws ForgeException {
        enter("findOpenPullRequest", false);
        return pulls.values().stream().filter(p -> p.open() && p.head().equals(head)).map(Pr::number).findFirst();
    }

    @Override
    public synchronized void updatePullRequestBody(int number, String body) throws ForgeException {
        var planned = enter("updatePullRequestBody", true);
        Pr p = requirePull(number);
        pulls.put(number, new Pr(p.number(), p.head(), p.base(), p.title(), body, p.draft(), p.headSha(), p.open(),
                p.merged()));
        lost(planned, "updatePullRequestBody");
    }

    @Override
    public synchronized void review(int number, ReviewEvent event, String body) throws ForgeException {
        var planned = enter("review", true);
        Pr p = requirePull(number);
        String state = switch (event) {
            case APPROVE -> "APPROVED";
            case REQUEST_CHANGES -> "CHANGES_REQUESTED";
            case COMMENT -> "COMMENTED";
        };
        reviews.computeIfAbsent(number, k -> new ArrayList<>())
                .add(new ForgeReview(nextId++, BOT, state, body, p.headSha()));
        lost(planned, "review");
    }

    @Override
    public synchronized List<ForgeReview> reviews(int number) throws ForgeException {
        enter("reviews", false);
        requirePull(number);
        return allReviews(number);
    }

    @Override
    public synchronized String squashMerge(int number, String expectedHeadSha, String title, String message)
            throws ForgeException {
        var planned = enter("squashMerge", true);
        Pr p = requirePull(number);
        if (p.merged() || !p.open()) {
            throw new ForgeException(ForgeException.Kind.REJECTED, 405, "pull request " + number
                    + " is not mergeable", null, null);
        }
        if (!p.headSha().equals(expectedHeadSha)) {
            throw new ForgeException(ForgeException.Kind.REJECTED, 409, "head moved to " + p.headSha(), null, null);
        }
        pulls.put(number, new Pr(p.number(), p.head(), p.base(), p.title(), p.body(), p.draft(), p.headSha(), false,
                true));
        lost(planned, "squashMerge");
        return "5a5a" + number;
    }

    @Override
    public synchronized boolean isMerged(int number) throws ForgeException {
        enter("isMerged", false);
        return requirePull(number).merged();
    }

    @Override
    public synchronized void deleteBranch(String branch) throws ForgeException {
        var planned = enter("deleteBranch", true);
        branches.remove(branch);
        lost(planned, "deleteBranch");
    }

    @Override
    public synchronized boolean branchExists(String branch) throws ForgeException {
        enter("branchExists", false);
        return branches.contains(branch);
    }

    @Override
    public synchronized int rerunFailedJobs(String headSha) throws ForgeException {
        var planned = enter("rerunFailedJobs", true);
        reruns.merge(headSha, 1, Integer::sum);
        lost(planned, "rerunFailedJobs");
        return 1;
    }

    private final Set<Integer> closedIssues = new TreeSet<>();

    @Override
    public synchronized void closeIssue(int number) throws ForgeException {
        var planned = enter("closeIssue", true);
        closedIssues.add(number);
        lost(planned, "closeIssue");
    }

    @Override
    public synchronized String state(ItemRef item) throws ForgeException {
        enter("state", false);
        if (item.kind() == ItemRef.Kind.PR) {
            Pr p = requirePull(item.number());
            return p.merged() ? "merged" : p.open() ? "open" : "closed";
        }
        return closedIssues.contains(item.number()) ? "closed" : "open";
    }

    @Override
    public String login() {
        return BOT;
    }

    @Override
    public RequestStats stats() {
        return RequestStats.NONE;
    }
}
