package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An executor for tests: it keeps every launch it was given, reports the runs it has not been told to forget as
 * active (queued until {@link #startAll()}), and refuses launches on items it is told to fail.
 */
final class RecordingDispatcher implements Dispatcher {
    private record Held(WorkerLaunch launch, Instant at, RunPhase phase) {
    }

    private final Clock clock;
    private final Map<String, Held> runs = new LinkedHashMap<>();
    private final List<WorkerLaunch> given = new ArrayList<>();
    final Set<ItemRef> failFor = ConcurrentHashMap.newKeySet();
    /** When set, {@link #activeRuns} counts it down and then waits for {@link #release}. */
    volatile CountDownLatch entered;
    final CountDownLatch release = new CountDownLatch(1);

    RecordingDispatcher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<WorkerRun> activeRuns() {
        CountDownLatch e = entered;
        if (e != null) {
            e.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            List<WorkerRun> out = new ArrayList<>();
            runs.forEach((id, h) -> out.add(new WorkerRun(id, h.launch().lane(), h.launch().item(), h.phase(),
                    h.at(), null, h.launch().traits().contains(HeartbeatPlanner.TRAIT_HEAVY),
                    h.launch().traits().contains(HeartbeatPlanner.TRAIT_RECURRING),
                    h.launch().traits().contains(HeartbeatPlanner.TRAIT_EXCLUSIVE), h.launch().provider(), null,
                    null)));
            return out;
        }
    }

    /** Runs it was told have ended are forgotten, not reported finished: the lost-run path of the heartbeat. */
    @Override
    public List<io.agentcontrolplane.core.heartbeat.FinishedRun> finishedRuns() {
        return List.of();
    }

    @Override
    public synchronized void dispatch(WorkerLaunch launch) throws DispatchException {
        if (failFor.contains(launch.item())) {
            throw new DispatchException("executor refused " + launch.item());
        }
        if (runs.containsKey(launch.runId())) {
            throw new IllegalStateException("second dispatch of " + launch.runId());
        }
        given.add(launch);
        runs.put(launch.runId(), new Held(launch, clock.instant(), RunPhase.PENDING));
    }

    synchronized List<WorkerLaunch> given() {
        return List.copyOf(given);
    }

    /** Every queued run is now running. */
    synchronized void startAll() {
        runs.replaceAll((id, h) -> new Held(h.launch(), h.at(), RunPhase.RUNNING));
    }

    /** The executor no longer knows the run (its worker died without a word). */
    synchronized void forget(String runId) {
        runs.remove(runId);
    }
}
