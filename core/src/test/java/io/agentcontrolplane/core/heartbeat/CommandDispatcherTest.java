package io.agentcontrolplane.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.outbox.MutableClock;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone executor with real child processes: it reports ends and never writes run records itself. */
class CommandDispatcherTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private CommandDispatcher dispatcher(StateStore store, String script) {
        return new CommandDispatcher(List.of("sh", "-c", script), dir.resolve("work"), dir.resolve("runs"), store,
                clock);
    }

    private static WorkerLaunch launch(String runId, int issue) {
        return new WorkerLaunch("demo", runId, Lane.IMPLEMENT, ItemRef.issue(issue), null, "ready", List.of());
    }

    @Test
    void anEndedProcessIsReportedFinishedWithItsExitCodeUntilAcknowledged() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        store.putRun(WorkerRun.active("ok", Lane.IMPLEMENT, ItemRef.issue(1), RunPhase.PENDING, T0));
        store.putRun(WorkerRun.active("bad", Lane.IMPLEMENT, ItemRef.issue(2), RunPhase.PENDING, T0));
        CommandDispatcher d = dispatcher(store, "[ \"$ACP_RUN_ID\" = ok ] || exit 3");
        d.dispatch(launch("ok", 1));
        d.dispatch(launch("bad", 2));
        awaitEnded(d, 2);

        List<FinishedRun> ends = d.finishedRuns();
        assertThat(ends).extracting(FinishedRun::runId).containsExactly("bad", "ok");
        assertThat(ends.get(0)).satisfies(f -> {
            assertThat(f.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(f.reason()).isEqualTo("worker-exit-3");
        });
        assertThat(ends.get(1)).satisfies(f -> {
            assertThat(f.phase()).isEqualTo(RunPhase.SUCCEEDED);
            assertThat(f.outcome()).isEqualTo("succeeded");
            assertThat(f.reason()).isNull();
        });
        assertThat(d.activeRuns()).isEmpty();
        // Reporting changed nothing in the state store: recording is the heartbeat's job.
        assertThat(store.run("ok")).get().extracting(WorkerRun::phase).isEqualTo(RunPhase.PENDING);
        // Reported again (a heartbeat that crashed before recording loses nothing), until acknowledged.
        assertThat(d.finishedRuns()).hasSize(2);
        d.acknowledge("ok");
        assertThat(d.finishedRuns()).extracting(FinishedRun::runId).containsExactly("bad");
        assertThat(Files.exists(d.recordFile("ok"))).isFalse();
    }

    @Test
    void aRunningProcessIsActiveNotFinished() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        CommandDispatcher d = dispatcher(store, "sleep 30");
        d.dispatch(launch("slow", 1));
        try {
            assertThat(d.activeRuns()).extracting(WorkerRun::runId).containsExactly("slow");
            assertThat(d.finishedRuns()).isEmpty();
        } finally {
            ProcessHandle.of(d.records().get(0).pid()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        awaitEnded(d, 1);
        assertThat(d.finishedRuns()).singleElement().extracting(FinishedRun::phase).isEqualTo(RunPhase.FAILED);
    }

    private static void awaitEnded(CommandDispatcher d, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (d.finishedRuns().size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(d.finishedRuns()).hasSize(count);
    }
}
