package io.jenkins.plugins.acp;

import hudson.model.Cause;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a worker build runs: the launch the heartbeat handed over. Stored in {@code build.xml} by XStream, so it holds
 * only strings (no engine type, no Jenkins model object).
 */
public class AcpCause extends Cause {
    private final String profileId;
    private final String runId;
    private final String lane;
    private final String item;
    private final String provider;
    private final String traits;
    private final String description;

    public AcpCause(WorkerLaunch launch) {
        this.profileId = launch.profileId();
        this.runId = launch.runId();
        this.lane = launch.lane().wireName();
        this.item = launch.item().toString();
        this.provider = launch.provider();
        this.traits = String.join(",", launch.traits());
        this.description = launch.description();
    }

    /** E.g. {@code Agent Control Plane: implement issue #12}. */
    @Override
    public String getShortDescription() {
        return description;
    }

    public String getProfileId() {
        return profileId;
    }

    public String getRunId() {
        return runId;
    }

    public String getLane() {
        return lane;
    }

    public String getItem() {
        return item;
    }

    public String getProvider() {
        return provider;
    }

    /** The launch's traits ({@code heavy}, {@code recurring}, {@code scheduled}, {@code exclusive}). */
    public List<String> getTraits() {
        return traits == null || traits.isEmpty() ? List.of() : Arrays.asList(traits.split(","));
    }

    /** The worker run this cause stands for, in the given phase; empty if the stored lane or item is unreadable. */
    public Optional<WorkerRun> toWorkerRun(RunPhase phase, Instant startedAt) {
        if (runId == null || lane == null || item == null) {
            return Optional.empty();
        }
        try {
            List<String> t = getTraits();
            return Optional.of(new WorkerRun(runId, Lane.parse(lane), ItemRef.parse(item), phase, startedAt, null,
                    t.contains("heavy"), t.contains("recurring"), t.contains("exclusive"), provider, null, null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcpCause c && Objects.equals(profileId, c.profileId) && Objects.equals(runId, c.runId)
                && Objects.equals(lane, c.lane) && Objects.equals(item, c.item);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profileId, runId, lane, item);
    }
}
