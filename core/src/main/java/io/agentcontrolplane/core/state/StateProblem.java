package io.agentcontrolplane.core.state;

import io.agentcontrolplane.core.world.ItemRef;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A state file that could not be used. A heartbeat moves it aside to the store's quarantine (the message says
 * where) so it does not trouble the next read; a read-only command leaves it in place.
 *
 * @param path where the file was found
 * @param message what is wrong with it, and where it went
 * @param item the issue or PR the record is about, when its place tells; that item waits ({@code state-unreadable})
 *     until a person resolves the file
 */
public record StateProblem(Path path, String message, ItemRef item) {
    public StateProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public StateProblem(Path path, String message) {
        this(path, message, null);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
