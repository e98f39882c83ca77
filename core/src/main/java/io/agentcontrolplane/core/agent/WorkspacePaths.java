package io.agentcontrolplane.core.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a tool of the built-in agent loop may read and write: inside the workspace or the run directory, after
 * symbolic links are followed. A path that leaves them is refused with a message the model can read.
 */
final class WorkspacePaths {
    private final Path workspace;
    private final List<Path> roots = new ArrayList<>();

    WorkspacePaths(Path workspace, Path runDirectory) throws IOException {
        this.workspace = workspace.toRealPath();
        roots.add(this.workspace);
        roots.add(runDirectory.toRealPath());
    }

    /** The real location of {@code path} (relative to the workspace), or an exception saying why not. */
    Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a path is required");
        }
        Path candidate;
        try {
            candidate = workspace.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + path);
        }
        // The nearest existing ancestor, with links followed, must be inside a root; what does not exist yet
        // is created below it.
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException(path + " is outside the workspace");
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " cannot be resolved: " + e.getMessage());
        }
        Path resolved = real.resolve(existing.relativize(candidate)).normalize();
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return resolved;
            }
        }
        throw new IllegalArgumentException(path + " is outside the workspace and the run directory");
    }

    Path workspace() {
        return workspace;
    }
}
