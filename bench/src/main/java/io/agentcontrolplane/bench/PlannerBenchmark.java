package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One heartbeat's planning over a large repository ({@link BenchWorld}: 10,000 open issues, 2,000 open PRs, 500
 * active runs, 1,200 retries, 5,000 finished run records). The world is built once per trial from a fixed seed, so
 * only {@link HeartbeatPlanner#plan} is measured. The fork runs with a 256 MB heap: the world and a plan must fit.
 * See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class PlannerBenchmark {
    private BenchWorld input;

    @Setup(Level.Trial)
    public void buildWorld() {
        input = BenchWorld.build();
        Plan plan = plan();
        if (plan.launches().isEmpty() || plan.waits().size() + plan.launches().size()
                != input.world.issues().size() + input.world.pulls().size()) {
            throw new IllegalStateException("the benchmark world must plan launches and account for every item");
        }
    }

    @Benchmark
    public Plan plan() {
        return HeartbeatPlanner.plan(input.profile, input.world, input.state, BenchWorld.NOW);
    }
}
