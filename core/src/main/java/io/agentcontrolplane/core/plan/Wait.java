package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.world.ItemRef;
import java.time.Instant;

/**
 * An item that does not launch, and why.
 *
 * @param until when the reason lapses, for time-bound reasons
 * @param blocker the item holding it back (an exclusive lock, a linked PR), if any
 * @param detail a short human explanation with the numbers behind the reason
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Wait(ItemRef item, WaitReason reason, Instant until, ItemRef blocker, String detail) {
}
