package io.agentcontrolplane.core.assess;

import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.world.PullRequest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the PR assessment reads about one open pull request: the PR itself, its changed files, checks and
 * statuses of its head, reviews, review comments, mergeability and the agents' status comments. The heartbeat builds
 * it from an observation; {@code acp assess-pr --pr-file} reads it from JSON with these field names.
 *
 * @param mergeableState GitHub's {@code mergeable_state} (clean, dirty, blocked, behind, unstable, unknown,
 *     has_hooks, draft), any case; null when unknown
 * @param comments the PR's conversation comments (agent status comments among them), oldest first
 * @param headCommittedAt when the head commit was made, if known: status comments older than it are about an
 *     earlier head
 * @param linkedIssueLabels the labels of the issue the PR addresses, if any (for {@code agent-exclusive})
 */
public record PrObservation(
        int number,
        String title,
        String body,
        String author,
        String headRef,
        String baseRef,
        String headSha,
        boolean draft,
        List<String> labels,
        List<String> files,
        String mergeableState,
        List<String> requestedReviewers,
        List<Observation.Check> checks,
        List<ForgeReview> reviews,
        List<Observation.ReviewComment> reviewComments,
        List<ForgeComment> comments,
        Instant headCommittedAt,
        List<String> linkedIssueLabels) {
    public PrObservation {
        if (number <= 0) {
            throw new IllegalArgumentException("number must be a positive pull request number, got " + number);
        }
        title = Objects.requireNonNullElse(title, "");
        body = Objects.requireNonNullElse(body, "");
        author = Objects.requireNonNullElse(author, "");
        headRef = Objects.requireNonNullElse(headRef, "");
        baseRef = Objects.requireNonNullElse(baseRef, "main");
        headSha = Objects.requireNonNullElse(headSha, "");
        labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
        files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
        requestedReviewers = List.copyOf(Objects.requireNonNullElse(requestedReviewers, List.of()));
        checks = List.copyOf(Objects.requireNonNullElse(checks, List.of()));
        reviews = List.copyOf(Objects.requireNonNullElse(reviews, List.of()));
        reviewComments = List.copyOf(Objects.requireNonNullElse(reviewComments, List.of()));
        comments = List.copyOf(Objects.requireNonNullElse(comments, List.of()));
        linkedIssueLabels = List.copyOf(Objects.requireNonNullElse(linkedIssueLabels, List.of()));
    }

    /**
     * The observation of {@code pr} with its details ({@code null} when none were read: no files, checks or
     * reviews known) and the linked issue's labels.
     */
    public static PrObservation of(PullRequest pr, Observation.PullDetails details, List<String> linkedIssueLabels,
            List<String> effectiveLabels) {
        Observation.PullDetails d = details != null ? details
                : new Observation.PullDetails(pr.number(), pr.headSha(), pr.updatedAt(), null, null, null, null,
                        null, null);
        return new PrObservation(pr.number(), pr.title(), pr.body(), pr.author(), pr.headRef(), pr.baseRef(),
                pr.headSha(), pr.draft(), effectiveLabels != null ? effectiveLabels : pr.labels(), d.files(),
                d.mergeableState(), d.requestedReviewers(), d.checks(), d.reviews(), d.reviewComments(),
                d.comments(), d.headCommittedAt(), linkedIssueLabels);
    }

    /** The pull request as the planner's world holds it (its lane is the assessment's business). */
    public PullRequest toPullRequest() {
        return new PullRequest(number, title, body, headRef, baseRef, headSha, labels, draft, author, null,
                comments.stream().anyMatch(c -> StatusComments.isAgentStatus(c.body())), null);
    }
}
