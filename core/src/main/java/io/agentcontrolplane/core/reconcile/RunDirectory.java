package io.agentcontrolplane.core.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A finished run's directory ({@code <workspace.runsRoot>/<runId>/}) as reconcile reads it: the files named in
 * {@link RunFiles}, each refused with a plain reason when it is a symbolic link, leaves the directory, is too large or
 * does not parse; and the {@code reconciled.json} marker reconcile writes when it is done.
 */
public final class RunDirectory {
    /** Larger files are refused: a comment GitHub would not take, or something that is not what it claims to be. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** A file of the run directory that cannot be used. */
    public static final class RunFileException extends Exception {
        private static final long serialVersionUID = 1L;

        RunFileException(String message) {
            super(message);
        }
    }

    /** {@code reconciled.json}: the run was turned into its writes; reconciling it again changes nothing. */
    public record Reconciled(String runId, Instant startedAt, Instant reconciledAt, String outcome, String action,
            List<String> steps) {
        public Reconciled {
            steps = List.copyOf(steps == null ? List.of() : steps);
        }
    }

    private static final ObjectMapper JSON = StateJson.mapper();
    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path path() {
        return dir;
    }

    public boolean exists() {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /** A text file of the run, if present. */
    public Optional<String> text(String name) throws RunFileException {
        Path f = dir.resolve(name).normalize();
        if (!f.startsWith(dir) || !f.getParent().equals(dir)) {
            throw new RunFileException(name + ": not a file of the run directory " + dir);
        }
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isSymbolicLink(f) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new RunFileException(f + ": refused, it is a symbolic link or not a regular file");
        }
        try {
            long size = Files.size(f);
            if (size > MAX_FILE_BYTES) {
                throw new RunFileException(f + ": refused, " + size + " bytes is more than " + MAX_FILE_BYTES);
            }
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new RunFileException(f + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new RunFileException(f + ": cannot be read: " + e.getMessage());
        }
    }

    /** {@code result.json}, if the worker (or the host) wrote one. */
    public Optional<RunResult> result() throws RunFileException {
        Optional<String> text = text(RunFiles.RESULT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(text.get());
            if (n == null || !n.isObject()) {
                throw new RunFileException(dir.resolve(RunFiles.RESULT) + ": must be a JSON object with outcome and"
                        + " action");
            }
            String outcome = n.path("outcome").asText("");
            String action = n.path("action").asText("");
            if (outcome.isBlank() || action.isBlank()) {
                throw new RunFileException(dir.resolve(RunFiles.RESULT) + ": outcome and action are required");
            }
            JsonNode detail = n.get("detail");
            return Optional.of(new RunResult(outcome, action, detail == null || detail.isNull() ? null
                    : detail.asText()));
        } catch (IOException e) {
            throw new RunFileException(dir.resolve(RunFiles.RESULT) + ": is not valid JSON");
        }
    }

    /** {@code workspace.json}, if the worker prepared a workspace. */
    public Optional<WorkspaceFacts> workspace() throws RunFileException {
        Optional<String> text = text(RunFiles.WORKSPACE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(text.get(), WorkspaceFacts.class));
        } catch (IOException | RuntimeException e) {
            throw new RunFileException(dir.resolve(RunFiles.WORKSPACE) + ": is not a valid workspace record ("
                    + firstLine(e.getMessage()) + ")");
        }
    }

    /** Whether the verification journal records at least one passing command. */
    public boolean verificationPassed() throws RunFileException {
        Optional<String> text = text(RunFiles.VERIFICATION);
        if (text.isEmpty()) {
            return false;
        }
        for (String line : text.get().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                if ("pass".equals(JSON.readTree(line).path("status").asText())) {
                    return true;
                }
            } catch (IOException e) {
                // a torn line of the journal is not a pass
            }
        }
        return false;
    }

    public Optional<Reconciled> reconciled() {
        try {
            Path f = dir.resolve(RunFiles.RECONCILED);
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(Files.readAllBytes(f), Reconciled.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn marker: reconcile again, which changes nothing that was done
        }
    }

    public void markReconciled(Reconciled marker) throws IOException {
        DurableFiles.ensureDirectory(dir);
        DurableFiles.writeAtomically(dir.resolve(RunFiles.RECONCILED), StateJson.bytes(marker));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
