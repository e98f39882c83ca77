package io.agentcontrolplane.core.profile;

import java.util.Objects;

/**
 * One thing wrong with a profile file.
 *
 * @param file    the file (or source name) the problem is in
 * @param field   the dotted path of the key, e.g. {@code limits.maxWorkers} or {@code agent.pools[1].backend};
 *                empty when the problem concerns the whole file
 * @param message what is wrong, in words a user can act on; ends with {@code (line N)} when the line is known
 */
public record ProfileProblem(String file, String field, String message) {
    public ProfileProblem {
        Objects.requireNonNull(file, "file");
        field = Objects.requireNonNullElse(field, "");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? file + ": " + message : file + ": " + field + ": " + message;
    }
}
