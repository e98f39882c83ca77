package io.agentcontrolplane.core.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One state directory of JSON records, read without writing anything (the dashboard is read-only: a corrupt file
 * is reported, never quarantined) and kept between reads: the directory is read again only when its
 * {@link DirStamp} changed, and then only the files whose identity, time or size changed are parsed again.
 *
 * @param <T> the parsed record
 */
final class CachedDir<T> {
    /** Turns a file's bytes into a record, or throws with a plain-words message. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String name, byte[] content) throws Exception;
    }

    /**
     * A directory's records by file name (sorted), how many {@code .json} files it holds, and the files that
     * could not be read.
     */
    record Content<T>(TreeMap<String, T> records, int fileCount, List<String> problems) {
    }

    private record Entry<T>(Object identity, T value, String problem) {
    }

    private final Path dir;
    private final String label;
    private final Parser<T> parser;
    private final int parseNewest;
    private long stamp = -1;
    private Map<String, Entry<T>> entries = Map.of();
    private Content<T> content = new Content<>(new TreeMap<>(), 0, List.of());

    /**
     * @param label how problems name the directory ({@code runs}, {@code outbox/failed})
     * @param parseNewest parse only the last this many files by name (ids sort by age); the rest are only counted
     */
    CachedDir(Path dir, String label, Parser<T> parser, int parseNewest) {
        this.dir = dir;
        this.label = label;
        this.parser = parser;
        this.parseNewest = parseNewest;
    }

    long stamp(Instant now) {
        return DirStamp.of(dir, now);
    }

    synchronized Content<T> read(Instant now) {
        return read(DirStamp.of(dir, now));
    }

    /** The content, read again only if {@code current} (this directory's {@link DirStamp}) changed. */
    synchronized Content<T> read(long current) {
        if (current == stamp) {
            return content;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "*.json")) {
            list.forEach(files::add);
        } catch (NoSuchFileException e) {
            files = new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        files.sort(null);
        Map<String, Entry<T>> next = new HashMap<>();
        TreeMap<String, T> records = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int first = Math.max(0, files.size() - parseNewest);
        for (int i = first; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString();
            Entry<T> e = entry(f, name, entries.get(name));
            if (e == null) {
                continue;
            }
            next.put(name, e);
            if (e.value() != null) {
                records.put(name.substring(0, name.length() - ".json".length()), e.value());
            } else {
                problems.add(e.problem());
            }
        }
        entries = next;
        content = new Content<>(records, files.size(), List.copyOf(problems));
        stamp = current;
        return content;
    }

    /** The file's entry, reusing {@code cached} when the file is the same one; null when the file vanished. */
    private Entry<T> entry(Path f, String name, Entry<T> cached) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return new Entry<>(null, null, label + "/" + name + " is not a regular file");
            }
            Object identity = List.of(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime(), a.size());
            if (cached != null && cached.identity().equals(identity)) {
                return cached;
            }
            byte[] bytes = Files.readAllBytes(f);
            try {
                return new Entry<>(identity, Objects.requireNonNull(parser.parse(name, bytes)), null);
            } catch (Exception e) {
                return new Entry<>(identity, null, "state file " + label + "/" + name + " cannot be read: "
                        + ReadProblems.describe(e));
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
