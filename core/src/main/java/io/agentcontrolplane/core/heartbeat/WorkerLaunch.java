package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import java.util.List;
import java.util.Objects;

/**
 * One worker run to start, as handed to a {@link Dispatcher}: the profile, the run id chosen by the heartbeat,
 * the lane and the item, and the provider pool.
 */
public record WorkerLaunch(String profileId, String runId, Lane lane, ItemRef item, String provider, String rule,
        List<String> traits) {
    public WorkerLaunch {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(item, "item");
        traits = List.copyOf(Objects.requireNonNullElse(traits, List.of()));
    }

    /** What a person sees, e.g. {@code Agent Control Plane: implement issue #12}. */
    public String description() {
        String what = item.kind() == ItemRef.Kind.ISSUE ? "issue #" : "PR #";
        return "Agent Control Plane: " + lane.wireName().replace('-', ' ') + " " + what + item.number();
    }
}
