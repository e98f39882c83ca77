package io.agentcontrolplane.core.run;

import io.agentcontrolplane.core.world.Lane;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a worker run says it did: an outcome and the action it asks the host to take, as the agent writes them to
 * {@code result.json} in its run directory ({@link RunFiles#RESULT}). Only the pairs a lane allows are valid; the
 * host (reconcile) turns a valid result into GitHub writes.
 *
 * <p>The file: {@code {"outcome": "implemented", "action": "host-publish-issue-pr", "detail": "optional text"}}.
 *
 * @param outcome what happened, e.g. {@code implemented}, {@code blocked}
 * @param action what the host must do about it, e.g. {@code host-publish-issue-pr}
 * @param detail optional free text (a reason, a summary), never interpreted
 */
public record RunResult(String outcome, String action, String detail) {
    public static final String IMPLEMENTED = "implemented";
    public static final String BLOCKED = "blocked";
    public static final String REPORTED = "reported";
    public static final String REVIEW_PASSED = "approved-local-review-passed";
    public static final String UPDATED_BRANCH = "updated-branch";
    public static final String NO_CHANGE_NEEDED = "no-change-needed";

    public static final String PUBLISH_ISSUE_PR = "host-publish-issue-pr";
    public static final String COMMENT_BLOCKER = "host-comment-blocker";
    public static final String SCHEDULED_REPORT = "host-comment-scheduled-report";
    public static final String SCHEDULED_ALERT = "host-comment-scheduled-alert";
    public static final String ADVANCE_DOUBLE_CHECK_2 = "host-advance-double-check-2";
    public static final String APPROVE_AND_MERGE = "host-approve-and-merge";
    public static final String AWAIT_HUMAN_REVIEW = "host-await-human-review";
    public static final String PUSH_PR_BRANCH = "host-push-pr-branch";
    public static final String REFRESH_PR_STATE = "host-refresh-pr-state";
    public static final String COMMENT_PR_BLOCKER = "host-comment-pr-blocker";

    /** Valid outcome to actions, for issue lanes (implement, blocked recovery). */
    private static final Map<String, Set<String>> ISSUE_PAIRS = Map.of(
            IMPLEMENTED, Set.of(PUBLISH_ISSUE_PR),
            BLOCKED, Set.of(COMMENT_BLOCKER));
    /** The scheduled lane checks and reports only. */
    private static final Map<String, Set<String>> SCHEDULED_PAIRS = Map.of(
            REPORTED, Set.of(SCHEDULED_REPORT, SCHEDULED_ALERT),
            BLOCKED, Set.of(COMMENT_BLOCKER));
    private static final Map<String, Set<String>> REVIEW_PAIRS = Map.of(
            REVIEW_PASSED, Set.of(ADVANCE_DOUBLE_CHECK_2, APPROVE_AND_MERGE, AWAIT_HUMAN_REVIEW),
            BLOCKED, Set.of(COMMENT_PR_BLOCKER));
    private static final Map<String, Set<String>> FIX_PAIRS = Map.of(
            UPDATED_BRANCH, Set.of(PUSH_PR_BRANCH),
            NO_CHANGE_NEEDED, Set.of(REFRESH_PR_STATE),
            BLOCKED, Set.of(COMMENT_PR_BLOCKER));

    public RunResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(action, "action");
    }

    /** The outcome and action pairs a lane's worker may write. */
    public static Map<String, Set<String>> allowedPairs(Lane lane) {
        return switch (lane) {
            case IMPLEMENT, BLOCKED_RECOVERY -> ISSUE_PAIRS;
            case SCHEDULED -> SCHEDULED_PAIRS;
            case DOUBLE_CHECK_1, DOUBLE_CHECK_2, AUTOMERGE -> REVIEW_PAIRS;
            case FIX, MERGE_REPAIR -> FIX_PAIRS;
            case CI_REFRESH -> Map.of();
        };
    }

    /**
     * The result with the original's legacy actions normalised ({@code host-comment-blocker} and
     * {@code requested-changes-or-blocked} on a PR lane become {@code host-comment-pr-blocker}) and a missing action
     * given the outcome's only action; unchanged when nothing applies.
     */
    public RunResult normalisedFor(Lane lane) {
        if (lane.isPr() && BLOCKED.equals(outcome)
                && (COMMENT_BLOCKER.equals(action) || "requested-changes-or-blocked".equals(action))) {
            return new RunResult(outcome, COMMENT_PR_BLOCKER, detail);
        }
        return this;
    }

    /** Why this result is not valid for the lane, or {@code null} when it is. */
    public String problemFor(Lane lane) {
        Map<String, Set<String>> pairs = allowedPairs(lane);
        Set<String> actions = pairs.get(outcome);
        if (actions == null) {
            return "outcome '" + outcome + "' is not one a " + lane.wireName() + " run may report (expected one of "
                    + String.join(", ", sorted(pairs.keySet())) + ")";
        }
        if (!actions.contains(action)) {
            return "action '" + action + "' does not go with outcome '" + outcome + "' on a " + lane.wireName()
                    + " run (expected one of " + String.join(", ", sorted(actions)) + ")";
        }
        return null;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
