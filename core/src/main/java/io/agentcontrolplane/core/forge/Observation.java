package io.agentcontrolplane.core.forge;

import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.PullRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One complete read of a repository: every open issue and pull request (all pages), the default branch's head, and
 * the details of pull requests (files, reviews, checks) that the PR assessment reads.
 *
 * @param source {@code live}, or {@code mirror} when the forge was unreachable and the last good observation is
 *     returned instead
 * @param stats what this observation cost
 */
public record Observation(
        String defaultBranchSha,
        List<Issue> issues,
        List<PullRequest> pulls,
        Map<Integer, PullDetails> details,
        Instant observedAt,
        String source,
        RequestStats stats) {
    public Observation {
        issues = List.copyOf(issues);
        pulls = List.copyOf(pulls);
        details = Map.copyOf(Objects.requireNonNullElse(details, Map.of()));
        source = Objects.requireNonNullElse(source, "live");
        stats = Objects.requireNonNullElse(stats, RequestStats.NONE);
    }

    /**
     * What the PR assessment reads about one pull request's head. Read only when the PR's head or {@code updated_at}
     * moved; kept otherwise.
     *
     * @param mergeable GitHub's {@code mergeable} ({@code null} while GitHub computes it)
     * @param mergeableState GitHub's {@code mergeable_state}: clean, dirty, blocked, behind, unstable, unknown
     * @param requestedReviewers logins (and team slugs) whose review is requested
     * @param comments the PR's conversation comments written by agents (status comments: blockers, repair summaries,
     *     host guards), oldest first
     * @param headCommittedAt when the head commit was committed, if known (agent status comments older than it are
     *     about an earlier head)
     */
    public record PullDetails(
            int number,
            String headSha,
            Instant updatedAt,
            Boolean mergeable,
            String mergeableState,
            List<String> files,
            List<ForgeReview> reviews,
            List<ReviewComment> reviewComments,
            List<Check> checks,
            List<String> requestedReviewers,
            List<ForgeComment> comments,
            Instant headCommittedAt) {
        public PullDetails {
            files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
            reviews = List.copyOf(Objects.requireNonNullElse(reviews, List.of()));
            reviewComments = List.copyOf(Objects.requireNonNullElse(reviewComments, List.of()));
            checks = List.copyOf(Objects.requireNonNullElse(checks, List.of()));
            requestedReviewers = List.copyOf(Objects.requireNonNullElse(requestedReviewers, List.of()));
            comments = List.copyOf(Objects.requireNonNullElse(comments, List.of()));
        }

        public PullDetails(int number, String headSha, Instant updatedAt, Boolean mergeable, String mergeableState,
                List<String> files, List<ForgeReview> reviews, List<ReviewComment> reviewComments,
                List<Check> checks) {
            this(number, headSha, updatedAt, mergeable, mergeableState, files, reviews, reviewComments, checks, null,
                    null, null);
        }
    }

    /**
     * A review comment on a line of a pull request. A comment with {@code inReplyTo} answers the thread that the
     * comment of that id started.
     *
     * @param commitSha the commit the comment was made on
     */
    public record ReviewComment(long id, String author, String path, String body, String commitSha, Long inReplyTo,
            Instant createdAt) {
        public ReviewComment(long id, String author, String path, String body) {
            this(id, author, path, body, null, null, null);
        }
    }

    /**
     * A check run or a commit status of the head, in one shape.
     *
     * @param kind {@code check-run} or {@code status}
     * @param state {@code pending}, {@code success}, {@code failure}, {@code error}, {@code neutral},
     *     {@code skipped} or {@code cancelled}
     * @param summary what the check said about itself (a check run's output title and summary, a status's
     *     description), used to recognise failures of the CI infrastructure rather than of the code
     */
    public record Check(String name, String kind, String state, String summary) {
        public Check(String name, String kind, String state) {
            this(name, kind, state, null);
        }
    }
}
