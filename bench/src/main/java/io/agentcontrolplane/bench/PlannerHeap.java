package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Reports the heap the benchmark world and one plan of it keep alive: used heap after a full GC, before and after
 * building them. Run with {@code java -cp bench/target/benchmarks.jar io.agentcontrolplane.bench.PlannerHeap}.
 */
public final class PlannerHeap {
    private PlannerHeap() {
    }

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = settledUsed(memory);
        BenchWorld input = BenchWorld.build();
        long withWorld = settledUsed(memory);
        Plan plan = HeartbeatPlanner.plan(input.profile, input.world, input.state, BenchWorld.NOW);
        long withPlan = settledUsed(memory);
        System.out.printf("items: %d issues, %d PRs, %d active runs, %d run records, %d retries%n",
                input.world.issues().size(), input.world.pulls().size(), input.world.runs().size(),
                input.state.runs().size(), input.state.retries().size());
        System.out.printf("plan: %d launches, %d waits, %d effects%n", plan.launches().size(), plan.waits().size(),
                plan.effects().size());
        System.out.printf("heap used by the world: %.1f MB%n", mb(withWorld - baseline));
        System.out.printf("heap used by world + one plan: %.1f MB%n", mb(withPlan - baseline));
        System.out.printf("max heap: %.0f MB%n", mb(memory.getHeapMemoryUsage().getMax()));
        // Keep both reachable until after the last measurement.
        if (input.world.issues().isEmpty() || plan.now() == null) {
            throw new IllegalStateException();
        }
    }

    private static long settledUsed(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
