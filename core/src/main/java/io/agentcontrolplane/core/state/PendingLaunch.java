package io.agentcontrolplane.core.state;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import java.time.Instant;
import java.util.Objects;

/**
 * A launch handed to the executor whose run has not shown up yet. It counts toward capacity until the run
 * appears or the launch is cleared.
 *
 * @param owner who made the launch (a heartbeat, a resident controller)
 */
public record PendingLaunch(ItemRef item, Lane lane, String runId, Instant createdAt, String owner) {
    public PendingLaunch {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(createdAt, "createdAt");
        StateStore.requireSafeName(runId, "runId");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (lane.isPr() != (item.kind() == ItemRef.Kind.PR)) {
            throw new IllegalArgumentException("pending launch " + runId + ": lane " + lane.wireName()
                    + " does not work on " + item);
        }
    }
}
