package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.world.ItemRef;

/**
 * A repair the heartbeat carries out besides launching: a label to add or remove, or budget bookkeeping.
 * Every effect is idempotent, so a pass that crashes half-way is completed by the next.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Effect(Kind kind, ItemRef item, String label, String reason) {
    public enum Kind {
        ADD_LABEL, REMOVE_LABEL, RECORD_BUDGET_LABELLED, RESET_BUDGET;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
