package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.snapshot.Snapshot.ProfileSnapshot;
import io.agentcontrolplane.core.snapshot.Snapshot.RateView;
import io.agentcontrolplane.core.snapshot.Snapshot.WaitView;
import java.util.Map;
import java.util.TreeMap;

/** A snapshot in the Prometheus text exposition format (version 0.0.4), for {@code GET /metrics}. */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(Snapshot s) {
        StringBuilder out = new StringBuilder(4096);
        help(out, "acp_profiles", "gauge", "Profiles shown.");
        out.append("acp_profiles ").append(s.profiles().size()).append('\n');
        help(out, "acp_runs", "gauge", "Worker runs in the state, by status (phase).");
        for (ProfileSnapshot p : s.profiles()) {
            var c = p.counts();
            Map<String, Integer> byStatus = new TreeMap<>(Map.of("running", c.runningRuns(), "pending", c.pendingRuns(),
                    "resident", c.residentWorkers(), "succeeded", c.succeededRuns(), "failed", c.failedRuns(),
                    "cancelled", c.cancelledRuns()));
            byStatus.forEach((status, n) -> sample(out, "acp_runs", n, "profile", p.id(), "status", status));
        }
        help(out, "acp_waiting_items", "gauge", "Items the last plan held back, by reason.");
        for (ProfileSnapshot p : s.profiles()) {
            if (p.plan() == null) {
                continue;
            }
            Map<String, Integer> byReason = new TreeMap<>();
            for (WaitView w : p.plan().waits()) {
                byReason.merge(w.reason(), 1, Integer::sum);
            }
            byReason.forEach((reason, n) -> sample(out, "acp_waiting_items", n, "profile", p.id(), "reason", reason));
        }
        help(out, "acp_planned_launches", "gauge", "Launches of the last plan.");
        s.profiles().forEach(p -> sample(out, "acp_planned_launches", p.counts().launchesPlanned(), "profile", p.id()));
        help(out, "acp_retries_active", "gauge", "Items backing off after a failure.");
        s.profiles().forEach(p -> sample(out, "acp_retries_active", p.counts().activeRetries(), "profile", p.id()));
        help(out, "acp_provider_cooldowns", "gauge", "Provider pools cooling down.");
        s.profiles().forEach(p -> sample(out, "acp_provider_cooldowns", p.counts().providerCooldowns(), "profile",
                p.id()));
        help(out, "acp_outbox_writes", "gauge", "GitHub writes in the outbox, by state.");
        for (ProfileSnapshot p : s.profiles()) {
            sample(out, "acp_outbox_writes", p.outbox().pending(), "profile", p.id(), "state", "pending");
            sample(out, "acp_outbox_writes", p.outbox().done(), "profile", p.id(), "state", "done");
            sample(out, "acp_outbox_writes", p.outbox().failed(), "profile", p.id(), "state", "failed");
            sample(out, "acp_outbox_writes", p.outbox().dropped(), "profile", p.id(), "state", "dropped");
        }
        help(out, "acp_github_rate_limit_remaining", "gauge", "GitHub primary rate limit left at the last heartbeat.");
        s.profiles().stream().filter(p -> p.github().remaining() >= 0).forEach(p ->
                sample(out, "acp_github_rate_limit_remaining", p.github().remaining(), "profile", p.id()));
        help(out, "acp_github_not_modified_ratio", "gauge", "Share of recent GitHub requests answered 304.");
        s.profiles().forEach(p -> sample(out, "acp_github_not_modified_ratio", p.github().notModifiedShare(),
                "profile", p.id()));
        help(out, "acp_github_points_per_heartbeat", "gauge", "Rate-limit points spent per recent heartbeat.");
        s.profiles().forEach(p -> sample(out, "acp_github_points_per_heartbeat", p.github().pointsPerHeartbeat(),
                "profile", p.id()));
        help(out, "acp_last_heartbeat_timestamp_seconds", "gauge", "When the last heartbeat finished.");
        s.profiles().stream().filter(p -> p.heartbeat() != null).forEach(p -> sample(out,
                "acp_last_heartbeat_timestamp_seconds", p.heartbeat().finishedAt().getEpochSecond(), "profile", p.id(),
                "outcome", p.heartbeat().outcome()));
        help(out, "acp_lane_success_ratio", "gauge", "Succeeded / finished runs, by lane.");
        for (ProfileSnapshot p : s.profiles()) {
            for (RateView r : p.lanes()) {
                sample(out, "acp_lane_success_ratio", r.successRate(), "profile", p.id(), "lane", r.name());
            }
        }
        help(out, "acp_lane_run_minutes_average", "gauge", "Average agent minutes of finished runs, by lane.");
        for (ProfileSnapshot p : s.profiles()) {
            for (RateView r : p.lanes()) {
                sample(out, "acp_lane_run_minutes_average", r.averageMinutes(), "profile", p.id(), "lane", r.name());
            }
        }
        help(out, "acp_alerts", "gauge", "Alerts, by profile.");
        s.profiles().forEach(p -> sample(out, "acp_alerts", p.counts().alerts(), "profile", p.id()));
        return out.toString();
    }

    private static void help(StringBuilder out, String name, String type, String text) {
        out.append("# HELP ").append(name).append(' ').append(text).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Number value, String... labels) {
        out.append(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        out.append("} ").append(value).append('\n');
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
