package io.agentcontrolplane.core.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.run.RunFileException;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
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

    /** {@code reconciled.json}: the run was turned into its writes; reconciling it again changes nothing. */
    public record Reconciled(String runId, Instant startedAt, Instant reconciledAt, String outcome, String action,
            List<String> steps) {
        public Reconciled {
            steps = List.copyOf(steps == null ? List.of() : steps);
        }
    }

    private static final ObjectMapper JSON = StateJson.mapper();
    private final Path dir;
    private final io.agentcontrolplane.core.run.RunDirectory files;

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.files = new io.agentcontrolplane.core.run.RunDirectory(this.dir);
    }

    public Path path() {
        return dir;
    }

    public boolean exists() {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A text file of the run, if present, read by the shared checked reader ({@link
     * io.agentcontrolplane.core.run.RunDirectory#readText}): names outside the directory, symbolic links, anything
     * but a regular file, more than {@link #MAX_FILE_BYTES} and text that is not UTF-8 are refused.
     */
    public Optional<String> text(String name) throws RunFileException {
        return files.readText(name, MAX_FILE_BYTES);
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
