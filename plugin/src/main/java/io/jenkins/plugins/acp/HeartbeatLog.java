package io.jenkins.plugins.acp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A profile's rolling heartbeat log, {@code <state dir>/heartbeat.log}: the rendered reports of its last
 * {@value #KEEP} heartbeats, oldest first, each under a header line {@code === heartbeat <instant> ===}. Each report
 * is cut at {@value #MAX_REPORT_CHARS} characters, so the file stays under about 3 MB. Rewritten whole through a
 * temporary file and a rename, so a reader never sees half a file. Holds no Jenkins type.
 */
public final class HeartbeatLog {
    public static final String FILE_NAME = "heartbeat.log";
    /** How many reports are kept. */
    public static final int KEEP = 50;
    /** Longest report kept, in characters. */
    public static final int MAX_REPORT_CHARS = 64 * 1024;

    static final String HEADER_PREFIX = "=== heartbeat ";
    static final String HEADER_SUFFIX = " ===";
    private static final Object LOCK = new Object();

    private final Path file;
    private final int keep;

    public HeartbeatLog(Path stateDir) {
        this(stateDir, KEEP);
    }

    HeartbeatLog(Path stateDir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive, got " + keep);
        }
        this.file = stateDir.resolve(FILE_NAME);
        this.keep = keep;
    }

    public Path file() {
        return file;
    }

    /** Adds a report at the end, dropping the oldest beyond the ones kept. */
    public void append(Instant at, String report) throws IOException {
        String entry = HEADER_PREFIX + at + HEADER_SUFFIX + "\n" + body(report);
        synchronized (LOCK) {
            List<String> entries = new ArrayList<>(entries());
            entries.add(entry);
            List<String> kept = entries.subList(Math.max(0, entries.size() - keep), entries.size());
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.writeString(tmp, String.join("", kept), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every kept report with its header line, oldest first; empty when there is no log yet. */
    public List<String> entries() throws IOException {
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
