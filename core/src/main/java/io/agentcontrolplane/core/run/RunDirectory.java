package io.agentcontrolplane.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.Lane;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One run directory ({@code <workspace.runsRoot>/<runId>/}), read safely: the agent wrote much of it, so a file name
 * that leaves the directory, a symbolic link, anything but a regular file, an oversized file, text that is not
 * UTF-8, malformed JSON and an outcome/action pair the lane does not allow are each refused with a reason naming the
 * file. Nothing here follows a link or trusts a size the agent chose.
 */
public final class RunDirectory {
    /** Limits per file: results and records are small; comments and journals may be longer; the log is capped. */
    public static final long MAX_JSON_BYTES = 64 * 1024;
    public static final long MAX_COMMENT_BYTES = 256 * 1024;
    public static final long MAX_JOURNAL_BYTES = 1024 * 1024;
    public static final long MAX_DETAIL_CHARS = 4000;
    private static final Set<String> RESULT_KEYS = Set.of("outcome", "action", "detail");

    private final Path dir;
    private final ObjectMapper json = StateJson.mapper();

    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path path() {
        return dir;
    }

    /** The path of a file of this directory; names that are not a plain file name are refused. */
    public Path file(String name) throws RunFileException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new RunFileException("'" + name + "' is not a file name inside the run directory " + dir);
        }
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir)) {
            throw new RunFileException("'" + name + "' leaves the run directory " + dir);
        }
        return p;
    }

    /** The file's text, or empty when it does not exist; refused when it is not a small regular UTF-8 file. */
    public Optional<String> readText(String name, long maxBytes) throws RunFileException {
        Path p = file(name);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RunFileException(name + " cannot be read: " + e.getMessage());
        }
        if (attrs.isSymbolicLink()) {
            throw new RunFileException(name + " is a symbolic link; run files must be regular files");
        }
        if (!attrs.isRegularFile()) {
            throw new RunFileException(name + " is not a regular file");
        }
        if (attrs.size() > maxBytes) {
            throw new RunFileException(name + " is " + attrs.size() + " bytes, more than the " + maxBytes
                    + " allowed");
        }
        try {
            byte[] bytes = Files.readAllBytes(p);
            if (bytes.length > maxBytes) {
                throw new RunFileException(name + " grew past the " + maxBytes + " bytes allowed while being read");
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new RunFileException(name + " is not UTF-8 text");
        } catch (IOException e) {
            throw new RunFileException(name + " cannot be read: " + e.getMessage());
        }
    }

    /** What {@link #readResult} found. Exactly one of result and problem is set, unless the file is absent. */
    public record ResultRead(RunResult result, String problem) {
        public boolean absent() {
            return result == null && problem == null;
        }
    }

    /**
     * The run's {@link RunFiles#RESULT}, normalised for the lane and checked against the lane's pairs. A missing
     * file is {@linkplain ResultRead#absent absent}; anything wrong with it is a problem naming what.
     */
    public ResultRead readResult(Lane lane) {
        Optional<String> text;
        try {
            text = readText(RunFiles.RESULT, MAX_JSON_BYTES);
        } catch (RunFileException e) {
            return new ResultRead(null, e.getMessage());
        }
        if (text.isEmpty()) {
            return new ResultRead(null, null);
        }
        JsonNode node;
        try {
            node = json.readTree(text.get());
        } catch (JsonProcessingException e) {
            return new ResultRead(null, RunFiles.RESULT + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            return new ResultRead(null, RunFiles.RESULT + " must hold one JSON object {\"outcome\": ..., \"action\":"
                    + " ..., \"detail\": ...}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String n = names.next();
            if (!RESULT_KEYS.contains(n)) {
                return new ResultRead(null, RunFiles.RESULT + " has an unknown key '" + n + "' (allowed: outcome,"
                        + " action, detail)");
            }
        }
        String outcome = string(node, "outcome");
        String action = string(node, "action");
        String detail = string(node, "detail");
        if (outcome == null || outcome.isBlank()) {
            return new ResultRead(null, RunFiles.RESULT + " has no \"outcome\" (a string)");
        }
        if (action == null || action.isBlank()) {
            return new ResultRead(null, RunFiles.RESULT + " has no \"action\" (a string)");
        }
        if (detail != null && detail.length() > MAX_DETAIL_CHARS) {
            detail = detail.substring(0, (int) MAX_DETAIL_CHARS) + " [...]";
        }
        RunResult result = new RunResult(outcome.strip(), action.strip(), detail).normalisedFor(lane);
        String problem = result.problemFor(lane);
        if (problem != null) {
            return new ResultRead(null, RunFiles.RESULT + ": " + problem);
        }
        return new ResultRead(result, null);
    }

    private static String string(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    /** The verification journal: its entries, and one problem per line that is not a valid entry. */
    public record Journal(List<VerificationEntry> entries, List<String> problems) {
    }

    public Journal readVerification() throws RunFileException {
        Optional<String> text = readText(RunFiles.VERIFICATION, MAX_JOURNAL_BYTES);
        List<VerificationEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text.isEmpty()) {
            return new Journal(entries, problems);
        }
        String[] lines = text.get().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = RunFiles.VERIFICATION + " line " + (i + 1) + ": ";
            try {
                JsonNode n = json.readTree(line);
                if (n == null || !n.isObject()) {
                    problems.add(where + "not a JSON object");
                    continue;
                }
                String status = string(n, "status");
                String command = string(n, "command");
                String ts = string(n, "timestamp");
                if (!"pass".equals(status) && !"fail".equals(status)) {
                    problems.add(where + "status must be \"pass\" or \"fail\", got " + status);
                } else if (command == null || command.isBlank()) {
                    problems.add(where + "no \"command\"");
                } else {
                    entries.add(new VerificationEntry(ts == null ? null : Instant.parse(ts), status, command,
                            string(n, "note")));
                }
            } catch (JsonProcessingException e) {
                problems.add(where + "not valid JSON");
            } catch (DateTimeParseException e) {
                problems.add(where + "timestamp is not an ISO-8601 instant such as 2026-01-01T12:00:00Z");
            }
        }
        return new Journal(entries, problems);
    }

    /** The worker's run record, or empty when the worker never wrote one. */
    public Optional<RunRecord> readRecord() throws RunFileException {
        Optional<String> text = readText(RunFiles.RUN, MAX_JSON_BYTES);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(text.get(), RunRecord.class));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RunFileException(RunFiles.RUN + " is not a valid run record");
        }
    }

    /** Writes the run record atomically (the worker's, and only the worker's, job). */
    public void writeRecord(RunRecord record) throws IOException {
        DurableFiles.ensureDirectory(dir);
        DurableFiles.writeAtomically(dir.resolve(RunFiles.RUN), json.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(record));
    }
}
