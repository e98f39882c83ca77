package io.agentcontrolplane.core.forge;

import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.ItemRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The control plane's view of a code forge (GitHub), shaped by what the control plane does rather than by the
 * forge's URLs: observe one repository, and write labels, comments, pull requests, reviews and merges.
 *
 * <p>Writes are not called directly by the engine: they go through the {@code Outbox}, which makes each one
 * durable first and then applies it exactly once. Every write method is therefore paired with a way to find
 * out whether it already happened (comments carry a marker, PRs are found by head branch, reviews by marker,
 * labels are compared as sets).
 */
public interface Forge {
    /** Everything a heartbeat needs about the repository; details only where something changed. */
    Observation observe() throws ForgeException;

    /** The repository permission of a user (for the trust rule). */
    Permission permission(String user) throws ForgeException;

    // ---- labels ---------------------------------------------------------------------------------------------

    Set<String> labels(ItemRef item) throws ForgeException;

    void addLabels(ItemRef item, Collection<String> labels) throws ForgeException;

    /** Removing a label that is not there is not an error. */
    void removeLabel(ItemRef item, String label) throws ForgeException;

    /** Creates the label if missing, or updates its colour and description if they differ. */
    void ensureLabel(String name, String color, String description) throws ForgeException;

    // ---- comments -------------------------------------------------------------------------------------------

    ForgeComment comment(ItemRef item, String body) throws ForgeException;

    List<ForgeComment> comments(ItemRef item) throws ForgeException;

    /** Closes an issue (as completed); closing a closed issue is not an error. */
    void closeIssue(int number) throws ForgeException;

    /** {@code open}, {@code closed} or, for a pull request, {@code merged}. */
    String state(ItemRef item) throws ForgeException;

    /** The login the forge acts as (to tell the control plane's own pull requests, which it may not approve). */
    String login() throws ForgeException;

    // ---- pull requests --------------------------------------------------------------------------------------

    /** Opens a pull request; the head branch must exist. */
    int openPullRequest(String head, String base, String title, String body, boolean draft) throws ForgeException;

    /** The open pull request whose head is {@code head}, if any. */
    Optional<Integer> findOpenPullRequest(String head) throws ForgeException;

    /**
     * A pull request whose head is {@code head}, in any state, opened at or after {@code since}: what a request
     * whose answer was lost may have opened, though it may have been merged or closed since. One opened before
     * {@code since} (an earlier cycle on the same branch) is not it.
     */
    Optional<Integer> findPullRequestOpenedSince(String head, Instant since) throws ForgeException;

    void updatePullRequestBody(int number, String body) throws ForgeException;

    /** Submits a review on the current head: {@code APPROVE}, {@code REQUEST_CHANGES} or {@code COMMENT}. */
    void review(int number, ReviewEvent event, String body) throws ForgeException;

    List<ForgeReview> reviews(int number) throws ForgeException;

    /**
     * Squash-merges when the head is still {@code expectedHeadSha} (a moved head is refused by the forge, so that
     * nothing unreviewed is merged). Returns the merge commit's SHA.
     */
    String squashMerge(int number, String expectedHeadSha, String title, String message) throws ForgeException;

    /** Whether a pull request is merged (to find out after a lost answer whether a merge happened). */
    boolean isMerged(int number) throws ForgeException;

    /** Deleting a branch that does not exist is not an error. */
    void deleteBranch(String branch) throws ForgeException;

    boolean branchExists(String branch) throws ForgeException;

    /** Re-runs the failed jobs of the workflow runs on {@code headSha}; returns how many runs were re-run. */
    int rerunFailedJobs(String headSha) throws ForgeException;

    /** What this forge spent since it was created (requests, conditional hits, rate-limit points). */
    RequestStats stats();

    /** A review verdict. */
    enum ReviewEvent { APPROVE, REQUEST_CHANGES, COMMENT }
}
