package io.agentcontrolplane.core.world;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An open pull request as observed on the forge.
 *
 * @param lane the lane its assessment puts it in (PR assessment is its own decision, given here as input)
 * @param agentSummaryComment whether it carries a comment written by an agent worker (a review blocker or a
 *     repair summary), which makes a PR on any branch managed
 */
public record PullRequest(
        int number,
        String title,
        String body,
        String headRef,
        String baseRef,
        String headSha,
        List<String> labels,
        boolean draft,
        String author,
        PrLane lane,
        boolean agentSummaryComment,
        Instant updatedAt) {
    public PullRequest {
        if (number <= 0) {
            throw new IllegalArgumentException("pull request number must be positive, got " + number);
        }
        title = Objects.requireNonNullElse(title, "");
        body = Objects.requireNonNullElse(body, "");
        headRef = Objects.requireNonNullElse(headRef, "");
        baseRef = Objects.requireNonNullElse(baseRef, "main");
        headSha = Objects.requireNonNullElse(headSha, "");
        labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
        author = Objects.requireNonNullElse(author, "");
        lane = Objects.requireNonNullElse(lane, PrLane.PENDING);
        updatedAt = Objects.requireNonNullElse(updatedAt, Instant.EPOCH);
    }

    public ItemRef ref() {
        return ItemRef.pr(number);
    }

    public boolean hasLabel(String label) {
        return labels.contains(label);
    }
}
