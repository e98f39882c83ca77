package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.snapshot.RunDetail.LogTail;
import io.agentcontrolplane.core.snapshot.RunDetail.ResultView;
import io.agentcontrolplane.core.snapshot.RunDetail.VerificationEntry;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.Lane;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run directory ({@code <runsRoot>/<runId>/}, file names in {@link RunFiles}) for the run detail view,
 * without trusting it: a symbolic link is refused (it could point anywhere), an oversized file is cut or refused,
 * and a file that does not parse is reported, not thrown.
 */
final class RunDirectory {
    /** The longest prompt and result shown. */
    static final int MAX_TEXT = 256 * 1024;
    /** The end of the agent log shown. */
    static final int LOG_TAIL = 64 * 1024;
    /** Journal lines shown. */
    static final int MAX_VERIFICATION = 500;
    private static final long MAX_JOURNAL = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = StateJson.mapper();

    private RunDirectory() {
    }

    static RunDetail read(Path runsRoot, RunView run) {
        List<String> problems = new ArrayList<>();
        String id = run.runId();
        if (id.equals(".") || id.equals("..") || id.contains("/") || id.contains("\\")) {
            return new RunDetail(run, null, null, null, List.of(), null, List.of("the run id is not a directory name"));
        }
        Path dir = runsRoot.resolve(id).normalize();
        if (!dir.startsWith(runsRoot.normalize()) || Files.isSymbolicLink(dir)) {
            return new RunDetail(run, dir.toString(), null, null, List.of(), null,
                    List.of("the run directory " + dir + " is a symbolic link or outside the runs root; not read"));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new RunDetail(run, dir.toString(), null, null, List.of(), null,
                    List.of("the run directory " + dir + " does not exist (yet)"));
        }
        String prompt = text(dir, RunFiles.PROMPT, problems);
        ResultView result = result(dir, Lane.parse(run.lane()), problems);
        List<VerificationEntry> verification = verification(dir, problems);
        LogTail log = tail(dir, problems);
        return new RunDetail(run, dir.toString(), prompt, result, verification, log, List.copyOf(problems));
    }

    /** The file's attributes, or null when it is absent or refused (then a problem says why). */
    private static BasicFileAttributes regular(Path file, List<String> problems) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                problems.add(file.getFileName() + " is not a regular file (a link or a directory); not read");
                return null;
            }
            return a;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            problems.add(file.getFileName() + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static String text(Path dir, String name, List<String> problems) {
        Path f = dir.resolve(name);
        BasicFileAttributes a = regular(f, problems);
        if (a == null) {
            return null;
        }
        try {
            byte[] bytes = readUpTo(f, 0, MAX_TEXT);
            String s = decode(bytes);
            if (a.size() > MAX_TEXT) {
                s += "\n[... " + (a.size() - MAX_TEXT) + " more bytes not shown]";
            }
            return s;
        } catch (IOException e) {
            problems.add(name + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static ResultView result(Path dir, Lane lane, List<String> problems) {
        Path f = dir.resolve(RunFiles.RESULT);
        BasicFileAttributes a = regular(f, problems);
        if (a == null) {
            return null;
        }
        if (a.size() > MAX_TEXT) {
            problems.add(RunFiles.RESULT + " is larger than " + MAX_TEXT + " bytes; not read");
            return null;
        }
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(f));
            if (node == null || !node.isObject()) {
                problems.add(RunFiles.RESULT + " is not a JSON object");
                return null;
            }
            String outcome = textField(node, "outcome");
            String action = textField(node, "action");
            String detail = textField(node, "detail");
            String problem;
            if (outcome == null || action == null) {
                problem = "the field '" + (outcome == null ? "outcome" : "action") + "' is missing";
            } else {
                problem = new RunResult(outcome, action, detail).normalisedFor(lane).problemFor(lane);
            }
            return new ResultView(outcome, action, detail, problem);
        } catch (IOException e) {
            problems.add(RunFiles.RESULT + " cannot be read: " + ReadProblems.describe(e));
            return null;
        }
    }

    private static String textField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static List<VerificationEntry> verification(Path dir, List<String> problems) {
        Path f = dir.resolve(RunFiles.VERIFICATION);
        BasicFileAttributes a = regular(f, problems);
        if (a == null) {
            return List.of();
        }
        List<VerificationEntry> out = new ArrayList<>();
        try {
            String content = decode(readUpTo(f, Math.max(0, a.size() - MAX_JOURNAL), (int) Math.min(a.size(),
                    MAX_JOURNAL)));
            int lineNo = 0;
            for (String line : content.split("\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n == null || !n.isObject()) {
                        problems.add(RunFiles.VERIFICATION + " line " + lineNo + " is not a JSON object");
                        continue;
                    }
                    out.add(new VerificationEntry(textField(n, "timestamp"), textField(n, "status"),
                            textField(n, "command"), textField(n, "note")));
                } catch (IOException e) {
                    problems.add(RunFiles.VERIFICATION + " line " + lineNo + " is not valid JSON");
                }
            }
        } catch (IOException e) {
            problems.add(RunFiles.VERIFICATION + " cannot be read: " + e.getMessage());
        }
        if (out.size() > MAX_VERIFICATION) {
            return List.copyOf(out.subList(out.size() - MAX_VERIFICATION, out.size()));
        }
        return List.copyOf(out);
    }

    private static LogTail tail(Path dir, List<String> problems) {
        Path f = dir.resolve(RunFiles.LOG);
        BasicFileAttributes a = regular(f, problems);
        if (a == null) {
            return null;
        }
        try {
            long size = a.size();
            long from = Math.max(0, size - LOG_TAIL);
            String text = decode(readUpTo(f, from, (int) (size - from)));
            if (from > 0) {
                int nl = text.indexOf('\n');
                text = nl >= 0 ? text.substring(nl + 1) : text; // start at a whole line
            }
            return new LogTail(text, size, from > 0);
        } catch (IOException e) {
            problems.add(RunFiles.LOG + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static byte[] readUpTo(Path f, long from, int max) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.max(0, Math.min(max, len - from));
            byte[] buf = new byte[n];
            raf.seek(from);
            raf.readFully(buf);
            return buf;
        }
    }

    /** UTF-8, with anything undecodable (a cut multi-byte character, binary output) replaced. */
    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }
}
