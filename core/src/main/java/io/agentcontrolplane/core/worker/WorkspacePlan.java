package io.agentcontrolplane.core.worker;

import java.util.Locale;
import java.util.Objects;

/**
 * What workspace a run needs: on which branch, from which commit, and whether the host merges the base first.
 *
 * @param name the workspace's directory name under the worktree root (the run id, or {@code resident-<lane key>})
 * @param branch the local branch the agent works on
 * @param remoteBranch the branch a later publish pushes to (issue runs: the same name; PR runs: the PR's head ref)
 * @param baseRef the base branch, e.g. {@code main}
 * @param prNumber the pull request a PR run works on, else 0
 * @param prHeadSha the PR head commit the workspace starts at (PR runs)
 * @param mergeBase whether the host merges {@code origin/<baseRef>} into the branch before the agent starts
 * @param resident whether the workspace is a resident lane's, reused across runs
 */
public record WorkspacePlan(String name, String branch, String remoteBranch, String baseRef, int prNumber,
        String prHeadSha, boolean mergeBase, boolean resident) {
    public WorkspacePlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(baseRef, "baseRef");
        remoteBranch = Objects.requireNonNullElse(remoteBranch, branch);
        if (prNumber > 0 && (prHeadSha == null || prHeadSha.isBlank())) {
            throw new IllegalArgumentException("PR #" + prNumber + ": no head commit to start from");
        }
    }

    /** An issue run: a new branch {@code <prefix>-<n>-<slug>} from the base. */
    public static WorkspacePlan issue(String name, String branchPrefix, int issue, String title, String baseRef,
            boolean resident) {
        String branch = branchPrefix + "-" + issue + (slug(title).isEmpty() ? "" : "-" + slug(title));
        return new WorkspacePlan(name, branch, branch, baseRef, 0, null, false, resident);
    }

    /** A PR run: a local branch {@code <prefix>-<n>} at the PR head, pushing back to the PR's head ref. */
    public static WorkspacePlan pullRequest(String name, String branchPrefix, int pr, String headRef, String headSha,
            String baseRef, boolean mergeBase) {
        return new WorkspacePlan(name, branchPrefix + "-" + pr, headRef, baseRef, pr, headSha, mergeBase, false);
    }

    /** A title as a branch name part: lower case letters and digits joined by dashes, at most 48 characters. */
    public static String slug(String title) {
        String s = Objects.requireNonNullElse(title, "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48).replaceAll("-+$", "");
        }
        return s;
    }
}
