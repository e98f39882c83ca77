package io.agentcontrolplane.core.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an item does not launch this heartbeat. */
public enum WaitReason {
    ALREADY_RUNNING("already-running", "a worker run is already active for it"),
    STATE_UNREADABLE("state-unreadable", "a state record of it cannot be read; a person must repair or remove the file"),
    LINKED_TO_OPEN_PR("linked-to-open-pr", "an open agent PR already addresses it"),
    UNTRUSTED_AUTHOR("untrusted-author", "its author lacks the required permission and no trusted user opted it in"),
    NEEDS_HUMAN("needs-human", "it carries the needs-human label"),
    BUDGET_EXHAUSTED("budget-exhausted", "its lifetime budget of attempts or agent minutes is spent"),
    NOT_MANAGED("not-managed", "the PR is not an agent PR (branch, handoff label or agent comment)"),
    LANE_PENDING("lane-pending", "the PR's assessment has nothing to do yet (checks running or no change)"),
    LANE_BLOCKED("lane-blocked", "the PR's assessment blocks it"),
    HUMAN_REVIEW("human-review", "a system-breaking change waits for a human to review and merge"),
    LANE_IGNORE("lane-ignore", "the PR's assessment ignores it"),
    EXCLUSIVE_LOCK("exclusive-lock", "an exclusive item runs alone"),
    PROVIDER_COOLDOWN("provider-cooldown", "every provider pool is cooling down"),
    GITHUB_COOLDOWN("github-cooldown", "the GitHub API is rate-limited"),
    LAUNCH_LIMIT("launch-limit", "this heartbeat's launch budget is used up"),
    CAPACITY_FULL("capacity-full", "no worker slot is free for issues"),
    PR_CAPACITY_FULL("pr-capacity-full", "no PR worker slot is free"),
    HEAVY_SLOT_BUSY("heavy-slot-busy", "the heavy slot is busy"),
    RETRY_COOLDOWN("retry-cooldown", "it failed recently and backs off"),
    BASELINE_UNCHANGED("baseline-unchanged", "it had nothing to publish and the default branch has not moved since"),
    RECURRING_CAP("recurring-cap", "the recurring-issue workers are all busy"),
    OPEN_AGENT_PR_CAP("open-agent-pr-cap", "too many agent PRs are open for recurring work"),
    SCHEDULE_NOT_DUE("schedule-not-due", "its schedule is not due yet"),
    SCHEDULED_CAP("scheduled-cap", "the scheduled-issue workers are all busy"),
    BLOCKED_MANUALLY("blocked-manually", "it is blocked with no recovery reason; a human must unblock it"),
    BLOCKED_RECOVERY_DISABLED("blocked-recovery-disabled", "blocked-issue recovery is disabled"),
    BLOCKED_RECOVERY_NOT_DUE("blocked-recovery-not-due", "its recovery cooldown has not passed"),
    BLOCKED_RECOVERY_CAP("blocked-recovery-cap", "the blocked-recovery workers are all busy");

    private final String code;
    private final String meaning;

    WaitReason(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
