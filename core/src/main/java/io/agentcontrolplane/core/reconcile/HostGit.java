package io.agentcontrolplane.core.reconcile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host's git, as reconcile uses it on the workspace a worker kept: read its commits, and push its branch to the
 * repository. The agent never pushes; the host does, so the token never enters the agent's environment.
 */
public interface HostGit {
    /** The commit a branch of the remote repository points at, if the branch exists. */
    Optional<String> remoteHead(String branch) throws HostGitException;

    /**
     * Pushes commit {@code sha} of the workspace's repository to {@code remoteBranch}. Idempotent: a remote branch
     * already at {@code sha} is left alone. With {@code expectedRemote} (a PR branch) the push must fast-forward from
     * it, so a concurrent push is never overwritten; without it (an issue branch no open pull request uses) the
     * branch is created or replaced.
     */
    void push(Path workspace, String sha, String remoteBranch, String expectedRemote) throws HostGitException;

    /** Commits reachable from {@code head} and not from {@code base}. */
    int commitsBetween(Path workspace, String base, String head) throws HostGitException;

    /** Paths that differ between two commits. */
    List<String> changedFiles(Path workspace, String from, String to) throws HostGitException;

    /** The subject line of a commit's message. */
    String subject(Path workspace, String sha) throws HostGitException;

    /** A file's content at a commit, if it exists there. */
    Optional<String> fileAt(Path workspace, String sha, String path) throws HostGitException;

    /**
     * Rebuilds kept work whose workspace is gone: clones the remote into {@code scratch}, applies {@code patch} (a git
     * diff, as the worker keeps it in {@code changes.patch}) on {@code baseSha} and commits it with {@code message}.
     * Returns the new commit, in {@code scratch}.
     */
    String replay(Path scratch, String baseSha, String patch, String message) throws HostGitException;

    /** Whether a commit exists in the workspace's repository. */
    boolean hasCommit(Path workspace, String sha) throws HostGitException;

    /** A git operation that failed; {@code transient} when repeating it later may work (network, remote down). */
    final class HostGitException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        public HostGitException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
