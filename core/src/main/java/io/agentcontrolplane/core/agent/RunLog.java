package io.agentcontrolplane.core.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The run log ({@code agent.log}): the agent's output with secrets masked, cut off at a size limit so a chatty or
 * looping agent cannot fill the disk. Output past the limit is still read (it counts as progress and its last lines
 * are kept for classifying failures), only not written. Lines go to a listener that reads backend events.
 */
final class RunLog implements AutoCloseable {
    /** Lines kept in memory for failure classification; each kept line is cut to {@link #TAIL_LINE_CHARS}. */
    static final int TAIL_LINES = 400;
    static final int TAIL_LINE_CHARS = 8192;
    /** A line longer than this is handed to the listener in pieces. */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private final Path file;
    private final long limitBytes;
    private final Redactor redactor;
    private final OutputStream out;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private Consumer<String> listener = l -> { };
    private long written;
    private boolean truncated;

    RunLog(Path file, long limitBytes, Set<String> secrets) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; the run log must be a plain file in the run directory");
        }
        this.file = file;
        this.limitBytes = limitBytes;
        this.redactor = new Redactor(secrets);
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        this.written = Files.size(file);
    }

    Path file() {
        return file;
    }

    Redactor redactor() {
        return redactor;
    }

    /** Where complete output lines go (per attempt: a fresh reader of the backend's events). */
    synchronized void listen(Consumer<String> newListener) {
        this.listener = newListener == null ? l -> { } : newListener;
        tail.clear();
    }

    /** The host's own line (attempt headers, kill notices), masked like the output. */
    synchronized void note(String text) {
        flushOutput();
        byte[] bytes = ("[acp] " + redactor.redact(text) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            // The host's notes are few and say why a run ended, so they are kept past the limit.
            out.write(bytes);
            out.flush();
            written += bytes.length;
        } catch (IOException e) {
            truncated = true;
        }
    }

    /** The next piece of the agent's output. */
    synchronized void output(CharSequence piece) {
        emit(redactor.feed(piece));
    }

    /** Ends the current output: what was held back is written and a partial last line is delivered. */
    synchronized void flushOutput() {
        emit(redactor.finish());
        if (line.length() > 0) {
            deliver(line.toString());
            line.setLength(0);
            write("\n");
        }
    }

    /** The last lines of output, masked, oldest first. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    boolean truncated() {
        return truncated;
    }

    private void emit(String text) {
        if (text.isEmpty()) {
            return;
        }
        write(text);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line.append(text, start, i);
                deliver(line.toString());
                line.setLength(0);
                start = i + 1;
            }
        }
        line.append(text, start, text.length());
        if (line.length() > MAX_LINE_CHARS) {
            deliver(line.toString());
            line.setLength(0);
        }
    }

    private void deliver(String complete) {
        String stripped = complete.endsWith("\r") ? complete.substring(0, complete.length() - 1) : complete;
        tail.addLast(stripped.length() > TAIL_LINE_CHARS ? stripped.substring(0, TAIL_LINE_CHARS) : stripped);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        try {
            listener.accept(stripped);
        } catch (RuntimeException e) {
            // A backend's event reader must never stop the capture; an unreadable event is just a line.
        }
    }

    private void write(String text) {
        if (truncated) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (written + bytes.length > limitBytes) {
                int room = (int) Math.max(0, limitBytes - written);
                out.write(bytes, 0, room);
                String marker = "\n[acp] log cut off at " + limitBytes + " bytes; later output is not kept\n";
                out.write(marker.getBytes(StandardCharsets.UTF_8));
                written = limitBytes;
                truncated = true;
            } else {
                out.write(bytes);
                written += bytes.length;
            }
            out.flush();
        } catch (IOException e) {
            // A full disk must not kill the supervision; stop writing the log and keep supervising.
            truncated = true;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        flushOutput();
        out.close();
    }
}
