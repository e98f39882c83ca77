package io.agentcontrolplane.core.world;

import java.util.List;
import java.util.Objects;

/**
 * What a heartbeat observed: the repository's open issues and pull requests, the head of its default branch,
 * and the worker runs the executor reports as pending or running.
 *
 * @param source where the observation came from: {@code live}, or {@code mirror} when the forge was unreachable
 *     and the last good observation was used
 */
public record World(
        String defaultBranchSha,
        List<Issue> issues,
        List<PullRequest> pulls,
        List<WorkerRun> runs,
        String source) {
    public World {
        defaultBranchSha = Objects.requireNonNullElse(defaultBranchSha, "");
        issues = List.copyOf(Objects.requireNonNullElse(issues, List.of()));
        pulls = List.copyOf(Objects.requireNonNullElse(pulls, List.of()));
        runs = List.copyOf(Objects.requireNonNullElse(runs, List.of()));
        source = Objects.requireNonNullElse(source, "live");
        requireUnique(issues.stream().map(Issue::number).toList(), "issue");
        requireUnique(pulls.stream().map(PullRequest::number).toList(), "pull request");
    }

    private static void requireUnique(List<Integer> numbers, String what) {
        java.util.Set<Integer> seen = new java.util.HashSet<>(numbers.size() * 2);
        for (int n : numbers) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " #" + n + " appears twice");
            }
        }
    }
}
