package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.run.RunFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A cheap fingerprint of the files an agent works on (workspace and run directory): names, sizes and modification
 * times. An agent that edits files without printing anything is working, not stalled. Git's own directory and the
 * run log are left out: the first is large and changes with the files, the second only changes with output.
 */
final class WorkspaceActivity {
    /** Beyond this many files a scan stops; a workspace that big is judged on output and the files seen. */
    private static final int MAX_FILES = 200_000;

    private final List<Path> roots;

    WorkspaceActivity(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    long fingerprint() {
        long[] state = {17, 0};
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (file.getFileName().toString().equals(RunFiles.LOG)) {
                            return FileVisitResult.CONTINUE;
                        }
                        state[0] = state[0] * 31 + file.hashCode();
                        state[0] = state[0] * 31 + attrs.size();
                        state[0] = state[0] * 31 + attrs.lastModifiedTime().toMillis();
                        return ++state[1] >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // A file deleted during the scan is a change the next scan sees.
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // The scan is a hint; an unreadable tree leaves the decision to the output.
            }
        }
        return state[0];
    }
}
