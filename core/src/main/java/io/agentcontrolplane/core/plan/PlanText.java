package io.agentcontrolplane.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan as one screen of text: what launches, then what waits grouped by reason (the first few items of each
 * reason, or all of them when verbose), the repairs, and the counts.
 */
public final class PlanText {
    private static final int ITEMS_PER_REASON = 6;

    private PlanText() {
    }

    /** {@code 1 issue}, {@code 2 issues}; {@code 1 launch}, {@code 2 launches}. */
    public static String count(long n, String noun) {
        if (n == 1) {
            return n + " " + noun;
        }
        boolean sibilant = noun.endsWith("s") || noun.endsWith("sh") || noun.endsWith("ch") || noun.endsWith("x");
        return n + " " + noun + (sibilant ? "es" : "s");
    }

    /** A time for people: to the second ({@code 2026-11-24T12:00:05Z}), never with nanoseconds. */
    public static String time(java.time.Instant at) {
        return at == null ? "-" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    public static String render(Plan plan, boolean verbose) {
        StringBuilder out = new StringBuilder();
        out.append("Heartbeat plan for profile ").append(plan.profile()).append(" at ").append(time(plan.now()));
        if (!"live".equals(plan.observation())) {
            out.append(" (planned from the last good observation: the forge was unreachable)");
        }
        out.append('\n');
        ProviderGate gate = plan.provider();
        out.append("Provider: pool ").append(gate.pool()).append(" (").append(gate.providerKey()).append(") ")
                .append(gate.open() ? "ready" : "cooling down until " + time(gate.until())
                        + (gate.lastReason() == null ? "" : " (" + gate.lastReason() + ")"))
                .append('\n');
        if (plan.exclusiveLock() != null) {
            ExclusiveLock lock = plan.exclusiveLock();
            out.append("Exclusive lock: ").append(lock.state()).append(" on ").append(lock.item());
            if (lock.reason() != null) {
                out.append(" (").append(lock.reason()).append(')');
            }
            out.append('\n');
        }
        if (!plan.warnings().isEmpty()) {
            out.append('\n');
            for (String warning : plan.warnings()) {
                out.append("Warning: ").append(warning).append('\n');
            }
        }
        Counts c = plan.counts();
        out.append('\n').append("Launch ").append(plan.launches().size()).append(plan.launches().isEmpty() ? "" : ":")
                .append('\n');
        int n = 1;
        for (Launch launch : plan.launches()) {
            out.append(String.format("  %2d. %-16s %-10s %s", n++, launch.lane().wireName(), launch.item(),
                    launch.rule()));
            if (!launch.traits().isEmpty()) {
                out.append(" [").append(String.join(", ", launch.traits())).append(']');
            }
            if (launch.nextDueAt() != null) {
                out.append(" next due ").append(time(launch.nextDueAt()));
            }
            if (launch.recoveryDueAt() != null) {
                out.append(" recovery again after ").append(time(launch.recoveryDueAt()));
            }
            out.append('\n');
        }
        Map<WaitReason, List<Wait>> byReason = new TreeMap<>();
        for (Wait wait : plan.waits()) {
            byReason.computeIfAbsent(wait.reason(), r -> new ArrayList<>()).add(wait);
        }
        out.append('\n').append("Waiting ").append(plan.waits().size()).append(plan.waits().isEmpty() ? "" : ":")
                .append('\n');
        for (Map.Entry<WaitReason, List<Wait>> entry : byReason.entrySet()) {
            List<Wait> waits = entry.getValue();
            out.append("  ").append(entry.getKey().code()).append(" (").append(waits.size()).append("): ")
                    .append(entry.getKey().meaning()).append('\n');
            int shown = verbose ? waits.size() : Math.min(ITEMS_PER_REASON, waits.size());
            for (int i = 0; i < shown; i++) {
                Wait wait = waits.get(i);
                out.append("      ").append(String.format("%-10s", wait.item()));
                if (wait.until() != null) {
                    out.append(" until ").append(time(wait.until()));
                }
                if (wait.blocker() != null) {
                    out.append(" behind ").append(wait.blocker());
                }
                if (wait.detail() != null) {
                    out.append("  ").append(wait.detail());
                }
                out.append('\n');
            }
            if (shown < waits.size()) {
                out.append("      ... and ").append(waits.size() - shown).append(" more (--verbose lists all)\n");
            }
        }
        if (!plan.effects().isEmpty()) {
            out.append('\n').append("Repairs:").append('\n');
            for (Effect effect : plan.effects()) {
                out.append("  ").append(effect.kind().code()).append(' ').append(effect.item());
                if (effect.label() != null) {
                    out.append(" '").append(effect.label()).append('\'');
                }
                if (effect.reason() != null) {
                    out.append(": ").append(effect.reason());
                }
                out.append('\n');
            }
        }
        out.append('\n').append(String.format(
                "Running %d (issues %d, PRs %d; heavy %d, recurring %d, scheduled %d, scheduled-heavy %d,"
                        + " blocked-recovery %d, exclusive %d); auth-waiting %d, idle resident %d%n",
                c.runningTotal(), c.runningIssues(), c.runningPrs(), c.runningHeavy(), c.runningRecurring(),
                c.runningScheduled(), c.runningScheduledHeavy(), c.runningBlockedRecovery(), c.runningExclusive(),
                c.authWaiting(), c.idleResident()));
        out.append(String.format(
                "Launched %s, %s; launch budget left %d; PR backlog %d, reserved PR slots %d,"
                        + " issue capacity limit %d; open agent PRs %d; pending human review %d;"
                        + " heavy deferred %d; retry deferred %s, %s%n",
                count(c.launchedIssues(), "issue"), count(c.launchedPrs(), "PR"), c.launchBudgetRemaining(),
                c.prBacklogEligible(), c.prReservedSlots(), c.issueCapacityLimit(), c.openAgentPrs(),
                c.pendingHumanReview(), c.heavyDeferred(), count(c.retryDeferredIssues(), "issue"),
                count(c.retryDeferredPrs(), "PR")));
        return out.toString();
    }
}
