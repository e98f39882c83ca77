package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.assess.StatusComments;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewComment;
import org.kohsuke.github.GHUser;

/**
 * From hub4j's types to the engine's records. The adapter reads through these functions only, and the recorded
 * GitHub bodies are checked through them too, so that no field the engine uses is lost on the way.
 */
public final class Mapping {
    /** Comments that make a PR agent-managed start with one of these. */
    public static final List<String> AGENT_SUMMARY_PREFIXES = StatusComments.PREFIXES;

    private Mapping() {
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    static String login(GHUser u) {
        return u == null ? "" : u.getLogin();
    }

    public static List<String> labels(Collection<GHLabel> labels) {
        return labels == null ? List.of() : labels.stream().map(GHLabel::getName).toList();
    }

    /** An issue's own fields; permissions, the opt-in labeller and the blocker comment are added by the caller. */
    public static Issue issue(GHIssue i, Permission authorPermission, Map<String, Permission> labelledBy,
            String latestBlockerComment) throws IOException {
        return new Issue(i.getNumber(), i.getTitle(), i.getBody(), labels(i.getLabels()), login(i.getUser()),
                authorPermission, instant(i.getCreatedAt()), null, labelledBy, latestBlockerComment);
    }

    /** A pull request from the list (or single) payload; the lane is left pending (assessment comes later). */
    public static PullRequest pull(GHPullRequest p, boolean agentSummaryComment) throws IOException {
        return new PullRequest(p.getNumber(), p.getTitle(), p.getBody(), p.getHead().getRef(), p.getBase().getRef(),
                p.getHead().getSha(), labels(p.getLabels()), draft(p), login(p.getUser()), PrLane.PENDING,
                agentSummaryComment, instant(p.getUpdatedAt()));
    }

    private static final java.lang.reflect.Field DRAFT = draftField();

    private static java.lang.reflect.Field draftField() {
        try {
            java.lang.reflect.Field f = GHPullRequest.class.getDeclaredField("draft");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The {@code draft} flag as the payload had it. hub4j's {@code isDraft()} re-GETs a list item's pull request
     * (its payload lacks {@code mergeable_state}): one request per open PR per heartbeat for a field the list
     * already carries. The field is read directly; {@code isDraft()} only if that is impossible.
     */
    static boolean draft(GHPullRequest p) throws IOException {
        if (DRAFT != null) {
            try {
                return DRAFT.getBoolean(p);
            } catch (IllegalAccessException | RuntimeException e) {
                // fall through
            }
        }
        return p.isDraft();
    }

    /**
     * The login of an object's {@code user} as the payload had it. hub4j's {@code getUser()} on reviews and review
     * comments GETs {@code /users/{login}} each time: a request per object for a login the payload carries.
     */
    static String payloadLogin(Object o, Class<?> type) throws IOException {
        try {
            java.lang.reflect.Field f = type.getDeclaredField("user");
            f.setAccessible(true);
            return login((GHUser) f.get(o));
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (o instanceof GHPullRequestReview r) {
                return login(r.getUser());
            }
            if (o instanceof GHPullRequestReviewComment c) {
                return login(c.getUser());
            }
            return "";
        }
    }

    public static ForgeComment comment(GHIssueComment c) throws IOException {
        return new ForgeComment(c.getId(), c.getUserName(), c.getBody(), instant(c.getCreatedAt()));
    }

    public static boolean isAgentSummary(String body) {
        if (body == null) {
            return false;
        }
        return StatusComments.isAgentStatus(body);
    }

    public static ForgeReview review(GHPullRequestReview r) throws IOException {
        return new ForgeReview(r.getId(), payloadLogin(r, GHPullRequestReview.class),
                r.getState() == null ? "" : r.getState().name(), r.getBody(), r.getCommitId(),
                instant(r.getSubmittedAt()));
    }

    public static Observation.ReviewComment reviewComment(GHPullRequestReviewComment c) throws IOException {
        long replyTo = c.getInReplyToId();
        return new Observation.ReviewComment(c.getId(), payloadLogin(c, GHPullRequestReviewComment.class),
                c.getPath(), c.getBody(), c.getCommitId(), replyTo > 0 ? replyTo : null, instant(c.getCreatedAt()));
    }

    /** A check run as a {@link Observation.Check} of kind {@code check-run}. */
    public static Observation.Check check(GHCheckRun r) {
        String state;
        if (r.getStatus() != GHCheckRun.Status.COMPLETED) {
            state = "pending";
        } else if (r.getConclusion() == null) {
            state = "pending";
        } else {
            state = switch (r.getConclusion()) {
                case SUCCESS -> "success";
                case NEUTRAL -> "neutral";
                case SKIPPED -> "skipped";
                case CANCELLED -> "cancelled";
                case FAILURE, TIMED_OUT, ACTION_REQUIRED -> "failure";
                default -> "neutral"; // stale, unknown
            };
        }
        String summary = null;
        if (r.getOutput() != null) {
            String title = r.getOutput().getTitle();
            String text = r.getOutput().getSummary();
            summary = title == null ? text : text == null ? title : title + "\n" + text;
        }
        return new Observation.Check(r.getName(), "check-run", state, summary);
    }

    /** The latest status per context (the list comes newest first), as checks of kind {@code status}. */
    public static List<Observation.Check> statuses(List<GHCommitStatus> newestFirst) {
        Map<String, Observation.Check> latest = new LinkedHashMap<>();
        for (GHCommitStatus s : newestFirst) {
            String state = s.getState() == null ? "pending" : s.getState().name().toLowerCase(Locale.ROOT);
            latest.putIfAbsent(s.getContext(), new Observation.Check(s.getContext(), "status", state,
                    s.getDescription()));
        }
        return new ArrayList<>(latest.values());
    }
}
