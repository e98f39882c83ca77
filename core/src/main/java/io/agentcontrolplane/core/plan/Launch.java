package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import java.time.Instant;
import java.util.List;

/**
 * A worker run to start.
 *
 * @param rule the planning rule that allowed it (for example {@code double-check-fast-path})
 * @param provider the provider pool it runs on
 * @param traits what it counts as: {@code heavy}, {@code recurring}, {@code scheduled}, {@code exclusive}
 * @param nextDueAt for a scheduled issue, when it is due again after this launch
 * @param recoveryDueAt for a blocked-recovery launch, when the issue may be recovered again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Launch(
        Lane lane,
        ItemRef item,
        String rule,
        String provider,
        List<String> traits,
        Instant nextDueAt,
        Instant recoveryDueAt) {
    public Launch {
        traits = List.copyOf(traits);
    }

    public boolean hasTrait(String trait) {
        return traits.contains(trait);
    }
}
