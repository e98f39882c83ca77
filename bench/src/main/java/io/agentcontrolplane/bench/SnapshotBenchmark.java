package io.agentcontrolplane.bench;

import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.Snapshot;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The dashboard's snapshot over 50 profiles holding 10,000 archived (finished) runs between them, written to a
 * temporary directory through the engine's own stores: per profile 200 finished runs, 4 active runs, 10 retries, a
 * provider cooldown, 6 outbox writes, and a last heartbeat whose plan (the real planner's, over 60 open issues)
 * explains why each item waits. See docs/benchmarks.md.
 *
 * <ul>
 *   <li>{@link #notModified}: what a client whose ETag still matches costs: the version only; the trial's tear-down
 *       fails if any snapshot was built meanwhile.</li>
 *   <li>{@link #rebuildAfterARunFinished}: one run record of one profile changes, then the snapshot is rebuilt (the
 *       changed directory is re-listed and only the changed file parsed).</li>
 *   <li>{@link #everyProfileRebuilt}: all 50 profiles' snapshots built again from the records already read (the
 *       time bucket rolled over, as it does every 30 seconds).</li>
 *   <li>{@link #coldStart}: a new service reads every file (the first request after the dashboard starts).</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class SnapshotBenchmark {
    static final int PROFILES = 50;
    static final int ARCHIVED_PER_PROFILE = 200;
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private Path root;
    private List<SnapshotService.Source> sources;
    private SnapshotService warm;
    private StateStore changing;
    private WorkerRun flipping;

    @Setup(Level.Trial)
    public void seed() throws IOException, InterruptedException {
        root = Files.createTempDirectory("acp-snapshot-bench");
        sources = new ArrayList<>();
        for (int p = 0; p < PROFILES; p++) {
            sources.add(seedProfile("p" + p));
        }
        changing = StateStore.open(sources.get(0).stateDir());
        flipping = changing.runs().get(0);
        // Past the racy window of the directories just written, so versions are stable (see DirStamp).
        Thread.sleep(3500);
        warm = new SnapshotService(sources, Clock.systemUTC());
        Snapshot s = warm.snapshot();
        int archived = s.profiles().stream().mapToInt(x -> x.counts().archivedRuns()).sum();
        if (archived != PROFILES * ARCHIVED_PER_PROFILE || s.profiles().get(0).plan().waits().isEmpty()) {
            throw new IllegalStateException("the benchmark state must hold 10,000 archived runs and plans, got "
                    + archived);
        }
    }

    private SnapshotService.Source seedProfile(String id) throws IOException {
        Profile profile = Profile.defaults(id, "acme/" + id);
        Path state = root.resolve(id).resolve("state");
        StateStore store = StateStore.open(state);
        Path runs = Files.createDirectories(state.resolve("runs"));
        Lane[] lanes = {Lane.IMPLEMENT, Lane.FIX, Lane.DOUBLE_CHECK_1, Lane.SCHEDULED, Lane.AUTOMERGE};
        for (int i = 0; i < ARCHIVED_PER_PROFILE; i++) {
            Lane lane = lanes[i % lanes.length];
            ItemRef item = lane.isPr() ? ItemRef.pr(1000 + i) : ItemRef.issue(100 + i);
            Instant start = NOW.minus(Duration.ofMinutes(97L * i + 30));
            RunPhase phase = i % 4 == 3 ? RunPhase.FAILED : RunPhase.SUCCEEDED;
            String runId = id + "-" + lane.wireName() + "-" + item.fileKey() + "-" + i;
            // The bytes StateStore.putRun writes, without its fsync per file (10,000 fsyncs make seeding slow).
            Files.write(runs.resolve(runId + ".json"), StateJson.bytes(new WorkerRun(runId, lane, item, phase, start,
                    start.plus(Duration.ofMinutes(3 + i % 40)), false, false, false, "codex",
                    phase == RunPhase.SUCCEEDED ? "implemented" : null, phase == RunPhase.FAILED ? "agent-timeout"
                    : null)));
        }
        for (int i = 0; i < 4; i++) {
            store.putRun(new WorkerRun(id + "-implement-issue-" + (i + 1) + "-active", Lane.IMPLEMENT,
                    ItemRef.issue(i + 1), RunPhase.RUNNING, NOW.minus(Duration.ofMinutes(5 + i)), null, false, false,
                    false, "codex", null, null));
        }
        for (int i = 0; i < 10; i++) {
            store.putRetry(ItemRef.issue(20 + i), new RetryEntry(1 + i % 3, NOW.plus(Duration.ofMinutes(i * 10L)),
                    "agent-timeout", null, NOW));
        }
        store.putProviderCooldown("claude", new RetryEntry(1, NOW.plus(Duration.ofMinutes(10)), "usage-limit", null,
                NOW));
        Outbox outbox = Outbox.open(state, profile.schedules().retryCooldowns());
        for (int i = 0; i < 6; i++) {
            outbox.enqueue(Intent.comment("bench/" + i, ItemRef.issue(20 + i), "A comment of the benchmark " + i));
        }
        List<Issue> issues = new ArrayList<>();
        for (int n = 1; n <= 60; n++) {
            issues.add(new Issue(n, "Issue " + n, "", List.of(), n % 7 == 0 ? "stranger" : "maria",
                    n % 7 == 0 ? Permission.NONE : Permission.WRITE, NOW.minus(Duration.ofDays(30)).plusSeconds(n),
                    null, Map.of(), null));
        }
        Plan plan = HeartbeatPlanner.plan(profile, new World("sha", issues, List.of(), List.of(), "live"),
                store.loadPlannerState().value(), NOW);
        // A full history of heartbeats (as HeartbeatStatus keeps it), then the last report through the real hook.
        List<HeartbeatStatus.Summary> history = new ArrayList<>();
        for (int h = 1; h < HeartbeatStatus.HISTORY_SIZE; h++) {
            Instant at = NOW.minusSeconds(900L * (HeartbeatStatus.HISTORY_SIZE - h));
            history.add(new HeartbeatStatus.Summary(at, at.plusSeconds(2), "completed", null, 0, 0, 50, 12, 11, 1,
                    4900 - h));
        }
        Files.createDirectories(state.resolve(HeartbeatStatus.DIR));
        Files.write(state.resolve(HeartbeatStatus.DIR).resolve(HeartbeatStatus.HISTORY),
                StateJson.bytes(new HeartbeatStatus.History(history)));
        HeartbeatStatus.record(state, new HeartbeatReport(id, NOW.minusSeconds(2), NOW, "completed", null, plan,
                List.of(), List.of(), List.of(), new RequestStats(12, 11, 1, 4800), "sent 0"));
        return new SnapshotService.Source(profile, state, root.resolve(id).resolve("runs"));
    }

    /** Each 304 check: the version must not trigger a build (the time bucket may roll over once an iteration). */
    @State(Scope.Benchmark)
    public static class Unchanged {
        long buildsBefore;

        @Setup(Level.Iteration)
        public void countBuilds(SnapshotBenchmark b) {
            b.warm.snapshot();
            buildsBefore = b.warm.builds();
        }

        @TearDown(Level.Iteration)
        public void noBuildWithoutAChange(SnapshotBenchmark b) {
            b.warm.version();
            if (b.warm.builds() > buildsBefore + 1) {
                throw new IllegalStateException("304 checks built " + (b.warm.builds() - buildsBefore) + " snapshots");
            }
        }
    }

    /** Before each rebuild, a run record of the first profile changes (a durable write, not measured). */
    @State(Scope.Benchmark)
    public static class OneRunChanged {
        int flips;

        @Setup(Level.Invocation)
        public void change(SnapshotBenchmark b) {
            flips++;
            b.changing.putRun(b.flipping.withPhase(flips % 2 == 0 ? RunPhase.SUCCEEDED : RunPhase.FAILED,
                    NOW.minusSeconds(flips % 2)));
        }
    }

    @Benchmark
    public String notModified(Unchanged check) {
        return warm.version();
    }

    @Benchmark
    public Snapshot rebuildAfterARunFinished(OneRunChanged changed) {
        return warm.snapshot();
    }

    /**
     * Every profile's snapshot built again from the cached records (no file changed, no file read): what happens
     * when the version's time bucket ({@link SnapshotService#TIME_BUCKET_SECONDS}) rolls over.
     */
    @State(Scope.Benchmark)
    public static class TimeMoved {
        final java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong();
        SnapshotService service;

        @Setup(Level.Trial)
        public void warm(SnapshotBenchmark b) {
            Clock moving = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return NOW.plusSeconds(seconds.get());
                }
            };
            service = new SnapshotService(b.sources, moving);
            service.snapshot();
        }

        @Setup(Level.Invocation)
        public void nextBucket() {
            seconds.addAndGet(SnapshotService.TIME_BUCKET_SECONDS);
        }
    }

    @Benchmark
    public Snapshot everyProfileRebuilt(TimeMoved moved) {
        return moved.service.snapshot();
    }

    @Benchmark
    public Snapshot coldStart() {
        return new SnapshotService(sources, Clock.system(ZoneOffset.UTC)).snapshot();
    }

    @TearDown(Level.Trial)
    public void removeState() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
