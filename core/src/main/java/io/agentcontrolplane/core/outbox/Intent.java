package io.agentcontrolplane.core.outbox;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.world.ItemRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One GitHub write the control plane has decided on, as the {@link Outbox} keeps it: what to write, under which
 * idempotency key, and how far it got.
 *
 * <p>Build one with the static factories ({@link #comment}, {@link #addLabels}, ...): they leave {@code id} and
 * {@code createdAt} empty, and {@link Outbox#enqueue} fills them in. Every instance is validated here, whether
 * built in code or read from a file, so a file that does not make sense for its kind is refused with a message.
 *
 * @param id {@code <12-digit sequence>-<kind>}, e.g. {@code 000000000042-comment}; sorts in enqueue order
 * @param key the caller's idempotency key, e.g. {@code run-r17/comment-result}: {@code /}-separated segments of
 *     {@code A-Z a-z 0-9 . _ -}; a second enqueue under the same key returns the first intent
 * @param item the issue or pull request written to; required where the write is on an item, optional for
 *     {@link Kind#OPEN_PR}, {@link Kind#DELETE_BRANCH} and {@link Kind#RERUN_FAILED_JOBS} (where it only orders the
 *     write after the item's other intents), absent for {@link Kind#ENSURE_LABEL}
 * @param labels {@link Kind#ADD_LABELS}: the labels, sorted and distinct
 * @param label {@link Kind#REMOVE_LABEL} and {@link Kind#ENSURE_LABEL}: the label's name
 * @param body the comment, pull request or review body as the caller wrote it (the outbox appends its
 *     {@linkplain #marker() marker} to comments and reviews when it sends them)
 * @param head {@link Kind#OPEN_PR}: the head branch
 * @param base {@link Kind#OPEN_PR}: the base branch
 * @param title {@link Kind#OPEN_PR}: the pull request's title
 * @param draft {@link Kind#OPEN_PR}: open as a draft
 * @param reviewEvent {@link Kind#REVIEW}: the verdict
 * @param expectedHeadSha {@link Kind#SQUASH_MERGE}: merge only if the head is still this commit;
 *     {@link Kind#RERUN_FAILED_JOBS}: the commit whose failed jobs are re-run
 * @param mergeTitle {@link Kind#SQUASH_MERGE}: the squash commit's title (optional)
 * @param mergeMessage {@link Kind#SQUASH_MERGE}: the squash commit's message (optional)
 * @param branch {@link Kind#DELETE_BRANCH}: the branch
 * @param color {@link Kind#ENSURE_LABEL}: six hex digits
 * @param description {@link Kind#ENSURE_LABEL}: the label's description (may be empty)
 * @param createdAt when it was enqueued
 * @param attempts failed attempts so far (transient failures and lost answers); reset by {@link Outbox#retry}
 * @param nextAttemptAt not before this (backoff); null when due
 * @param lastError why the last attempt failed; in {@code failed/} and {@code dropped/}, why it ended there
 * @param sentAt set and persisted just before the request goes out: when set, the outcome of an earlier send is
 *     unknown and the forge is checked before anything is sent again
 * @param result what the forge answered or the check found ({@code done/} only)
 * @param pullRequestNumber {@link Kind#OPEN_PR} in {@code done/}: the pull request's number
 * @param finishedAt when it reached {@code done/}, {@code failed/} or {@code dropped/}
 */
public record Intent(
        String id,
        String key,
        Kind kind,
        ItemRef item,
        List<String> labels,
        String label,
        String body,
        String head,
        String base,
        String title,
        boolean draft,
        ReviewEvent reviewEvent,
        String expectedHeadSha,
        String mergeTitle,
        String mergeMessage,
        String branch,
        String color,
        String description,
        Instant createdAt,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant sentAt,
        String result,
        Integer pullRequestNumber,
        Instant finishedAt) {

    /** GitHub refuses bodies over 65,536 characters; this leaves room for the marker. */
    public static final int MAX_BODY = 65_000;
    public static final Pattern KEY =
            Pattern.compile("[A-Za-z0-9._-]{1,128}(/[A-Za-z0-9._-]{1,128})*");
    public static final int MAX_KEY = 200;
    private static final Pattern ID = Pattern.compile("(\\d{12})-([a-z-]+)");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    private static final Pattern COLOR = Pattern.compile("[0-9a-fA-F]{6}");

    /** What a write does. */
    public enum Kind {
        ADD_LABELS, REMOVE_LABEL, ENSURE_LABEL, COMMENT, OPEN_PR, UPDATE_PR_BODY, REVIEW, SQUASH_MERGE,
        DELETE_BRANCH, RERUN_FAILED_JOBS, CLOSE_ISSUE;

        /** The kind as it appears in ids: {@code add-labels}, {@code comment}, ... */
        public String shortName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * Whether GitHub counts it as content creation (secondary rate limit: about 80 a minute, 500 an hour),
         * so the outbox sends these one at a time and spaced.
         */
        public boolean createsContent() {
            return this == COMMENT || this == OPEN_PR || this == REVIEW;
        }
    }

    public Intent {
        String where = "intent " + (id != null ? id : key);
        if (key == null || key.length() > MAX_KEY || !KEY.matcher(key).matches()
                || List.of(key.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("invalid intent key '" + key + "': must be '/'-separated segments of"
                    + " A-Z a-z 0-9 . _ - (no '.' or '..' segment), at most " + MAX_KEY + " characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException(where + ": kind is required");
        }
        if (id != null) {
            var m = ID.matcher(id);
            if (!m.matches() || !m.group(2).equals(kind.shortName())) {
                throw new IllegalArgumentException(where + ": invalid id '" + id + "' (expected 12 digits, '-', "
                        + kind.shortName() + ")");
            }
        }
        if (attempts < 0) {
            throw new IllegalArgumentException(where + ": attempts must not be negative, got " + attempts);
        }
        if (labels != null) {
            labels = List.copyOf(new TreeSet<>(labels));
        }
        switch (kind) {
            case ADD_LABELS -> {
                requireItem(where, kind, item);
                if (labels == null || labels.isEmpty()) {
                    throw new IllegalArgumentException(where + ": ADD_LABELS needs at least one label");
                }
                labels.forEach(l -> requireLabelName(where, l));
            }
            case REMOVE_LABEL -> {
                requireItem(where, kind, item);
                requireLabelName(where, label);
            }
            case ENSURE_LABEL -> {
                if (item != null) {
                    throw new IllegalArgumentException(where + ": ENSURE_LABEL defines a label of the repository"
                            + " and takes no item (got " + item + ")");
                }
                requireLabelName(where, label);
                if (color == null || !COLOR.matcher(color).matches()) {
                    throw new IllegalArgumentException(where + ": ENSURE_LABEL needs a colour of six hex digits,"
                            + " got '" + color + "'");
                }
                description = Objects.requireNonNullElse(description, "");
            }
            case COMMENT -> {
                requireItem(where, kind, item);
                requireBody(where, kind, body, true);
            }
            case OPEN_PR -> {
                requireText(where, "OPEN_PR needs a head branch", head);
                requireText(where, "OPEN_PR needs a base branch", base);
                requireText(where, "OPEN_PR needs a title", title);
                if (head.equals(base)) {
                    throw new IllegalArgumentException(where + ": OPEN_PR head and base are both '" + head + "'");
                }
                body = Objects.requireNonNullElse(body, "");
                requireBody(where, kind, body, false);
            }
            case UPDATE_PR_BODY -> {
                requirePr(where, kind, item);
                requireBody(where, kind, body, false);
            }
            case REVIEW -> {
                requirePr(where, kind, item);
                if (reviewEvent == null) {
                    throw new IllegalArgumentException(where + ": REVIEW needs a review event"
                            + " (APPROVE, REQUEST_CHANGES or COMMENT)");
                }
                body = Objects.requireNonNullElse(body, "");
                requireBody(where, kind, body, reviewEvent != ReviewEvent.APPROVE);
            }
            case SQUASH_MERGE -> {
                requirePr(where, kind, item);
                requireSha(where, kind, expectedHeadSha);
            }
            case DELETE_BRANCH -> requireText(where, "DELETE_BRANCH needs a branch", branch);
            case RERUN_FAILED_JOBS -> requireSha(where, kind, expectedHeadSha);
            case CLOSE_ISSUE -> {
                if (item == null || item.kind() != ItemRef.Kind.ISSUE) {
                    throw new IllegalArgumentException(where + ": CLOSE_ISSUE needs an issue (issue#N), got " + item);
                }
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private static void requireItem(String where, Kind kind, ItemRef item) {
        if (item == null) {
            throw new IllegalArgumentException(where + ": " + kind + " needs an item (issue#N or pr#N)");
        }
    }

    private static void requirePr(String where, Kind kind, ItemRef item) {
        if (item == null || item.kind() != ItemRef.Kind.PR) {
            throw new IllegalArgumentException(where + ": " + kind + " needs a pull request (pr#N), got " + item);
        }
    }

    private static void requireText(String where, String message, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": " + message);
        }
    }

    private static void requireLabelName(String where, String name) {
        if (name == null || name.isBlank() || name.length() > 50 || name.contains(",")) {
            throw new IllegalArgumentException(where + ": invalid label name '" + name
                    + "' (1 to 50 characters, no comma)");
        }
    }

    private static void requireBody(String where, Kind kind, String body, boolean nonBlank) {
        if (body == null || nonBlank && body.isBlank()) {
            throw new IllegalArgumentException(where + ": " + kind + " needs a body");
        }
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException(where + ": " + kind + " body has " + body.length()
                    + " characters, more than " + MAX_BODY);
        }
    }

    private static void requireSha(String where, Kind kind, String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException(where + ": " + kind + " needs a commit SHA (lower-case hex), got '"
                    + sha + "'");
        }
    }

    // ---------------------------------------------------------------- factories

    public static Intent addLabels(String key, ItemRef item, Collection<String> labels) {
        return draft(key, Kind.ADD_LABELS, item).labels(labels == null ? null : List.copyOf(labels)).build();
    }

    public static Intent removeLabel(String key, ItemRef item, String label) {
        return draft(key, Kind.REMOVE_LABEL, item).label(label).build();
    }

    public static Intent ensureLabel(String key, String name, String color, String description) {
        Builder b = draft(key, Kind.ENSURE_LABEL, null).label(name);
        b.color = color;
        b.description = description;
        return b.build();
    }

    public static Intent comment(String key, ItemRef item, String body) {
        return draft(key, Kind.COMMENT, item).body(body).build();
    }

    /** @param item the issue the pull request is for (orders it after that issue's intents); may be null */
    public static Intent openPullRequest(String key, ItemRef item, String head, String base, String title,
            String body, boolean draft) {
        Builder b = draft(key, Kind.OPEN_PR, item).body(body);
        b.head = head;
        b.base = base;
        b.title = title;
        b.draft = draft;
        return b.build();
    }

    public static Intent updatePullRequestBody(String key, ItemRef pr, String body) {
        return draft(key, Kind.UPDATE_PR_BODY, pr).body(body).build();
    }

    public static Intent review(String key, ItemRef pr, ReviewEvent event, String body) {
        Builder b = draft(key, Kind.REVIEW, pr).body(body);
        b.reviewEvent = event;
        return b.build();
    }

    public static Intent squashMerge(String key, ItemRef pr, String expectedHeadSha, String title, String message) {
        Builder b = draft(key, Kind.SQUASH_MERGE, pr);
        b.expectedHeadSha = expectedHeadSha;
        b.mergeTitle = title;
        b.mergeMessage = message;
        return b.build();
    }

    /** @param item the pull request whose branch it is (orders the delete after its merge); may be null */
    public static Intent deleteBranch(String key, ItemRef item, String branch) {
        Builder b = draft(key, Kind.DELETE_BRANCH, item);
        b.branch = branch;
        return b.build();
    }

    /** @param item the pull request whose checks these are; may be null */
    public static Intent rerunFailedJobs(String key, ItemRef item, String headSha) {
        Builder b = draft(key, Kind.RERUN_FAILED_JOBS, item);
        b.expectedHeadSha = headSha;
        return b.build();
    }

    /** Closes an issue as completed (a superseded issue, or the linked issue of a PR merged outside). */
    public static Intent closeIssue(String key, ItemRef issue) {
        return draft(key, Kind.CLOSE_ISSUE, issue).build();
    }

    private static Builder draft(String key, Kind kind, ItemRef item) {
        Builder b = new Builder();
        b.key = key;
        b.kind = kind;
        b.item = item;
        return b;
    }

    // ---------------------------------------------------------------- derived values

    /** The sequence number of {@link #id()}. */
    public long sequence() {
        if (id == null) {
            throw new IllegalStateException("intent " + key + " has no id yet (not enqueued)");
        }
        return Long.parseLong(id.substring(0, 12));
    }

    /**
     * What orders this intent among others: intents of one lane are applied in id order, and a deferred one holds
     * back the later ones of its lane. The item when there is one, else the branch or label written.
     */
    public String lane() {
        if (item != null) {
            return item.toString();
        }
        return switch (kind) {
            case ENSURE_LABEL -> "label:" + label;
            case DELETE_BRANCH -> "branch:" + branch;
            case OPEN_PR -> "branch:" + head;
            case RERUN_FAILED_JOBS -> "commit:" + expectedHeadSha;
            default -> throw new IllegalStateException(kind + " without an item");
        };
    }

    /**
     * The hidden marker the outbox appends to comment and review bodies, by which it finds a write whose answer
     * was lost: {@code <!-- acp:intent KEY -->}.
     */
    public String marker() {
        return marker(key);
    }

    public static String marker(String key) {
        return "<!-- acp:intent " + key + " -->";
    }

    /** The body as sent: for comments and reviews, the caller's body and the marker. */
    public String bodyToSend() {
        if (kind == Kind.COMMENT || kind == Kind.REVIEW) {
            return body.isEmpty() ? marker() : body + "\n\n" + marker();
        }
        return body;
    }

    // ---------------------------------------------------------------- copies

    Intent enqueued(String newId, Instant at) {
        Builder b = new Builder(this);
        b.id = newId;
        b.createdAt = at;
        b.attempts = 0;
        b.nextAttemptAt = null;
        b.lastError = null;
        b.sentAt = null;
        b.result = null;
        b.pullRequestNumber = null;
        b.finishedAt = null;
        return b.build();
    }

    Intent withSentAt(Instant at) {
        Builder b = new Builder(this);
        b.sentAt = at;
        return b.build();
    }

    Intent deferred(int newAttempts, Instant next, String error) {
        Builder b = new Builder(this);
        b.attempts = newAttempts;
        b.nextAttemptAt = next;
        b.lastError = error;
        return b.build();
    }

    Intent done(String outcome, Integer prNumber, Instant at) {
        Builder b = new Builder(this);
        b.result = outcome;
        b.pullRequestNumber = prNumber;
        b.finishedAt = at;
        return b.build();
    }

    Intent ended(String reason, Instant at) {
        Builder b = new Builder(this);
        b.lastError = reason;
        b.finishedAt = at;
        return b.build();
    }

    /** Back to pending after a failure: attempts and backoff reset; {@code sentAt} kept, so it is checked first. */
    Intent retried() {
        Builder b = new Builder(this);
        b.attempts = 0;
        b.nextAttemptAt = null;
        b.finishedAt = null;
        return b.build();
    }

    private static final class Builder {
        String id;
        String key;
        Kind kind;
        ItemRef item;
        List<String> labels;
        String label;
        String body;
        String head;
        String base;
        String title;
        boolean draft;
        ReviewEvent reviewEvent;
        String expectedHeadSha;
        String mergeTitle;
        String mergeMessage;
        String branch;
        String color;
        String description;
        Instant createdAt;
        int attempts;
        Instant nextAttemptAt;
        String lastError;
        Instant sentAt;
        String result;
        Integer pullRequestNumber;
        Instant finishedAt;

        Builder() {
        }

        Builder(Intent i) {
            id = i.id;
            key = i.key;
            kind = i.kind;
            item = i.item;
            labels = i.labels;
            label = i.label;
            body = i.body;
            head = i.head;
            base = i.base;
            title = i.title;
            draft = i.draft;
            reviewEvent = i.reviewEvent;
            expectedHeadSha = i.expectedHeadSha;
            mergeTitle = i.mergeTitle;
            mergeMessage = i.mergeMessage;
            branch = i.branch;
            color = i.color;
            description = i.description;
            createdAt = i.createdAt;
            attempts = i.attempts;
            nextAttemptAt = i.nextAttemptAt;
            lastError = i.lastError;
            sentAt = i.sentAt;
            result = i.result;
            pullRequestNumber = i.pullRequestNumber;
            finishedAt = i.finishedAt;
        }

        Builder labels(List<String> value) {
            labels = value;
            return this;
        }

        Builder label(String value) {
            label = value;
            return this;
        }

        Builder body(String value) {
            body = value;
            return this;
        }

        Intent build() {
            return new Intent(id, key, kind, item, labels, label, body, head, base, title, draft, reviewEvent,
                    expectedHeadSha, mergeTitle, mergeMessage, branch, color, description, createdAt, attempts,
                    nextAttemptAt, lastError, sentAt, result, pullRequestNumber, finishedAt);
        }
    }
}
