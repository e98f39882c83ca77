package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Builds finished runs as the worker leaves them: a real clone of the sandbox repository as the workspace, a scripted
 * agent (a real {@code sh} process that edits files, commits with the git binary and writes its result files into the
 * run directory), {@code workspace.json} with the commits the host saw, and the terminal run record.
 */
final class ReconcileFixture {
    final Path root;
    final Path runsRoot;
    final String cloneUrl;
    final StateStore store;
    private int n;

    ReconcileFixture(Path root, String cloneUrl, StateStore store) {
        this.root = root;
        this.runsRoot = root.resolve("runs");
        this.cloneUrl = cloneUrl;
        this.store = store;
    }

    /** A workspace on a new branch from {@code from} (a branch of the remote). */
    Path workspace(String branch, String from) throws Exception {
        Path ws = root.resolve("ws-" + (++n));
        try (Git git = Git.cloneRepository().setURI(cloneUrl).setDirectory(ws.toFile()).call()) {
            git.checkout().setCreateBranch(true).setName(branch).setStartPoint("origin/" + from).call();
        }
        return ws;
    }

    static String head(Path ws) throws Exception {
        try (Git git = Git.open(ws.toFile())) {
            ObjectId id = git.getRepository().resolve("HEAD");
            return id.name();
        }
    }

    static String sha(Path ws, String rev) throws Exception {
        try (Git git = Git.open(ws.toFile())) {
            return git.getRepository().resolve(rev).name();
        }
    }

    /**
     * Runs the scripted agent: {@code script} in {@code sh}, in the workspace, with {@code RUN_DIR} set; it edits,
     * commits with git and writes result files as an agent would.
     */
    static void agent(Path ws, Path runDir, String script) throws Exception {
        Files.createDirectories(runDir);
        ProcessBuilder pb = new ProcessBuilder("sh", "-ec", script).directory(ws.toFile()).redirectErrorStream(true);
        pb.environment().put("RUN_DIR", runDir.toString());
        pb.environment().put("GIT_AUTHOR_NAME", "Agent");
        pb.environment().put("GIT_AUTHOR_EMAIL", "agent@example.invalid");
        pb.environment().put("GIT_COMMITTER_NAME", "Agent");
        pb.environment().put("GIT_COMMITTER_EMAIL", "agent@example.invalid");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("scripted agent failed: " + out);
        }
    }

    /** A finished run: run directory with the agent's files, workspace.json, and the terminal record. */
    WorkerRun finish(String runId, Lane lane, ItemRef item, Path ws, String baseSha, String startSha,
            String remoteBranch, List<String> conflicts, String script, RunPhase phase, String reason, String provider,
            Instant startedAt, Instant endedAt) throws Exception {
        Path runDir = runsRoot.resolve(runId);
        Files.createDirectories(runDir);
        String headSha = null;
        if (ws != null) {
            agent(ws, runDir, script);
            headSha = head(ws);
            String branch;
            try (Git git = Git.open(ws.toFile())) {
                branch = git.getRepository().getBranch();
            }
            WorkspaceFacts facts = new WorkspaceFacts(ws.toString(), branch, remoteBranch, "main", baseSha,
                    startSha, headSha, conflicts);
            Files.write(runDir.resolve(RunFiles.WORKSPACE), StateJson.bytes(facts));
        } else if (script != null) {
            agent(root, runDir, script);
        }
        WorkerRun run = new WorkerRun(runId, lane, item, phase, startedAt, endedAt, false, false, false, provider,
                phase == RunPhase.SUCCEEDED ? "succeeded" : "failed", reason);
        store.putRun(run);
        return run;
    }

    static String result(String outcome, String action) {
        return "printf '%s' '{\"outcome\": \"" + outcome + "\", \"action\": \"" + action
                + "\"}' > \"$RUN_DIR/result.json\"\n";
    }

    static String passVerification() {
        return "printf '%s\\n' '{\"timestamp\": \"2026-01-01T00:00:00Z\", \"status\": \"pass\", \"command\": \"make"
                + " test\"}' > \"$RUN_DIR/verification.jsonl\"\n";
    }

    static String write(String file, String content) {
        return "mkdir -p \"$(dirname '" + file + "')\"\nprintf '%s\\n' '" + content.replace("'", "'\\''") + "' > '"
                + file + "'\n";
    }

    static String runFile(String name, String content) {
        return "printf '%s\\n' '" + content.replace("'", "'\\''") + "' > \"$RUN_DIR/" + name + "\"\n";
    }

    static String commit(String message) {
        return "git add -A\ngit commit -q -m '" + message + "'\n";
    }

    static void writeFile(Path f, String text) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static Map<String, String> map(String... kv) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
