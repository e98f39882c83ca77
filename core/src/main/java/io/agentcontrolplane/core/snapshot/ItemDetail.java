package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.snapshot.Snapshot.BudgetView;
import io.agentcontrolplane.core.snapshot.Snapshot.ClaimView;
import io.agentcontrolplane.core.snapshot.Snapshot.LaunchView;
import io.agentcontrolplane.core.snapshot.Snapshot.PendingView;
import io.agentcontrolplane.core.snapshot.Snapshot.RetryView;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.Snapshot.ScheduleView;
import io.agentcontrolplane.core.snapshot.Snapshot.WaitView;
import java.time.Instant;
import java.util.List;

/**
 * One issue or PR of a profile, for {@code GET /api/items/{profile}/{item}}: what the last plan decided about it,
 * its runs, its lifetime budget and its backoff.
 *
 * @param status {@code running} (an active run), {@code launched} (the last plan launched it), {@code waiting}
 *     (the last plan holds it back: see {@code waiting}), or {@code unknown} (the last plan did not consider it: closed,
 *     or no heartbeat recorded yet)
 * @param plannedAt when the last plan was made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemDetail(String profile, String item, String status, Instant plannedAt, WaitView waiting,
        LaunchView launch, List<RunView> runs, BudgetView budget, RetryView retry, ScheduleView schedule,
        Instant blockedRecoveryDueAt, PendingView pendingLaunch, ClaimView claim) {
}
