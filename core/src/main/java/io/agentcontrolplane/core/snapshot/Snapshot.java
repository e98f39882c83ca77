package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.plan.Counts;
import io.agentcontrolplane.core.plan.ExclusiveLock;
import io.agentcontrolplane.core.plan.ProviderGate;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows, built from the profiles' state directories only (never by calling GitHub): every panel
 * of the original tool's dashboard plus the plan with the reason each item waits, lifetime budgets, the GitHub
 * budget and success rates. The records below are the JSON of {@code GET /api/snapshot} (see docs/api.md).
 *
 * @param version changes whenever anything shown may have changed; the HTTP ETag
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(Instant generatedAt, String version, Overview overview, List<ProfileSnapshot> profiles,
        List<Alert> alerts) {

    /** The cards at the top: sums over every profile. */
    public record Overview(int profiles, int activeRuns, int running, int pending, int residentWorkers,
            int succeeded, int failed, int cancelled, int waitingItems, int activeRetries, int providerCooldowns,
            int scheduledIssues, int claims, int pendingWrites, int failedWrites, int alerts) {
    }

    /** One profile's panels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProfileSnapshot(
            String id,
            String repository,
            String backend,
            List<String> pools,
            HeartbeatView heartbeat,
            ProfileCounts counts,
            List<RunView> activeRuns,
            List<RunView> recentRuns,
            List<RunView> residentWorkers,
            PlanView plan,
            List<RetryView> retries,
            List<CooldownView> providerCooldowns,
            CooldownView githubCooldown,
            List<ScheduleView> scheduledIssues,
            List<RecoveryView> blockedRecoveries,
            QueueView queue,
            OutboxView outbox,
            List<BudgetView> budgets,
            GitHubBudget github,
            List<RateView> lanes,
            List<RateView> backends,
            List<DayView> daily,
            List<Alert> alerts) {
    }

    /** The original's per-profile counters, and the plan's. */
    public record ProfileCounts(int activeRuns, int runningRuns, int pendingRuns, int residentWorkers,
            int succeededRuns, int failedRuns, int cancelledRuns, int archivedRuns, int launchesPlanned,
            int waitingItems, int activeRetries, int providerCooldowns, int scheduledIssues, int pendingLaunches,
            int claims, int pendingWrites, int failedWrites, int alerts) {
    }

    /** The last heartbeat that was not skipped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeartbeatView(Instant startedAt, Instant finishedAt, String outcome, String detail,
            long durationMs, List<String> launched, List<String> failures, List<String> notes, String outbox) {
    }

    /**
     * The last plan: what it launched and, for every item that did not launch, why.
     *
     * @param observation {@code live}, or {@code mirror} when GitHub was unreachable
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlanView(Instant plannedAt, String observation, ProviderGate provider, ExclusiveLock exclusiveLock,
            List<LaunchView> launches, List<WaitView> waits, Counts counts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LaunchView(String item, String lane, String rule, String provider) {
    }

    /**
     * @param reason the wait reason's code ({@code retry-cooldown}); {@code meaning} says it in words
     * @param until when a time-bound reason lapses
     * @param blocker the item holding this one back, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WaitView(String item, String reason, String meaning, Instant until, String blocker,
            String detail) {
    }

    /**
     * A worker run as its state record has it.
     *
     * @param status the run's phase: pending, running, waiting-auth, idle-resident, succeeded, failed, cancelled
     * @param minutes agent minutes, counting a run still going up to the snapshot's time
     * @param backend the backend of its provider pool, when the profile names the pool
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunView(String runId, String profile, String lane, String item, String status, Instant startedAt,
            Instant endedAt, long minutes, String provider, String backend, String outcome, String reason,
            boolean heavy, boolean recurring, boolean exclusive, Instant seenAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetryView(String item, int attempts, Instant nextAttemptAt, String lastReason, boolean ready) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CooldownView(String key, int attempts, Instant nextAttemptAt, String lastReason, boolean active) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleView(String item, long intervalSeconds, Instant lastStartedAt, Instant nextDueAt,
            boolean due) {
    }

    public record RecoveryView(String item, Instant dueAt, boolean due) {
    }

    /** Launches handed to the executor whose run has not shown up, and who holds which item. */
    public record QueueView(List<PendingView> pendingLaunches, List<ClaimView> claims) {
    }

    public record PendingView(String item, String lane, String runId, Instant createdAt, String owner) {
    }

    public record ClaimView(String item, String owner, String host, long pid, Instant claimedAt) {
    }

    /**
     * The GitHub write outbox: counts per state and kind, and the writes waiting, done and failed last.
     *
     * @param rateLimitedUntil flushes wait until then (GitHub said so)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutboxView(int pending, int done, int failed, int dropped, int pendingComments,
            int pendingLabelUpdates, int pendingReviews, int pendingPullRequests, Instant rateLimitedUntil,
            List<WriteView> pendingItems, List<WriteView> recentDone, List<WriteView> recentFailed) {
    }

    /** @param summary the labels written, or the first 120 characters of a body */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WriteView(String id, String kind, String item, Instant createdAt, Instant finishedAt,
            int attempts, String summary, String lastError) {
    }

    /**
     * An item's lifetime budget, counted since its last reset (a human removing the needs-human label).
     *
     * @param spent whether a limit is reached
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BudgetView(String item, int attempts, int maxAttempts, long agentMinutes, int maxAgentMinutes,
            Instant countedSince, Instant labelledAt, boolean spent) {
    }

    /**
     * The GitHub API budget as the recent heartbeats saw it.
     *
     * @param remaining the primary rate limit left at the last heartbeat; -1 when unknown
     * @param pointsPerHeartbeat rate-limit points spent per heartbeat, averaged over {@code heartbeats}
     * @param notModifiedShare the share of requests answered 304 (free), 0 to 1
     */
    public record GitHubBudget(long remaining, int heartbeats, long requests, long notModified, long points,
            double pointsPerHeartbeat, double notModifiedShare, List<HeartbeatCost> recent) {
    }

    public record HeartbeatCost(Instant startedAt, String outcome, long requests, long notModified, long points) {
    }

    /**
     * Success rate and run time of finished runs of one lane or backend.
     *
     * @param successRate succeeded / finished, 0 to 1; 0 when none finished
     */
    public record RateView(String name, int runs, int succeeded, int failed, int cancelled, double successRate,
            double averageMinutes, long medianMinutes, long agentMinutes) {
    }

    /** Finished runs per day (UTC), for the run-time and success-rate chart. */
    public record DayView(String day, int runs, int succeeded, int failed, double averageMinutes) {
    }

    /**
     * Something an operator should look at.
     *
     * @param id stable while the condition lasts (the page notifies once per id)
     * @param severity {@code warn} or {@code error}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alert(String id, String profile, String kind, String severity, String title, String message,
            Instant at) {
    }
}
