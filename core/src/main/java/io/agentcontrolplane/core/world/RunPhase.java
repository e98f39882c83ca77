package io.agentcontrolplane.core.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a worker run is in its life. */
public enum RunPhase {
    /** Planned and handed to the executor, not yet started (counts toward capacity). */
    PENDING("pending", false),
    RUNNING("running", false),
    /** Waiting for the agent's credentials to be refreshed: holds no capacity. */
    WAITING_AUTH("waiting-auth", false),
    /** A resident controller with nothing to do: holds no capacity. */
    IDLE_RESIDENT("idle-resident", false),
    SUCCEEDED("succeeded", true),
    FAILED("failed", true),
    CANCELLED("cancelled", true);

    private final String wireName;
    private final boolean terminal;

    RunPhase(String wireName, boolean terminal) {
        this.wireName = wireName;
        this.terminal = terminal;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean terminal() {
        return terminal;
    }

    /** Whether a run in this phase takes a worker slot. */
    public boolean holdsCapacity() {
        return this == PENDING || this == RUNNING;
    }

    @JsonCreator
    public static RunPhase parse(String text) {
        return WireNames.parse(values(), RunPhase::wireName, text, "run phase");
    }
}
