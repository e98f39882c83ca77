package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The provider pool this heartbeat launches on.
 *
 * @param selection {@code ready} (first ready pool in failover order) or {@code all-cooldown} (none ready: the
 *     pool that recovers first is named and nothing launches)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderGate(String pool, String backend, String providerKey, String selection, boolean open,
        Instant until, String lastReason) {
}
