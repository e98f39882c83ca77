package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.ItemRef;
import java.nio.file.Files;
import java.nio.file.Path;
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
