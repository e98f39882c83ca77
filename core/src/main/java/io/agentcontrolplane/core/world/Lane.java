package io.agentcontrolplane.core.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of work a worker run does. */
public enum Lane {
    IMPLEMENT("implement", false),
    SCHEDULED("scheduled", false),
    BLOCKED_RECOVERY("blocked-recovery", false),
    DOUBLE_CHECK_2("double-check-2", true),
    DOUBLE_CHECK_1("double-check-1", true),
    AUTOMERGE("automerge", true),
    MERGE_REPAIR("merge-repair", true),
    FIX("fix", true),
    CI_REFRESH("ci-refresh", true);

    private final String wireName;
    private final boolean pr;

    Lane(String wireName, boolean pr) {
        this.wireName = wireName;
        this.pr = pr;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isPr() {
        return pr;
    }

    /** A CI refresh re-runs jobs on GitHub; it spends launch budget but occupies no worker slot. */
    public boolean occupiesWorker() {
        return this != CI_REFRESH;
    }

    @JsonCreator
    public static Lane parse(String text) {
        return WireNames.parse(values(), Lane::wireName, text, "lane");
    }
}
