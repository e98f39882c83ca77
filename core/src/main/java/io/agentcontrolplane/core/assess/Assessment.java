package io.agentcontrolplane.core.assess;

import io.agentcontrolplane.core.world.PrLane;
import java.util.List;

/**
 * The assessment of one pull request, as the original's {@code pr-risk.sh} computed it, with the rule behind each
 * conclusion ({@link #findings}).
 *
 * @param managed whether it is an agent PR (managed branch prefix, handoff label or agent status comment)
 * @param linkedIssue the issue it addresses (closing keyword in the body or issue branch), if any
 * @param riskTier {@code low}, {@code high}, {@code critical-app} or {@code critical-infra}
 * @param riskReason {@code file-scope-within-low-risk-allowlist} or {@code paths-<tier>:<files>}
 * @param pendingChecks checks not finished, {@code <name>:status-<state>}
 * @param checkFailures failed checks, {@code <name>:conclusion-<state>} (before the infra-only bypass)
 * @param checksBypassed every failure was the CI infrastructure's (billing, spending limit, job not started)
 * @param mergeState GitHub's mergeable state, upper case ({@code UNKNOWN} when not known)
 * @param cleanMergeState clean, or unstable/unknown with the failures bypassed
 * @param agentStatusBlocker an agent blocker (not CI-only) or a host guard about the current head
 * @param noopRepairSummary a repair summary about the current head found nothing to change
 * @param actionableReviewComments ids of review comments on the head by the configured reviewers
 * @param doubleCheckStage 1 or 2
 * @param missingReasons what keeps it from auto-merge, in the original's order
 * @param lane where the planner serves it
 * @param laneRule the decision rule that chose the lane
 */
public record Assessment(
        int number,
        String headSha,
        boolean managed,
        Integer linkedIssue,
        String riskTier,
        String riskReason,
        List<String> systemBreakingFiles,
        boolean scopeTooBroad,
        List<String> scopeReasons,
        int productFileCount,
        boolean noChecksReported,
        List<String> pendingChecks,
        List<String> checkFailures,
        boolean checksBypassed,
        List<String> infraFailureMessages,
        boolean effectiveChecksOk,
        String mergeState,
        boolean cleanMergeState,
        boolean agentStatusBlocker,
        boolean noopRepairSummary,
        List<Long> actionableReviewComments,
        boolean shouldCiRefresh,
        boolean requiresHumanApproval,
        boolean humanApproved,
        boolean requiresDoubleCheck,
        int doubleCheckStage,
        List<String> missingReasons,
        boolean eligibleForAutoMerge,
        PrLane lane,
        String laneRule,
        List<Finding> findings) {
    public Assessment {
        systemBreakingFiles = List.copyOf(systemBreakingFiles);
        scopeReasons = List.copyOf(scopeReasons);
        pendingChecks = List.copyOf(pendingChecks);
        checkFailures = List.copyOf(checkFailures);
        infraFailureMessages = List.copyOf(infraFailureMessages);
        actionableReviewComments = List.copyOf(actionableReviewComments);
        missingReasons = List.copyOf(missingReasons);
        findings = List.copyOf(findings);
    }

    /**
     * One conclusion and the rule that led to it.
     *
     * @param topic what it is about: {@code managed}, {@code risk}, {@code scope}, {@code checks}, {@code merge},
     *     {@code status}, {@code review}, {@code gates}, {@code missing}, {@code lane}
     */
    public record Finding(String topic, String conclusion, String rule) {
    }

    /** The assessment as text, one finding a line, for {@code acp assess-pr}. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("PR #").append(number).append(": lane ").append(lane.wireName()).append(" (").append(laneRule)
                .append(")\n");
        out.append("Risk ").append(riskTier).append("; auto-merge ")
                .append(eligibleForAutoMerge ? "eligible" : "not eligible").append('\n');
        for (Finding f : findings) {
            out.append(String.format("  %-8s %s%n           because %s%n", f.topic(), f.conclusion(), f.rule()));
        }
        return out.toString();
    }
}
