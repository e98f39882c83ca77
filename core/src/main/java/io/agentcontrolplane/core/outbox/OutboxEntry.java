package io.agentcontrolplane.core.outbox;

import java.nio.file.Path;

/**
 * One file of the outbox, as {@link Outbox#list()} shows it.
 *
 * @param state the directory it is in
 * @param id the intent's id (the file name without {@code .json})
 * @param intent the intent, or null when the file cannot be read (a malformed file set aside in {@code failed/})
 * @param reason why it failed or was dropped, or why it cannot be read; null for pending and done intents
 * @param file where it is
 */
public record OutboxEntry(State state, String id, Intent intent, String reason, Path file) {
    public enum State { PENDING, DONE, FAILED, DROPPED }
}
