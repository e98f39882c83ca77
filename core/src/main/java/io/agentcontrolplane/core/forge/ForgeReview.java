package io.agentcontrolplane.core.forge;

/** A submitted review of a pull request. */
public record ForgeReview(long id, String author, String state, String body, String commitSha) {
}
