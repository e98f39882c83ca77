package io.agentcontrolplane.core.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A cheap fingerprint of a state directory's content, for change detection without reading files.
 *
 * <p>Every state write renames a file into its directory (or deletes one), which updates the directory's
 * modification time; so the directory's time changes whenever a record does. One stat per directory. A file system's clock ticks coarsely, though: two writes within one tick leave the same time. So, as
 * git does with its "racily clean" index entries, a directory changed less than {@link #RACY} ago is also
 * fingerprinted by its entries' names, times and sizes, until its time is safely in the past.
 */
final class DirStamp {
    /** Longer than any file system's timestamp granularity (FAT's is two seconds). */
    static final Duration RACY = Duration.ofSeconds(3);

    private DirStamp() {
    }

    /** The directory's fingerprint at {@code now}; 0 when it does not exist. */
    static long of(Path dir, Instant now) {
        // java.io.File answers 0 for a missing directory where NIO would throw: most state directories of a quiet
        // profile do not exist, and an exception each would cost more than the stat.
        long modified = dir.toFile().lastModified();
        if (modified == 0) {
            return 0;
        }
        long h = 31L * modified + 7;
        if (modified >= now.minus(RACY).toEpochMilli()) {
            h = 31 * h + entriesHash(dir);
        }
        return h == 0 ? 1 : h;
    }

    private static long entriesHash(Path dir) {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path f : entries) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    lines.add(f.getFileName() + "/" + a.lastModifiedTime().toMillis() + "/" + a.size() + "/"
                            + a.fileKey());
                } catch (NoSuchFileException e) {
                    // renamed away meanwhile; the directory's time has changed too
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Collections.sort(lines);
        return lines.hashCode();
    }
}
