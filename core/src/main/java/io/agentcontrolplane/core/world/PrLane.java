package io.agentcontrolplane.core.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The lane a pull request's assessment puts it in. Launchable lanes are listed in the order the planner serves
 * them; the others never launch.
 */
public enum PrLane {
    DOUBLE_CHECK_2("double-check-2", 0),
    DOUBLE_CHECK_1("double-check-1", 1),
    AUTOMERGE("automerge", 2),
    MERGE_REPAIR("merge-repair", 3),
    FIX("fix", 4),
    CI_REFRESH("ci-refresh", 5),
    PENDING("pending", -1),
    BLOCKED("blocked", -1),
    HUMAN_REVIEW("human-review", -1),
    IGNORE("ignore", -1);

    private final String wireName;
    private final int priority;

    PrLane(String wireName, int priority) {
        this.wireName = wireName;
        this.priority = priority;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Lower serves first; negative never launches. */
    public int priority() {
        return priority;
    }

    public boolean launchable() {
        return priority >= 0;
    }

    public boolean isDoubleCheck() {
        return this == DOUBLE_CHECK_1 || this == DOUBLE_CHECK_2;
    }

    /** The lanes that count toward the PR backlog for which the planner reserves slots. */
    public boolean countsForReservation() {
        return launchable() && this != CI_REFRESH;
    }

    /** The worker lane that serves this PR lane. */
    public Lane workerLane() {
        return switch (this) {
            case DOUBLE_CHECK_2 -> Lane.DOUBLE_CHECK_2;
            case DOUBLE_CHECK_1 -> Lane.DOUBLE_CHECK_1;
            case AUTOMERGE -> Lane.AUTOMERGE;
            case MERGE_REPAIR -> Lane.MERGE_REPAIR;
            case FIX -> Lane.FIX;
            case CI_REFRESH -> Lane.CI_REFRESH;
            default -> throw new IllegalStateException("lane " + wireName + " never launches");
        };
    }

    @JsonCreator
    public static PrLane parse(String text) {
        return WireNames.parse(values(), PrLane::wireName, text, "PR lane");
    }
}
