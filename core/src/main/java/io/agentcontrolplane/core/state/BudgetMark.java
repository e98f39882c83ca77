package io.agentcontrolplane.core.state;

import java.time.Instant;

/**
 * Lifetime-budget bookkeeping for an item.
 *
 * @param labelledAt when the control plane put the needs-human label on the item because its budget ran out
 * @param resetAt when a human gave the item a fresh budget by removing that label; runs before it no longer count
 */
public record BudgetMark(Instant labelledAt, Instant resetAt) {
}
