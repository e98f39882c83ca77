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
     * What the PR assessment reads about one pull request's head.
     *
     * @param mergeable GitHub's {@code mergeable} ({@code null} while GitHub computes it)
     * @param mergeableState GitHub's {@code mergeable_state}: clean, dirty, blocked, behind, unstable, unknown
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
            List<Check> checks) {
        public PullDetails {
            files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
            reviews = List.copyOf(Objects.requireNonNullElse(reviews, List.of()));
            reviewComments = List.copyOf(Objects.requireNonNullElse(reviewComments, List.of()));
            checks = List.copyOf(Objects.requireNonNullElse(checks, List.of()));
        }
    }

    /** A review comment on a line of a pull request. */
    public record ReviewComment(long id, String author, String path, String body) {
    }

    /**
     * A check run or a commit status of the head, in one shape.
     *
     * @param state {@code pending}, {@code success}, {@code failure}, {@code error}, {@code neutral},
     *     {@code skipped} or {@code cancelled}
     */
    public record Check(String name, String kind, String state) {
    }
}
