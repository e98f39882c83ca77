package io.jenkins.plugins.acp.steps;

import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Run;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.world.ItemRef;
import io.jenkins.plugins.acp.WorkerEnd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import jenkins.model.RunAction2;
import jenkins.util.VirtualFile;

/**
 * "Agent Control Plane run" on a worker build: the item (a link to the issue or pull request), the lane, the decision
 * that launched the build (its cause), the run's record, and its prompt, result and verification journal read from
 * the build's artifacts ({@code acp-run/}). Stored with the build (plain strings only).
 */
public final class WorkerRunAction implements RunAction2, WorkerEnd {
    /** Text shown from one artifact, at most this many characters. */
    static final int MAX_CHARS = 256 * 1024;

    private final String profile;
    private final String runId;
    private final String lane;
    private final String item;
    private final String itemUrl;
    private final String status;
    private final String outcome;
    private final String action;
    private final String reason;
    private final String detail;
    private final String backend;
    private final int attempts;
    private transient Run<?, ?> build;

    WorkerRunAction(String profile, RunRecord record, String itemUrl) {
        this.profile = profile;
        this.runId = record.runId();
        this.lane = record.lane().wireName();
        this.item = record.item().toString();
        this.itemUrl = itemUrl;
        this.status = record.status().wireName();
        this.outcome = record.outcome();
        this.action = record.action();
        this.reason = record.reason();
        this.detail = record.detail();
        this.backend = record.backend();
        this.attempts = record.attempts();
    }

    /** The item's page on GitHub (github.com, or the web address of an Enterprise or compatible API URL). */
    static String itemUrl(Profile profile, ItemRef item) {
        String api = profile.repository().apiUrl().replaceAll("/+$", "");
        String web = api.equals(Profile.RepositorySettings.GITHUB_API) ? "https://github.com"
                : api.endsWith("/api/v3") ? api.substring(0, api.length() - "/api/v3".length()) : api;
        return web + "/" + profile.repository().slug() + (item.kind() == ItemRef.Kind.ISSUE ? "/issues/" : "/pull/")
                + item.number();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        build = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        build = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-details";
    }

    @Override
    public String getDisplayName() {
        return Messages.WorkerRunAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "acp-run";
    }

    public String getProfile() {
        return profile;
    }

    @Override
    public String getRunId() {
        return runId;
    }

    public String getLane() {
        return lane;
    }

    public String getItem() {
        return item;
    }

    public String getItemUrl() {
        return itemUrl;
    }

    @Override
    public String getStatus() {
        return status;
    }

    @Override
    public String getOutcome() {
        return outcome;
    }

    public String getAction() {
        return action;
    }

    @Override
    public String getReason() {
        return reason;
    }

    public String getDetail() {
        return detail;
    }

    public String getBackend() {
        return backend;
    }

    public int getAttempts() {
        return attempts;
    }

    /** The decision that launched the build: its causes, as Jenkins describes them. */
    public String getDecision() {
        if (build == null) {
            return null;
        }
        return String.join("; ", build.getCauses().stream().map(Cause::getShortDescription).toList());
    }

    public String getPrompt() {
        return artifact("prompt.md");
    }

    public String getResult() {
        return artifact("result.json");
    }

    public String getJournal() {
        return artifact("verification.jsonl");
    }

    public String getRecord() {
        return artifact("run.json");
    }

    /** An archived run file's text (cut at {@link #MAX_CHARS}), or null when absent; readers of the build only. */
    String artifact(String name) {
        if (build == null || !build.hasPermission(Item.READ)) {
            return null;
        }
        try {
            VirtualFile file = build.getArtifactManager().root().child(AcpWorkerStep.ARTIFACTS + name);
            if (!file.isFile()) {
                return null;
            }
            try (InputStream in = file.open()) {
                byte[] bytes = in.readNBytes(MAX_CHARS);
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "cannot read " + name + ": " + e.getMessage();
        }
    }
}
