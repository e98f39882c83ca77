package io.jenkins.plugins.acp.view;

import io.agentcontrolplane.core.snapshot.Snapshot;
import java.util.List;

/**
 * One profile's health for the management page, from the dashboard's snapshot (state files only, no GitHub call):
 * its last heartbeat, the GitHub budget left and its alerts.
 */
public record ProfileHealth(String id, String lastHeartbeat, String githubRemaining, List<String> alerts) {

    /** Every configured (valid) profile's health. */
    public static List<ProfileHealth> all() {
        return ControlPlaneSnapshots.get().snapshot().profiles().stream().map(ProfileHealth::of).toList();
    }

    static ProfileHealth of(Snapshot.ProfileSnapshot p) {
        Snapshot.HeartbeatView h = p.heartbeat();
        String heartbeat = h == null ? "none yet" : h.outcome() + " at " + h.finishedAt()
                + (h.detail() == null ? "" : " (" + h.detail() + ")");
        String remaining = p.github() == null || p.github().remaining() < 0 ? "unknown"
                : Long.toString(p.github().remaining());
        return new ProfileHealth(p.id(), heartbeat, remaining,
                p.alerts().stream().map(a -> a.severity() + ": " + a.title() + " - " + a.message()).toList());
    }

    public String getId() {
        return id;
    }

    public String getLastHeartbeat() {
        return lastHeartbeat;
    }

    public String getGithubRemaining() {
        return githubRemaining;
    }

    public List<String> getAlerts() {
        return alerts;
    }
}
