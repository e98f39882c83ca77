package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.PlanText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one heartbeat did: its outcome, the plan, the runs it launched, what failed, the repairs it noted, what
 * its GitHub reads and writes cost, and the state of the write outbox.
 *
 * @param outcome {@code completed}, {@code skipped} (another heartbeat of the profile holds the lock) or
 *     {@code failed} (nothing could be planned; {@code detail} says why)
 */
public record HeartbeatReport(
        String profileId,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        String detail,
        Plan plan,
        List<String> launched,
        List<String> failures,
        List<String> notes,
        RequestStats forgeCost,
        String outbox) {
    public HeartbeatReport {
        launched = List.copyOf(Objects.requireNonNullElse(launched, List.of()));
        failures = List.copyOf(Objects.requireNonNullElse(failures, List.of()));
        notes = List.copyOf(Objects.requireNonNullElse(notes, List.of()));
        forgeCost = Objects.requireNonNullElse(forgeCost, RequestStats.NONE);
    }

    static HeartbeatReport notRun(String profileId, Instant at, String outcome, String detail, List<String> notes,
            RequestStats cost) {
        return new HeartbeatReport(profileId, at, at, outcome, detail, null, List.of(), List.of(), notes, cost, null);
    }

    public boolean completed() {
        return "completed".equals(outcome);
    }

    /** The report as text for a log: the outcome, the plan, launches, failures, repairs and costs. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Heartbeat of profile ").append(profileId).append(": ").append(outcome);
        if (detail != null) {
            out.append(" (").append(detail).append(')');
        }
        out.append(", ").append(Duration.between(startedAt, finishedAt).toMillis()).append(" ms\n");
        if (plan != null) {
            out.append(PlanText.render(plan, false));
        }
        for (String run : launched) {
            out.append("launched ").append(run).append('\n');
        }
        for (String failure : failures) {
            out.append("FAILED ").append(failure).append('\n');
        }
        for (String note : notes) {
            out.append("note: ").append(note).append('\n');
        }
        out.append(String.format("GitHub: %d requests (%d answered 304), %d rate-limit points, %s remaining%n",
                forgeCost.requests(), forgeCost.notModified(), forgeCost.points(),
                forgeCost.remaining() < 0 ? "unknown" : String.valueOf(forgeCost.remaining())));
        if (outbox != null) {
            out.append("Outbox: ").append(outbox).append('\n');
        }
        return out.toString();
    }
}
