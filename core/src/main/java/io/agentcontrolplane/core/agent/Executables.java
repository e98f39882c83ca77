package io.agentcontrolplane.core.agent;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program the way the agent's shell would, on the agent's own {@code PATH} (not the host's: the two differ
 * once the environment is scrubbed).
 */
final class Executables {
    private Executables() {
    }

    /**
     * The program {@code name} stands for: a path (absolute, or relative to {@code directory}) when it contains a
     * slash, else the first executable file of that name on {@code path}.
     */
    static Optional<Path> find(String name, String path, Path directory) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            if (name.contains("/")) {
                Path candidate = directory.resolve(name).normalize();
                return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
            }
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
