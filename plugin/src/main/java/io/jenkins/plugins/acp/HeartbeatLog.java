package io.jenkins.plugins.acp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A profile's heartbeat log, {@code <state dir>/heartbeat.log}: the rendered report of each heartbeat, appended under
 * a header line {@code === heartbeat <instant> ===}. When the file reaches {@value #ROTATE_BYTES} bytes it becomes
 * {@code heartbeat.log.1} (replacing the previous one) and a new file starts, so the log holds the last 1 to 2 MiB of
 * reports and a heartbeat writes only its own report. Each report is cut at {@value #MAX_REPORT_CHARS} characters.
 * Holds no Jenkins type.
 */
public final class HeartbeatLog {
    public static final String FILE_NAME = "heartbeat.log";
    /** The previous generation. */
    public static final String ROTATED_NAME = FILE_NAME + ".1";
    /** Size at which the log is rotated. */
    public static final long ROTATE_BYTES = 1024L * 1024;
    /** Longest report kept, in characters. */
    public static final int MAX_REPORT_CHARS = 64 * 1024;

    static final String HEADER_PREFIX = "=== heartbeat ";
    static final String HEADER_SUFFIX = " ===";
    private static final Object LOCK = new Object();

    private final Path dir;
    private final Path file;
    private final long rotateBytes;

    public HeartbeatLog(Path stateDir) {
        this(stateDir, ROTATE_BYTES);
    }

    HeartbeatLog(Path stateDir, long rotateBytes) {
        if (rotateBytes < 1) {
            throw new IllegalArgumentException("rotateBytes must be positive, got " + rotateBytes);
        }
        this.dir = stateDir;
        this.file = stateDir.resolve(FILE_NAME);
        this.rotateBytes = rotateBytes;
    }

    public Path file() {
        return file;
    }

    /** Appends a report, first rotating the log when it has reached the size limit. */
    public void append(Instant at, String report) throws IOException {
        String entry = HEADER_PREFIX + at + HEADER_SUFFIX + "\n" + body(report);
        synchronized (LOCK) {
            Files.createDirectories(dir);
            if (Files.isRegularFile(file) && Files.size(file) >= rotateBytes) {
                Files.move(file, dir.resolve(ROTATED_NAME), StandardCopyOption.REPLACE_EXISTING);
            }
            // a report cut short by a crash never swallows the next header
            String prefix = Files.isRegularFile(file) && !endsWithNewline(file) ? "\n" : "";
            Files.writeString(file, prefix + entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static boolean endsWithNewline(Path f) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(f)) {
            if (ch.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /** Every kept report with its header line, oldest first (the rotated file's, then the current one's). */
    public List<String> entries() throws IOException {
        List<String> out = new ArrayList<>(entries(dir.resolve(ROTATED_NAME)));
        out.addAll(entries(file));
        return out;
    }

    private static List<String> entries(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (isHeader(line)) {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder();
            }
            if (current != null) { // anything before the first header is not a report
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** The newest report with its header line. */
    public Optional<String> last() throws IOException {
        List<String> entries = entries();
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    private static boolean isHeader(String line) {
        return line.startsWith(HEADER_PREFIX) && line.endsWith(HEADER_SUFFIX);
    }

    /** The report as stored: cut to the maximum, ending in a newline, no line mistaken for a header. */
    static String body(String report) {
        String text = report == null ? "" : report;
        if (text.length() > MAX_REPORT_CHARS) {
            text = text.substring(0, MAX_REPORT_CHARS) + "\n... (report cut at " + MAX_REPORT_CHARS + " characters)";
        }
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(line.startsWith(HEADER_PREFIX) ? " " + line : line).append('\n'));
        return out.toString();
    }
}
