package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which runs the engine still keeps: those with a record in the state store or a run directory under the runs root.
 * Retention ({@link StatePruner}) removes a run only once it is reconciled and past {@code runRecordDays}, its record
 * first and then its directory, and a run not yet reconciled always keeps its record; so a run with neither is gone
 * for good and nothing will publish from it again. What hangs off a run elsewhere (the Jenkins plugin's repository of
 * node commits) follows this instead of restating the retention rule.
 */
public final class KeptRuns {
    private KeptRuns() {
    }

    /** The records are read once; a run directory is looked for when asked. */
    public static Predicate<String> of(StateStore store, Path runsRoot) {
        Set<String> recorded = new HashSet<>();
        for (WorkerRun run : store.runs()) {
            recorded.add(run.runId());
        }
        return runId -> recorded.contains(runId) || !StateStore.SAFE_NAME.matcher(runId).matches()
                || Files.exists(runsRoot.resolve(runId));
    }
}
