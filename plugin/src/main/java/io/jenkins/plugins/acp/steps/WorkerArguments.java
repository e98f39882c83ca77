package io.jenkins.plugins.acp.steps;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import io.jenkins.plugins.acp.WorkerParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The profile, lane, item and run of an {@code acpWorker} or {@code acpReconcile} step: each given argument, else
 * the build's {@code ACP_*} parameter of the same meaning (what the heartbeat passes to each worker build).
 *
 * @param lane the lane's wire name, or null when neither argument nor parameter gives one
 * @param item the item as written in parameters ({@code issue#12}), or null likewise
 */
public record WorkerArguments(String profile, String lane, String item, String run) {
    /** The build parameter behind each argument. */
    static final String PROFILE = WorkerParameters.PROFILE;
    static final String LANE = WorkerParameters.LANE;
    static final String ITEM = WorkerParameters.ITEM;
    static final String RUN = WorkerParameters.RUN_ID;

    /** Arguments first, then the environment's parameters; blank counts as absent. */
    public static WorkerArguments resolve(String profile, String lane, String item, String run,
            Map<String, String> env) {
        return new WorkerArguments(pick(profile, env.get(PROFILE)), pick(lane, env.get(LANE)),
                pick(item, env.get(ITEM)), pick(run, env.get(RUN)));
    }

    private static String pick(String given, String parameter) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        return parameter == null || parameter.isBlank() ? null : parameter.strip();
    }

    /**
     * What is missing or wrong, each naming the argument and its parameter; empty when the profile and run are given
     * and the lane and item, when given, are those the heartbeat recorded for the run ({@code recorded} may be null
     * when the run is unknown: that is the caller's error to report).
     */
    public List<String> problems(String step, WorkerRun recorded) {
        List<String> problems = new ArrayList<>();
        if (profile == null) {
            problems.add(step + ": no profile: give profile: 'id' or the build parameter " + PROFILE);
        }
        if (run == null) {
            problems.add(step + ": no run: give run: 'run id' or the build parameter " + RUN);
        }
        if (item != null) {
            try {
                ItemRef.parse(item);
            } catch (IllegalArgumentException e) {
                problems.add(step + ": item '" + item + "' is not an issue or pull request (issue#12, pr#7)");
            }
        }
        if (recorded != null) {
            if (lane != null && !lane.equals(recorded.lane().wireName())) {
                problems.add(step + ": lane '" + lane + "' is not the lane of run " + run + " ("
                        + recorded.lane().wireName() + ")");
            }
            if (item != null && !item.equals(recorded.item().toString())) {
                problems.add(step + ": item '" + item + "' is not the item of run " + run + " (" + recorded.item()
                        + ")");
            }
        }
        return problems;
    }
}
