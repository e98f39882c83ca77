package io.agentcontrolplane.core.forge;

import java.time.Instant;

/** A submitted review of a pull request. */
public record ForgeReview(long id, String author, String state, String body, String commitSha, Instant submittedAt) {
    public ForgeReview(long id, String author, String state, String body, String commitSha) {
        this(id, author, state, body, commitSha, null);
    }
}
