package io.agentcontrolplane.core.state;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The control plane's durable memory, as the planner reads it.
 *
 * @param retries backoff per issue and PR
 * @param providerCooldowns backoff per provider key
 * @param githubCooldown backoff of the GitHub API itself, if any
 * @param schedules scheduled-issue due times, by issue number
 * @param blockedRecovery blocked-recovery due times, by issue number
 * @param recurringPointer the recurring issue launched last; rotation starts after it
 * @param prLaneOverrides lanes forced by an operator, by PR number
 * @param runs every run record, finished or not
 * @param budgetMarks lifetime-budget bookkeeping per item
 * @param unreadable items with a state record that cannot be read (in place or quarantined), and why: they wait
 *     ({@code state-unreadable}) until a person repairs or removes the file
 */
public record PlannerState(
        Map<ItemRef, RetryEntry> retries,
        Map<String, RetryEntry> providerCooldowns,
        RetryEntry githubCooldown,
        Map<Integer, ScheduleEntry> schedules,
        Map<Integer, Instant> blockedRecovery,
        Integer recurringPointer,
        Map<Integer, PrLane> prLaneOverrides,
        List<WorkerRun> runs,
        Map<ItemRef, BudgetMark> budgetMarks,
        Map<ItemRef, String> unreadable) {
    public PlannerState {
        unreadable = Map.copyOf(Objects.requireNonNullElse(unreadable, Map.of()));
        retries = Map.copyOf(Objects.requireNonNullElse(retries, Map.of()));
        providerCooldowns = Map.copyOf(Objects.requireNonNullElse(providerCooldowns, Map.of()));
        schedules = Map.copyOf(Objects.requireNonNullElse(schedules, Map.of()));
        blockedRecovery = Map.copyOf(Objects.requireNonNullElse(blockedRecovery, Map.of()));
        prLaneOverrides = Map.copyOf(Objects.requireNonNullElse(prLaneOverrides, Map.of()));
        runs = List.copyOf(Objects.requireNonNullElse(runs, List.of()));
        budgetMarks = Map.copyOf(Objects.requireNonNullElse(budgetMarks, Map.of()));
    }

    public PlannerState(Map<ItemRef, RetryEntry> retries, Map<String, RetryEntry> providerCooldowns,
            RetryEntry githubCooldown, Map<Integer, ScheduleEntry> schedules, Map<Integer, Instant> blockedRecovery,
            Integer recurringPointer, Map<Integer, PrLane> prLaneOverrides, List<WorkerRun> runs,
            Map<ItemRef, BudgetMark> budgetMarks) {
        this(retries, providerCooldowns, githubCooldown, schedules, blockedRecovery, recurringPointer,
                prLaneOverrides, runs, budgetMarks, null);
    }

    public static PlannerState empty() {
        return new PlannerState(null, null, null, null, null, null, null, null, null, null);
    }
}
