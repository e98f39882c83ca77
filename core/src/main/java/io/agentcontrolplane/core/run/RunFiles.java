package io.agentcontrolplane.core.run;

/**
 * The files of a run directory ({@code <workspace.runsRoot>/<runId>/}), one place for their names. The worker writes
 * them; reconcile, the dashboard and the Jenkins build action read them. Readers reject paths that leave the run
 * directory, symlinks and oversized files.
 */
public final class RunFiles {
    /** The worker's record of the run: status, reason, times, the worker process (JSON, {@link RunRecord}). */
    public static final String RUN = "run.json";
    /** The prompt the agent was given (Markdown). */
    public static final String PROMPT = "prompt.md";
    /** The agent's output, capped and with secrets redacted. */
    public static final String LOG = "agent.log";
    /** The {@link RunResult} as JSON, written by the agent (or by the host when it can infer one). */
    public static final String RESULT = "result.json";
    /** One JSON object a line: {@code {"timestamp": ISO-8601, "status": "pass"|"fail", "command": ..., "note"?: ...}}. */
    public static final String VERIFICATION = "verification.jsonl";
    /** Markdown the agent wrote for the issue (blocker, scheduled report). */
    public static final String ISSUE_COMMENT = "issue-comment.md";
    /** Markdown the agent wrote for the PR (review blocker, findings). */
    public static final String PR_COMMENT = "pr-comment.md";
    /** Optional PR body the agent wrote for an issue run's PR. */
    public static final String PR_BODY = "pr-body.md";
    /** The agent's commits on the run branch as a patch against the base, kept so publishing can be retried. */
    public static final String PATCH = "changes.patch";
    /** Facts about the workspace the host prepared: branch, base and head commits, conflict paths (JSON). */
    public static final String WORKSPACE = "workspace.json";
    /** Written by reconcile when it has turned the result into outbox intents (JSON: startedAt, reconciledAt). */
    public static final String RECONCILED = "reconciled.json";

    private RunFiles() {
    }
}
