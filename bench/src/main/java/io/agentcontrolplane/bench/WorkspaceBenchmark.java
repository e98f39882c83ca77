package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.worker.WorkspacePlan;
import io.agentcontrolplane.core.worker.Workspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Preparing one run workspace of a large repository ({@link BenchRepo}: 20,000 files, 5,000 commits), against
 * {@code git worktree add} of the same commit from a bare clone of the same repository, in the same run. Ours is
 * measured whole, as a worker does it: the anchor's fetch (up to date), the workspace repository borrowing the
 * anchor's objects, the checkout of 20,000 files and the isolation check. {@code gitFetchAndWorktreeAdd} adds the
 * same up-to-date fetch to git's side. Each invocation's workspace is removed outside the measurement.
 * See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class WorkspaceBenchmark {
    private Path root;
    private Path remote;
    private Path gitClone;
    private Workspaces workspaces;
    private int n;
    private Path made;
    private boolean gitWorktree;

    @Setup(Level.Trial)
    public void buildRepository() throws Exception {
        root = Files.createTempDirectory("acp-workspace-bench");
        remote = root.resolve("remote.git");
        BenchRepo.build(remote);
        gitClone = root.resolve("git-clone.git");
        BenchRepo.run(root, "git", "clone", "-q", "--bare", remote.toUri().toString(), gitClone.toString());
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "config", "remote.origin.fetch",
                "+refs/heads/*:refs/remotes/origin/*");
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "fetch", "-q", "origin");
        workspaces = new Workspaces(remote.toUri().toString(), root.resolve("anchor.git"), root.resolve("worktrees"),
                null, new Profile.Retention(0, 0, 0, 0, 0), Clock.systemUTC());
        workspaces.refreshAnchor();
        Workspaces.Prepared check = workspaces.prepare(plan(), "check");
        long files;
        try (var walk = Files.walk(check.path())) {
            files = walk.filter(p -> !p.toString().contains("/.git/") && Files.isRegularFile(p)).count();
        }
        if (files != BenchRepo.FILES) {
            throw new IllegalStateException("expected " + BenchRepo.FILES + " files in the workspace, found " + files);
        }
        workspaces.remove(check.path());
    }

    private WorkspacePlan plan() {
        return WorkspacePlan.issue("run-" + (++n), "agent/bench/issue", n, "Benchmark run", "main", false);
    }

    @Benchmark
    public Path acpPrepare() throws Exception {
        gitWorktree = false;
        made = workspaces.prepare(plan(), "run-" + n).path();
        return made;
    }

    @Benchmark
    public Path gitWorktreeAdd() throws Exception {
        gitWorktree = true;
        made = root.resolve("git-worktrees").resolve("wt-" + (++n));
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "worktree", "add", "-q", "-b", "bench-" + n,
                made.toString(), "refs/remotes/origin/main");
        return made;
    }

    @Benchmark
    public Path gitFetchAndWorktreeAdd() throws Exception {
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "fetch", "-q", "origin");
        return gitWorktreeAdd();
    }

    @TearDown(Level.Invocation)
    public void removeWorkspace() throws Exception {
        if (made == null) {
            return;
        }
        if (gitWorktree) {
            BenchRepo.run(root, "git", "--git-dir=" + gitClone, "worktree", "remove", "--force", made.toString());
        } else {
            workspaces.remove(made);
        }
        made = null;
    }

    @TearDown(Level.Trial)
    public void deleteRepository() throws IOException {
        BenchRepo.delete(root);
    }
}
