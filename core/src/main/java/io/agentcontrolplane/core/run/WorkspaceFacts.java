package io.agentcontrolplane.core.run;

import java.util.List;
import java.util.Objects;

/**
 * What the host prepared for a run, written by the worker to {@link RunFiles#WORKSPACE} before the agent starts and
 * completed after it ends, so that reconcile can publish (push the branch, open or update the PR) from what the worker
 * kept, without rerunning the agent.
 *
 * @param workspace absolute path of the run's workspace (a worktree of the profile's anchor clone)
 * @param branch the local branch the agent's commits are on (issue runs: {@code <issueBranchPrefix>-<n>-<slug>})
 * @param remoteBranch the branch to push to on GitHub (the PR's head ref for PR runs)
 * @param baseRef the base branch name, e.g. {@code main}
 * @param baseSha the base commit the workspace started from
 * @param startSha the branch's commit when the agent started
 * @param headSha the branch's commit when the agent ended ({@code null} until then)
 * @param conflictPaths for merge repair: the paths the host's merge of the base left in conflict
 */
public record WorkspaceFacts(String workspace, String branch, String remoteBranch, String baseRef, String baseSha,
        String startSha, String headSha, List<String> conflictPaths) {
    public WorkspaceFacts {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(branch, "branch");
        conflictPaths = List.copyOf(Objects.requireNonNullElse(conflictPaths, List.of()));
    }

    public WorkspaceFacts withHead(String sha) {
        return new WorkspaceFacts(workspace, branch, remoteBranch, baseRef, baseSha, startSha, sha, conflictPaths);
    }

    /** Whether the agent left commits on the branch. */
    public boolean hasNewCommits() {
        return headSha != null && !headSha.equals(startSha);
    }
}
