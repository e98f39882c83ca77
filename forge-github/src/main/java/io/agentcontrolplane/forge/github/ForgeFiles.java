package io.agentcontrolplane.forge.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The adapter's durable files under its state directory: the last good observation ({@code mirror.json}) and what
 * it remembers per item to skip unchanged work ({@code memo.json}). Both are written atomically (temp file, fsync,
 * rename) with the engine's state codec; a missing or unreadable file just means starting cold.
 */
final class ForgeFiles {
    /** What is remembered about an open issue, valid while its {@code updated_at} is unchanged. */
    record IssueMemo(Instant updatedAt, String blockerComment, String optInLabeller) {
    }

    /** What is remembered about an open PR, valid while its head SHA and {@code updated_at} are unchanged. */
    record PullMemo(Instant updatedAt, String headSha, boolean agentSummary, Observation.PullDetails details) {
    }

    record Memo(Map<Integer, IssueMemo> issues, Map<Integer, PullMemo> pulls) {
        Memo {
            issues = Map.copyOf(Objects.requireNonNullElse(issues, Map.of()));
            pulls = Map.copyOf(Objects.requireNonNullElse(pulls, Map.of()));
        }

        static final Memo EMPTY = new Memo(Map.of(), Map.of());
    }

    private static final ObjectMapper JSON = StateJson.mapper();
    private final Path mirror;
    private final Path memo;

    ForgeFiles(Path stateDir) {
        this.mirror = stateDir.resolve("mirror.json");
        this.memo = stateDir.resolve("memo.json");
    }

    Memo loadMemo() {
        return read(memo, Memo.class, Memo.EMPTY);
    }

    void saveMemo(Memo m) {
        write(memo, m);
    }

    Observation loadMirror() {
        return read(mirror, Observation.class, null);
    }

    void saveMirror(Observation o) {
        write(mirror, o);
    }

    private static <T> T read(Path file, Class<T> type, T fallback) {
        try {
            return JSON.readValue(Files.readAllBytes(file), type);
        } catch (NoSuchFileException e) {
            return fallback;
        } catch (IOException | RuntimeException e) {
            return fallback; // a damaged cache costs a cold read, never a failure
        }
    }

    private static void write(Path file, Object value) {
        try {
            DurableFiles.writeAtomically(file, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
