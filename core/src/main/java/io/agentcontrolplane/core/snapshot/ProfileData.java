package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.Claim;
import io.agentcontrolplane.core.state.PendingLaunch;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One profile's state as read from disk: the input of {@link SnapshotBuilder}.
 *
 * @param lastHeartbeat the last heartbeat that was not skipped, if any was recorded
 * @param problems state files that could not be read, in plain words
 */
record ProfileData(
        Profile profile,
        Path stateDir,
        List<WorkerRun> runs,
        List<PendingLaunch> pendingLaunches,
        List<Claim> claims,
        Map<ItemRef, RetryEntry> retries,
        Map<String, RetryEntry> providerCooldowns,
        RetryEntry githubCooldown,
        Map<Integer, ScheduleEntry> schedules,
        Map<Integer, Instant> blockedRecoveries,
        Map<ItemRef, BudgetMark> budgetMarks,
        HeartbeatReport lastHeartbeat,
        List<HeartbeatStatus.Summary> heartbeats,
        OutboxData outbox,
        List<String> problems) {

    /**
     * The outbox: every pending write, the newest done and failed ones, and how many each state holds.
     */
    record OutboxData(List<Intent> pending, List<Intent> recentDone, List<Intent> recentFailed, int done,
            int failed, int dropped, Instant rateLimitedUntil) {
    }
}
