package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.KeptRuns;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's commits from a node's anchor clone to the controller through a bundle, with real JGit repositories: the
 * origin, the node's clone where the agent committed, and the controller's repository of node commits.
 */
class NodeCommitsTest {
    @TempDir
    Path tmp;
    Path origin;
    Path anchor;
    Path runDir;
    RevCommit base;
    RevCommit head;

    @BeforeEach
    void repositories() throws Exception {
        origin = tmp.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("README.md"), "widgets\n");
            git.add().addFilepattern(".").call();
            base = git.commit().setMessage("init").setAuthor("a", "a@example.com").call();
        }
        anchor = tmp.resolve("node/anchor");
        try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(anchor.toFile())
                .call()) {
            Files.writeString(anchor.resolve("widget.js"), "export const widget = 1;\n");
            git.add().addFilepattern(".").call();
            head = git.commit().setMessage("feat: add a widget").setAuthor("agent", "agent@example.com").call();
        }
        runDir = Files.createDirectories(tmp.resolve("node/runs/r1"));
        write(runDir, new WorkspaceFacts(anchor.toString(), "agent/issue-12", null, "main", base.name(),
                base.name(), head.name(), List.of()));
    }

    @Test
    void theRunsHeadReachesTheControllersRepositoryAndWorkspaceJsonPointsThere() throws Exception {
        assertThat(NodeCommits.bundle(anchor.resolve(".git"), runDir, "r1")).isTrue();
        assertThat(runDir.resolve(NodeCommits.BUNDLE)).isRegularFile();

        Path controllerRun = copy(runDir, tmp.resolve("controller/runs/r1"));
        Path repository = tmp.resolve("controller/state/node-commits");
        assertThat(NodeCommits.receive(controllerRun, repository, origin.toUri().toString(), "t0ken-xyz",
                ItemRef.issue(12), "r1")).isNull();
        try (Git git = Git.open(repository.toFile())) {
            assertThat(git.getRepository().getObjectDatabase().has(head)).isTrue();
            assertThat(git.getRepository().exactRef("refs/acp/runs/r1").getObjectId()).isEqualTo(head.getId());
        }
        WorkspaceFacts facts = StateJson.mapper().readValue(controllerRun.resolve(RunFiles.WORKSPACE).toFile(),
                WorkspaceFacts.class);
        assertThat(facts.workspace()).isEqualTo(repository.toString());
        assertThat(facts.headSha()).isEqualTo(head.name());
        assertThat(facts.baseSha()).isEqualTo(base.name());
    }

    @Test
    void aRunWithoutCommitsBundlesNothing() throws Exception {
        write(runDir, new WorkspaceFacts(anchor.toString(), "agent/issue-12", null, "main", base.name(),
                base.name(), null, List.of()));
        assertThat(NodeCommits.bundle(anchor.resolve(".git"), runDir, "r1")).isFalse();
        assertThat(NodeCommits.receive(runDir, tmp.resolve("repo"), origin.toUri().toString(), "t", ItemRef.issue(12),
                "r1")).isNull();
        assertThat(tmp.resolve("repo")).doesNotExist();
    }

    @Test
    void anUnreachableOriginLeavesWorkspaceJsonAsItWasAndSaysWhyWithoutTheToken() throws Exception {
        NodeCommits.bundle(anchor.resolve(".git"), runDir, "r1");
        Path controllerRun = copy(runDir, tmp.resolve("controller/runs/r1"));
        String before = Files.readString(controllerRun.resolve(RunFiles.WORKSPACE));
        String problem = NodeCommits.receive(controllerRun, tmp.resolve("repo"),
                tmp.resolve("no-such-origin").toUri().toString(), "t0ken-xyz", ItemRef.issue(12), "r1");
        assertThat(problem).startsWith("cannot take the run's commits from the node into").doesNotContain("t0ken");
        assertThat(Files.readString(controllerRun.resolve(RunFiles.WORKSPACE))).isEqualTo(before);
    }

    @Test
    void retentionRemovesTheRefsAndCommitsOfRunsTheEngineNoLongerKeepsOnly() throws Exception {
        Path state = tmp.resolve("controller/state");
        Path runs = tmp.resolve("controller/runs");
        Path repository = state.resolve(NodeCommits.REPOSITORY);
        RevCommit kept = receiveRun("kept", "kept.js", runs, repository);
        RevCommit pruned = receiveRun("pruned", "pruned.js", runs, repository);
        RevCommit unreconciled = receiveRun("unreconciled", "unreconciled.js", runs, repository);
        StateStore store = StateStore.open(state);
        // "kept": reconciled, its record pruned but its directory not yet (retention removes the record first).
        // "pruned": record and directory gone. "unreconciled": its record stays whatever its directory.
        deleteTree(runs.resolve("pruned"));
        deleteTree(runs.resolve("unreconciled"));
        store.putRun(new WorkerRun("unreconciled", Lane.IMPLEMENT, ItemRef.issue(12), RunPhase.SUCCEEDED,
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-01T01:00:00Z"), false, false, false,
                "claude", null, null));

        assertThat(NodeCommits.prune(repository, KeptRuns.of(store, runs)))
                .startsWith("node commits: removed 1 run ref(s)");

        try (Git git = Git.open(repository.toFile())) {
            var repo = git.getRepository();
            assertThat(repo.exactRef("refs/acp/runs/kept").getObjectId()).isEqualTo(kept.getId());
            assertThat(repo.exactRef("refs/acp/runs/unreconciled").getObjectId()).isEqualTo(unreconciled.getId());
            assertThat(repo.exactRef("refs/acp/runs/pruned")).isNull();
            assertThat(repo.getObjectDatabase().has(kept)).isTrue();
            assertThat(repo.getObjectDatabase().has(unreconciled)).isTrue();
            assertThat(repo.getObjectDatabase().has(pruned)).isFalse();
            assertThat(repo.getObjectDatabase().has(pruned.getTree())).isFalse();
        }
        List<String> packs = packs(repository);
        assertThat(NodeCommits.prune(repository, KeptRuns.of(store, runs))).isNull();
        assertThat(packs(repository)).as("no gc when no ref went").isEqualTo(packs);
    }

    private static List<String> packs(Path repository) throws Exception {
        try (var files = Files.list(repository.resolve(".git/objects/pack"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCrashBetweenTheRefsDeletionAndTheGcIsRepairedByTheNextPass() throws Exception {
        Path runs = tmp.resolve("controller/runs");
        Path repository = tmp.resolve("controller/state").resolve(NodeCommits.REPOSITORY);
        RevCommit pruned = receiveRun("pruned", "pruned.js", runs, repository);
        Files.writeString(repository.resolve(".git/acp-gc-pending"), "");
        try (Git git = Git.open(repository.toFile())) {
            var update = git.getRepository().updateRef("refs/acp/runs/pruned");
            update.setForceUpdate(true);
            update.delete();
            assertThat(git.getRepository().getObjectDatabase().has(pruned)).isTrue();
        }

        assertThat(NodeCommits.prune(repository, id -> true)).startsWith("node commits: removed 0 run ref(s)");

        try (Git git = Git.open(repository.toFile())) {
            assertThat(git.getRepository().getObjectDatabase().has(pruned)).isFalse();
        }
        assertThat(repository.resolve(".git/acp-gc-pending")).doesNotExist();
        assertThat(NodeCommits.prune(repository, id -> true)).isNull();
    }

    /** A run whose agent committed {@code file} on the node, its commits received into {@code repository}. */
    private RevCommit receiveRun(String runId, String file, Path runs, Path repository) throws Exception {
        RevCommit commit;
        try (Git git = Git.open(anchor.toFile())) {
            git.checkout().setName(base.name()).call();
            Files.writeString(anchor.resolve(file), runId + "\n");
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("feat: " + runId).setAuthor("agent", "agent@example.com").call();
        }
        Path node = Files.createDirectories(tmp.resolve("node/runs").resolve(runId));
        write(node, new WorkspaceFacts(anchor.toString(), "agent/" + runId, null, "main", base.name(), base.name(),
                commit.name(), List.of()));
        assertThat(NodeCommits.bundle(anchor.resolve(".git"), node, runId)).isTrue();
        Path controllerRun = copy(node, runs.resolve(runId));
        assertThat(NodeCommits.receive(controllerRun, repository, origin.toUri().toString(), "t", ItemRef.issue(12),
                runId)).isNull();
        return commit;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void write(Path dir, WorkspaceFacts facts) throws Exception {
        Files.write(dir.resolve(RunFiles.WORKSPACE), StateJson.mapper().writeValueAsBytes(facts));
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
