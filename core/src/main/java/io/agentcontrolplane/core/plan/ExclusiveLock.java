package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.world.ItemRef;

/**
 * The exclusive queue lock: {@code running} while an exclusive item runs (nothing else launches),
 * {@code pending} while the first exclusive item waits to launch alone.
 *
 * @param reason for a pending lock, why its item did not launch yet, or {@code launched}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExclusiveLock(String state, ItemRef item, String reason) {
}
