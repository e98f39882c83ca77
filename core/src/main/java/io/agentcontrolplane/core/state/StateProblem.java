package io.agentcontrolplane.core.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A state file that could not be used. The file has been moved aside to the store's quarantine (the message
 * says where) so it does not trouble the next read.
 *
 * @param path where the file was found
 * @param message what is wrong with it, and where it went
 */
public record StateProblem(Path path, String message) {
    public StateProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
