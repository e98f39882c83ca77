package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.worker.WorkspacePlan;
import io.agentcontrolplane.core.worker.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Workspace preparation on a large repository ({@link BenchRepo}: 20,000 files, 5,000 commits) against
 * {@code git worktree add} of the same commit from a bare clone of the same repository, alternating the two in every
 * round so that both see the same machine load (on a shared 2-core machine the load drifts by the minute).
 *
 * <p>Ours is timed whole, as a worker does it: the anchor's (up-to-date) fetch, the workspace repository borrowing
 * the anchor's objects, the checkout of 20,000 files with its index, and the isolation check. Git's is timed as
 * {@code git fetch} (up to date) and {@code git worktree add -b}. Workspaces are removed between rounds, untimed.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.agentcontrolplane.bench.WorkspaceBench [ROUNDS] [DIR]</pre>
 *
 * See docs/benchmarks.md.
 */
public final class WorkspaceBench {
    private WorkspaceBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path base = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path root = Files.createTempDirectory(Files.createDirectories(base), "acp-workspace-bench");
        try {
            run(root, rounds);
        } finally {
            BenchRepo.delete(root);
        }
    }

    private static void run(Path root, int rounds) throws Exception {
        Path remote = root.resolve("remote.git");
        long t0 = System.nanoTime();
        BenchRepo.build(remote);
        System.out.printf(Locale.ROOT, "repository: %d files, %d commits, built in %.1f s%n", BenchRepo.FILES,
                BenchRepo.COMMITS, (System.nanoTime() - t0) / 1e9);
        Path gitClone = root.resolve("git-clone.git");
        BenchRepo.run(root, "git", "clone", "-q", "--bare", remote.toUri().toString(), gitClone.toString());
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "config", "remote.origin.fetch",
                "+refs/heads/*:refs/remotes/origin/*");
        BenchRepo.run(root, "git", "--git-dir=" + gitClone, "fetch", "-q", "origin");
        Workspaces workspaces = new Workspaces(remote.toUri().toString(), root.resolve("anchor.git"),
                root.resolve("worktrees"), null, new Profile.Retention(0, 0, 0, 0, 0), Clock.systemUTC());
        workspaces.refreshAnchor();

        List<double[]> results = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double ours = 0;
            double fetch = 0;
            double add = 0;
            for (int side = 0; side < 2; side++) {
                boolean oursNow = (round + side) % 2 == 0;
                if (oursNow) {
                    long s = System.nanoTime();
                    Workspaces.Prepared p = workspaces.prepare(WorkspacePlan.issue("run-" + round, "agent/bench/issue",
                            round, "Benchmark run", "main", false), "run-" + round);
                    ours = (System.nanoTime() - s) / 1e6;
                    if (round == 0) {
                        check(p.path());
                    }
                    workspaces.remove(p.path());
                } else {
                    Path wt = root.resolve("git-worktrees").resolve("wt-" + round);
                    long s = System.nanoTime();
                    BenchRepo.run(root, "git", "--git-dir=" + gitClone, "fetch", "-q", "origin");
                    long f = System.nanoTime();
                    BenchRepo.run(root, "git", "--git-dir=" + gitClone, "worktree", "add", "-q", "-b",
                            "bench-" + round, wt.toString(), "refs/remotes/origin/main");
                    fetch = (f - s) / 1e6;
                    add = (System.nanoTime() - f) / 1e6;
                    BenchRepo.run(root, "git", "--git-dir=" + gitClone, "worktree", "remove", "--force",
                            wt.toString());
                }
            }
            String label = round == 0 ? "warm-up" : "round " + round;
            System.out.printf(Locale.ROOT, "%-8s acp prepare %8.0f ms | git fetch %6.0f ms + worktree add %8.0f ms"
                    + " | ratio to worktree add %.2f, to fetch + add %.2f%n", label, ours, fetch, add, ours / add,
                    ours / (fetch + add));
            if (round > 0) {
                results.add(new double[] {ours, add, fetch + add, ours / add, ours / (fetch + add)});
            }
        }
        System.out.printf(Locale.ROOT, "median: acp prepare %.0f ms, git worktree add %.0f ms, git fetch + worktree"
                + " add %.0f ms; median ratio %.2f (to worktree add), %.2f (to fetch + add)%n", median(results, 0),
                median(results, 1), median(results, 2), median(results, 3), median(results, 4));
    }

    private static void check(Path ws) throws Exception {
        long files;
        try (var walk = Files.walk(ws)) {
            files = walk.filter(p -> !p.toString().contains("/.git/") && Files.isRegularFile(p)).count();
        }
        if (files != BenchRepo.FILES) {
            throw new IllegalStateException("expected " + BenchRepo.FILES + " files in the workspace, found " + files);
        }
        BenchRepo.run(ws, "git", "diff", "--quiet", "HEAD");
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
