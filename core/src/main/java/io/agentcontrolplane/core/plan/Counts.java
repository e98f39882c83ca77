package io.agentcontrolplane.core.plan;

/**
 * The numbers behind a plan, as the original prints them after a pass. Running counts include the launches of
 * this pass.
 */
public record Counts(
        int runningTotal,
        int runningIssues,
        int runningPrs,
        int runningHeavy,
        int runningRecurring,
        int runningScheduled,
        int runningScheduledHeavy,
        int runningBlockedRecovery,
        int runningExclusive,
        int authWaiting,
        int idleResident,
        int launchedIssues,
        int launchedPrs,
        int launchBudgetRemaining,
        int prBacklogEligible,
        int prReservedSlots,
        int issueCapacityLimit,
        int openAgentPrs,
        int pendingHumanReview,
        int heavyDeferred,
        int retryDeferredIssues,
        int retryDeferredPrs) {
}
