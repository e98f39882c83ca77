package io.agentcontrolplane.core.profile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers shared by the profile tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** The worktree root: the first ancestor of the working directory holding {@code examples/}. */
    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("examples")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + System.getProperty("user.dir"));
        }
        return dir;
    }

    static final String MINIMAL = "id: demo\nrepository: {slug: acme/widgets}\n";

    static LoadedProfile load(String yaml) {
        return ProfileLoader.load(yaml, "profiles/demo.yaml");
    }

    /** A minimal valid profile with {@code extra} appended as more top-level YAML. */
    static LoadedProfile loadWith(String extra) {
        return load(MINIMAL + extra);
    }
}
