package io.agentcontrolplane.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.outbox.MutableClock;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspaces against the sandbox's git over HTTP (a private repository, so fetching needs the token). */
class WorkspacesTest {
    static final String TOKEN = "ghp_workspaceTOKEN0123456789abcdefXYZ";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private GitHubSandbox sandbox;
    private SandboxRepo repo;
    private Workspaces workspaces;

    @BeforeEach
    void setUp() {
        sandbox = GitHubSandbox.builder().user("maria", TOKEN).repo("acme/widgets", "main", true)
                .permission("acme/widgets", "maria", io.agentcontrolplane.sandbox.Permission.WRITE).build().start();
        repo = sandbox.repo("acme/widgets");
        repo.commit("main", Map.of("src/app.txt", "one\ntwo\nthree\n"), "app");
        workspaces = workspaces(new Profile.Retention(null, null, null, null, null));
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private Workspaces workspaces(Profile.Retention retention) {
        return new Workspaces(sandbox.baseUrl() + "/acme/widgets.git", dir.resolve("anchor.git"),
                dir.resolve("worktrees"), new UsernamePasswordCredentialsProvider("x-access-token", TOKEN), retention,
                clock);
    }

    @Test
    void anIssueRunGetsItsOwnBranchFromTheBaseSharingTheAnchorsObjects() throws Exception {
        WorkspacePlan plan = WorkspacePlan.issue("run-1", "agent/widgets/issue", 12, "Fix the login: it's broken!",
                "main", false);
        Workspaces.Prepared p = workspaces.prepare(plan, "run-1");

        assertThat(p.path()).isEqualTo(dir.resolve("worktrees/run-1"));
        assertThat(p.facts().branch()).isEqualTo("agent/widgets/issue-12-fix-the-login-it-s-broken");
        assertThat(p.facts().baseSha()).isEqualTo(repo.branchSha("main")).isEqualTo(p.facts().startSha());
        assertThat(Files.readString(p.path().resolve("src/app.txt"))).isEqualTo("one\ntwo\nthree\n");
        // Shared objects: the workspace's own object store holds none of the history.
        assertThat(Files.readString(p.path().resolve(".git/objects/info/alternates")).trim())
                .isEqualTo(dir.resolve("anchor.git/objects").toString());
        try (Stream<Path> own = Files.walk(p.path().resolve(".git/objects"))) {
            assertThat(own.filter(Files::isRegularFile).filter(f -> !f.endsWith("alternates")).count()).isZero();
        }
        try (Repository r = open(p.path())) {
            assertThat(r.getFullBranch()).isEqualTo("refs/heads/" + p.facts().branch());
            assertThat(Git.wrap(r).status().call().isClean()).isTrue();
            // The token is nowhere in what was written: only the bare clone URL.
            assertThat(r.getConfig().getString("remote", "origin", "url")).doesNotContain(TOKEN);
        }
        assertThat(workspaces.isolationProblem(p.path())).isNull();
        assertNoFileHolds(dir, TOKEN);
    }

    @Test
    void theAgentsCommitsAreKeptInTheAnchorAndAsAPatch() throws Exception {
        Workspaces.Prepared p = workspaces.prepare(WorkspacePlan.issue("run-2", "agent/w/issue", 3, "Add", "main",
                false), "run-2");
        Path file = p.path().resolve("src/app.txt");
        Files.writeString(file, "one\nTWO\nthree\n");
        String head;
        try (Repository r = open(p.path()); Git git = Git.wrap(r)) {
            git.add().addFilepattern("src/app.txt").call();
            head = git.commit().setMessage("Capitalise two").call().name();
        }
        Path patch = dir.resolve("runs/run-2/changes.patch");
        Files.createDirectories(patch.getParent());
        WorkspaceFacts kept = workspaces.keep(p, "run-2", patch);

        assertThat(kept.headSha()).isEqualTo(head);
        assertThat(kept.hasNewCommits()).isTrue();
        assertThat(Files.readString(patch)).contains("# Capitalise two", "-two", "+TWO", "src/app.txt");
        try (Repository anchor = new FileRepositoryBuilder().setGitDir(dir.resolve("anchor.git").toFile()).build()) {
            assertThat(anchor.exactRef("refs/acp/runs/run-2").getObjectId().name()).isEqualTo(head);
        }
        // The work outlives the workspace.
        workspaces.remove(p.path());
        assertThat(p.path()).doesNotExist();
        try (Repository anchor = new FileRepositoryBuilder().setGitDir(dir.resolve("anchor.git").toFile()).build()) {
            assertThat(anchor.parseCommit(anchor.resolve(head)).getShortMessage()).isEqualTo("Capitalise two");
        }
    }

    @Test
    void aPrRunStartsAtTheHeadAndMergeRepairHasTheBaseMergedWithConflictsListed() throws Exception {
        String head = repo.createBranchWithCommit("feature", "main", Map.of("src/app.txt", "one\nfeature\nthree\n",
                "src/new.txt", "new\n"), "feature");
        int pr = repo.openPullRequest("maria", "Feature", "", "feature", "main", false);
        Workspaces.Prepared review = workspaces.prepare(WorkspacePlan.pullRequest("run-pr", "agent/w/pr", pr,
                "feature", head, "main", false), "run-pr");
        assertThat(review.facts().startSha()).isEqualTo(head);
        assertThat(review.facts().remoteBranch()).isEqualTo("feature");
        assertThat(review.facts().conflictPaths()).isEmpty();
        assertThat(Files.readString(review.path().resolve("src/new.txt"))).isEqualTo("new\n");

        repo.commit("main", Map.of("src/app.txt", "one\nmain\nthree\n", "README.md", "changed\n"), "main moves");
        Workspaces.Prepared repair = workspaces.prepare(WorkspacePlan.pullRequest("run-repair", "agent/w/pr", pr,
                "feature", head, "main", true), "run-repair");
        assertThat(repair.facts().conflictPaths()).containsExactly("src/app.txt");
        assertThat(Files.readString(repair.path().resolve("src/app.txt"))).contains("<<<<<<<", "feature", "main");
        assertThat(repair.facts().baseSha()).isEqualTo(repo.branchSha("main"));

        // Without a conflict the host's merge is committed and the agent starts after it.
        String clean = repo.createBranchWithCommit("docs", "main", Map.of("docs.txt", "d\n"), "docs");
        repo.commit("main", Map.of("other.txt", "o\n"), "more main");
        int pr2 = repo.openPullRequest("maria", "Docs", "", "docs", "main", false);
        Workspaces.Prepared merged = workspaces.prepare(WorkspacePlan.pullRequest("run-merged", "agent/w/pr", pr2,
                "docs", clean, "main", true), "run-merged");
        assertThat(merged.facts().conflictPaths()).isEmpty();
        assertThat(merged.facts().startSha()).isNotEqualTo(clean);
        assertThat(merged.path().resolve("other.txt")).exists();
    }

    @Test
    void isolationRefusesWhatIsNotAWorkspaceOfOurs() throws Exception {
        Workspaces.Prepared p = workspaces.prepare(WorkspacePlan.issue("run-3", "agent/w/issue", 3, "x", "main",
                false), "run-3");
        assertThat(workspaces.isolationProblem(dir.resolve("anchor.git"))).contains("outside the worktree root");
        assertThat(workspaces.isolationProblem(dir.resolve("elsewhere"))).contains("outside the worktree root");
        // A user's checkout under the root, not made by us.
        Path user = dir.resolve("worktrees/mine");
        Git.init().setDirectory(user.toFile()).call().close();
        assertThat(workspaces.isolationProblem(user)).contains("did not make it");
        // A workspace reached through a symbolic link.
        Path link = dir.resolve("worktrees/linked");
        Files.createSymbolicLink(link, p.path());
        assertThat(workspaces.isolationProblem(link)).contains("symbolic link");
        // A tracked symbolic link out of the workspace.
        Files.createSymbolicLink(p.path().resolve("escape"), Path.of("/etc"));
        try (Repository r = open(p.path()); Git git = Git.wrap(r)) {
            git.add().addFilepattern("escape").call();
        }
        assertThat(workspaces.isolationProblem(p.path())).contains("symbolic link escape points outside");
        // An in-workspace link is fine.
        Workspaces.Prepared q = workspaces.prepare(WorkspacePlan.issue("run-4", "agent/w/issue", 4, "x", "main",
                false), "run-4");
        Files.createSymbolicLink(q.path().resolve("inner"), Path.of("src/app.txt"));
        try (Repository r = open(q.path()); Git git = Git.wrap(r)) {
            git.add().addFilepattern("inner").call();
        }
        assertThat(workspaces.isolationProblem(q.path())).isNull();
        assertThatThrownBy(() -> workspaces.remove(dir.resolve("anchor.git"))).hasMessageContaining("refusing");
        assertThatThrownBy(() -> workspaces.remove(user)).hasMessageContaining("refusing");
    }

    @Test
    void aCloneUrlWithCredentialsIsRefused() {
        assertThatThrownBy(() -> new Workspaces("https://x:" + TOKEN + "@github.com/a/b.git", dir.resolve("a.git"),
                dir.resolve("w"), null, Profile.Retention.defaults(), clock))
                .hasMessageContaining("must not hold credentials");
    }

    @Test
    void aWrongTokenIsAClearError() {
        Workspaces bad = new Workspaces(sandbox.baseUrl() + "/acme/widgets.git", dir.resolve("anchor.git"),
                dir.resolve("worktrees"), new UsernamePasswordCredentialsProvider("x-access-token", "wrong"),
                Profile.Retention.defaults(), clock);
        assertThatThrownBy(() -> bad.refreshAnchor()).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("cannot fetch " + sandbox.baseUrl() + "/acme/widgets.git");
    }

    @Test
    void retentionRemovesTheOldestFinishedWorkspacesButNeverActiveOnes() throws Exception {
        Workspaces ws = workspaces(new Profile.Retention(2, 48, 0, null, null));
        for (int i = 1; i <= 4; i++) {
            Workspaces.Prepared p = ws.prepare(WorkspacePlan.issue("run-" + i, "agent/w/issue", i, "t", "main",
                    false), "run-" + i);
            ws.finished(p.path(), "run-" + i);
            clock.advance(Duration.ofHours(1));
        }
        // run-1 is active: kept although it is the oldest. Of the finished, the newest two stay.
        List<Path> removed = ws.applyRetention(Set.of("run-1")::contains);
        assertThat(removed).extracting(p -> p.getFileName().toString()).containsExactly("run-2");
        assertThat(ws.list()).extracting(e -> e.path().getFileName().toString())
                .containsExactly("run-1", "run-3", "run-4");
        clock.advance(Duration.ofHours(48));
        assertThat(ws.applyRetention(n -> false)).hasSize(3);

        Workspaces small = workspaces(new Profile.Retention(0, 0, 1, null, null));
        repo.commit("main", Map.of("big.bin", "x".repeat(700 * 1024)), "big");
        for (int i = 5; i <= 6; i++) {
            Workspaces.Prepared p = small.prepare(WorkspacePlan.issue("run-" + i, "agent/w/issue", i, "t", "main",
                    false), "run-" + i);
            small.finished(p.path(), "run-" + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(small.applyRetention(n -> false)).extracting(p -> p.getFileName().toString())
                .containsExactly("run-5");
    }

    @Test
    void aResidentWorkspaceIsReusedCleanForTwelveTasksWithinADay() throws Exception {
        WorkspacePlan plan = WorkspacePlan.issue("resident-scheduled", "agent/w/issue", 9, "Nightly", "main", true);
        Workspaces.Prepared first = workspaces.prepare(plan, "r-1");
        assertThat(first.reused()).isFalse();
        Files.writeString(first.path().resolve("junk.txt"), "left behind");
        Files.writeString(first.path().resolve("src/app.txt"), "dirty");
        workspaces.finished(first.path(), "r-1");
        clock.advance(Duration.ofHours(1));

        Workspaces.Prepared second = workspaces.prepare(plan, "r-2");
        assertThat(second.reused()).isTrue();
        assertThat(second.tasks()).isEqualTo(2);
        assertThat(second.path().resolve("junk.txt")).doesNotExist();
        assertThat(Files.readString(second.path().resolve("src/app.txt"))).isEqualTo("one\ntwo\nthree\n");
        workspaces.finished(second.path(), "r-2");

        // A day without a run: a fresh workspace.
        clock.advance(Duration.ofHours(25));
        assertThat(workspaces.prepare(plan, "r-3").reused()).isFalse();
        for (int i = 4; i <= 15; i++) {
            Workspaces.Prepared p = workspaces.prepare(plan, "r-" + i);
            workspaces.finished(p.path(), "r-" + i);
            assertThat(p.tasks()).isEqualTo(i <= 14 ? i - 2 : 1);
        }
    }

    private static Repository open(Path ws) throws Exception {
        return new FileRepositoryBuilder().setGitDir(ws.resolve(Constants.DOT_GIT).toFile()).setMustExist(true)
                .build();
    }

    static void assertNoFileHolds(Path root, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s", f).doesNotContain(secret);
            }
        }
    }
}
