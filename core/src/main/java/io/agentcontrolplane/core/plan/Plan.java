package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.world.ItemRef;
import java.time.Instant;
import java.util.List;

/**
 * What one heartbeat decided: what launches (in launch order), what waits and why (by item), the repairs to carry
 * out, and the numbers behind it.
 *
 * @param recurringPointer the recurring issue launched last after this plan, to store for the next rotation
 * @param observation {@code live}, or {@code mirror} when the forge was unreachable and the last good
 *     observation was planned from
 * @param warnings what the planner's inputs could not be trusted for (a state file that could not be read), in
 *     plain words; absent from JSON when empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(
        String profile,
        Instant now,
        String observation,
        ProviderGate provider,
        ExclusiveLock exclusiveLock,
        List<Launch> launches,
        List<Wait> waits,
        List<Effect> effects,
        Counts counts,
        Integer recurringPointer,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
    public Plan {
        launches = List.copyOf(launches);
        waits = List.copyOf(waits);
        effects = List.copyOf(effects);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    public Plan(String profile, Instant now, String observation, ProviderGate provider, ExclusiveLock exclusiveLock,
            List<Launch> launches, List<Wait> waits, List<Effect> effects, Counts counts, Integer recurringPointer) {
        this(profile, now, observation, provider, exclusiveLock, launches, waits, effects, counts, recurringPointer,
                List.of());
    }

    /** This plan with {@code more} warnings after its own. */
    public Plan withWarnings(List<String> more) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new Plan(profile, now, observation, provider, exclusiveLock, launches, waits, effects, counts,
                recurringPointer, all);
    }

    public boolean launches(ItemRef item) {
        return launches.stream().anyMatch(l -> l.item().equals(item));
    }

    public java.util.Optional<Wait> waitOf(ItemRef item) {
        return waits.stream().filter(w -> w.item().equals(item)).findFirst();
    }
}
