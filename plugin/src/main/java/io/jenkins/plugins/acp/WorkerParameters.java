package io.jenkins.plugins.acp;

import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The string parameters a worker job takes, and their values for one launch. */
public final class WorkerParameters {
    public static final String PROFILE = "ACP_PROFILE";
    public static final String LANE = "ACP_LANE";
    public static final String ITEM = "ACP_ITEM";
    public static final String RUN_ID = "ACP_RUN_ID";
    /** Every parameter, in the order they are passed. */
    public static final List<String> NAMES = List.of(PROFILE, LANE, ITEM, RUN_ID);

    private WorkerParameters() {
    }

    /** The parameter values of a launch: profile id, lane wire name ({@code implement}), item ({@code issue#12}), run id. */
    public static Map<String, String> of(WorkerLaunch launch) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PROFILE, launch.profileId());
        values.put(LANE, launch.lane().wireName());
        values.put(ITEM, launch.item().toString());
        values.put(RUN_ID, launch.runId());
        return values;
    }

    /** The worker parameters missing from a job's parameter names. */
    public static List<String> missingParameters(Collection<String> defined) {
        List<String> missing = new ArrayList<>(NAMES);
        missing.removeAll(defined);
        return missing;
    }
}
