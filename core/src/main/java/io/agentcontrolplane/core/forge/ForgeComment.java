package io.agentcontrolplane.core.forge;

import java.time.Instant;

/** A comment on an issue or pull request. */
public record ForgeComment(long id, String author, String body, Instant createdAt) {
}
