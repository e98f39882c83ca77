package io.agentcontrolplane.core.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;

/**
 * Crash-safe file primitives: a file is never seen half-written under its real name.
 *
 * <p>A write goes to a temporary file in the same directory, is forced to disk, atomically renamed over the
 * target, and the directory is forced so the rename itself survives a crash. Temporary files end in
 * {@value #TEMP_SUFFIX}; readers only look at {@code *.json} files, so a temporary file left by a crash is never
 * read and can be removed later.
 *
 * <p>Public so that other stores of the engine (the write outbox) share these primitives rather than copy them.
 */
public final class DurableFiles {
    public static final String TEMP_SUFFIX = ".tmp";

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DurableFiles() {
    }

    /** A fresh temporary name beside {@code target}: {@code <name>.<random>.tmp}. */
    public static Path tempBeside(Path target) {
        String nonce = UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        return target.resolveSibling(target.getFileName() + "." + nonce + TEMP_SUFFIX);
    }

    public static boolean isTemp(Path file) {
        return file.getFileName().toString().endsWith(TEMP_SUFFIX);
    }

    /** Writes {@code bytes} to a new temporary file beside {@code target} and forces it to disk. */
    public static Path writeTemp(Path target, byte[] bytes) throws IOException {
        ensureDirectory(target.getParent());
        Path temp = tempBeside(target);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Replaces {@code target} with {@code bytes}: temp file, force, atomic rename, force the directory. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = writeTemp(target, bytes);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(target.getParent());
    }

    /**
     * Publishes {@code bytes} as {@code target} only if {@code target} does not exist yet, atomically and across
     * processes: the content is written to a temporary file, then hard-linked to the target name (link creation
     * fails if the name is taken, where a rename would overwrite).
     *
     * @return whether this call created {@code target}
     */
    public static boolean publishExclusively(Path target, byte[] bytes) throws IOException {
        Path temp = writeTemp(target, bytes);
        try {
            Files.createLink(target, temp);
            forceDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            throw new IOException("the file system of " + target.getParent()
                    + " does not support hard links, which claims need", e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Atomically renames {@code source} to {@code target} (which must not be replaced blindly by callers). */
    public static void moveAtomically(Path source, Path target) throws IOException {
        ensureDirectory(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.getParent());
        if (!source.getParent().equals(target.getParent())) {
            forceDirectory(source.getParent());
        }
    }

    /** Deletes {@code file} if present and forces its directory; returns whether it existed. */
    public static boolean delete(Path file) throws IOException {
        boolean existed = Files.deleteIfExists(file);
        if (existed) {
            forceDirectory(file.getParent());
        }
        return existed;
    }

    /** Creates {@code dir} and any missing parents, forcing each parent so the new entries are durable. */
    public static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            ensureDirectory(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return; // another process or thread made it
        }
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    /**
     * Forces a directory's entries (renames, links, deletions) to disk. Windows cannot open a directory as a
     * channel; there, and only there, this is a no-op.
     */
    public static void forceDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // removed concurrently: nothing left to make durable
        }
    }
}
