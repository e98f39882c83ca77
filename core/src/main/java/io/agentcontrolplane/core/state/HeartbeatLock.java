package io.agentcontrolplane.core.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The right to run one profile's heartbeat, exclusive across processes (an OS file lock on
 * {@code heartbeat.lock}) and across threads of one JVM (a JVM-wide set of held lock paths, since the OS lock is
 * per process). Close it to let the next heartbeat in. The lock file itself stays; deleting it would let two
 * holders lock two different files.
 */
public final class HeartbeatLock implements AutoCloseable {
    /** Canonical paths of lock files held by this JVM. */
    private static final Set<Path> HELD_IN_JVM = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private HeartbeatLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile} if no other process or thread of this JVM holds it; any exclusive
     * right keyed by a file (a heartbeat, an outbox flush) can use it.
     */
    public static Optional<HeartbeatLock> tryAcquire(Path lockFile) {
        Path canonical;
        try {
            DurableFiles.ensureDirectory(lockFile.getParent());
            canonical = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + lockFile, e);
        }
        if (!HELD_IN_JVM.add(canonical)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(canonical, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_JVM.remove(canonical);
                return Optional.empty();
            }
            writeHolder(channel);
            return Optional.of(new HeartbeatLock(canonical, channel, lock));
        } catch (OverlappingFileLockException e) {
            // another channel of this JVM holds it without going through this class
            closeQuietly(channel);
            HELD_IN_JVM.remove(canonical);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_JVM.remove(canonical);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + canonical, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** For an operator looking at the file: who holds it. Informational only. */
    private static void writeHolder(FileChannel channel) throws IOException {
        byte[] text = ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text), 0);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    public Path path() {
        return path;
    }

    public synchronized boolean isHeld() {
        return !closed && lock.isValid();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
            HELD_IN_JVM.remove(path);
        }
    }
}
