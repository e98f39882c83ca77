package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.Snapshot;
import io.agentcontrolplane.core.snapshot.Snapshot.ProfileSnapshot;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.Snapshot.WaitView;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code acp status}: the profiles as the dashboard shows them, from their state directories only (never GitHub):
 * whether {@code acp run} runs them, the last heartbeat, running runs, the queue, retries, cooldowns, the outbox and
 * the GitHub budget. Reads; changes nothing.
 */
@Command(name = "status", description = "Shows each profile from its state directory (no GitHub call): acp run, the"
        + " last heartbeat, running runs, queue, retries, cooldowns, outbox, GitHub budget, alerts. Changes nothing.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, arity = "1..*", paramLabel = "FILE", description = "The profiles.")
    List<Path> profileFiles;

    @Option(names = "--json", description = "The dashboard's snapshot as JSON (see docs/api.md).")
    boolean json;

    /** The snapshot service of some profiles, as the dashboard builds it. */
    @Override
    public Integer call() {
        List<Profile> profiles = new ArrayList<>();
        profileFiles.forEach(f -> profiles.add(Standalone.loadProfile(f)));
        Snapshot snapshot = Dashboards.service(profileFiles).snapshot();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(snapshot));
            return 0;
        }
        for (ProfileSnapshot p : snapshot.profiles()) {
            Profile profile = profiles.stream().filter(x -> x.id().equals(p.id())).findFirst().orElseThrow();
            out.print(render(p, RunMarker.read(Standalone.stateDir(profile, null))));
        }
        snapshot.alerts().forEach(a -> out.println("ALERT " + a.profile() + ": " + a.title() + " (" + a.message()
                + ")"));
        return 0;
    }

    static String render(ProfileSnapshot p, Optional<RunMarker> marker) {
        StringBuilder s = new StringBuilder();
        s.append("Profile ").append(p.id()).append(" (").append(p.repository()).append("), backend ")
                .append(p.backend()).append('\n');
        s.append("  acp run: ").append(marker.flatMap(m -> m.process().map(h -> "running (pid " + m.pid()
                + ", since " + PlanText.time(m.startedAt()) + ")")).orElse("not running")).append('\n');
        if (p.heartbeat() == null) {
            s.append("  Last heartbeat: none yet\n");
        } else {
            var h = p.heartbeat();
            s.append("  Last heartbeat: ").append(h.outcome()).append(" at ").append(PlanText.time(h.startedAt()))
                    .append(", ").append(h.durationMs()).append(" ms")
                    .append(h.detail() == null ? "" : " (" + h.detail() + ")").append('\n');
        }
        var c = p.counts();
        s.append("  Runs: ").append(c.runningRuns()).append(" running, ").append(c.pendingRuns()).append(" pending; ")
                .append(c.succeededRuns()).append(" succeeded, ").append(c.failedRuns()).append(" failed, ")
                .append(c.cancelledRuns()).append(" cancelled\n");
        for (RunView r : p.activeRuns()) {
            s.append("    ").append(r.runId()).append("  ").append(r.lane()).append(' ').append(r.item()).append(' ')
                    .append(r.status()).append(", ").append(PlanText.count(r.minutes(), "minute")).append('\n');
        }
        if (p.plan() != null) {
            Map<String, Integer> byReason = new TreeMap<>();
            for (WaitView w : p.plan().waits()) {
                byReason.merge(w.reason(), 1, Integer::sum);
            }
            s.append("  Queue: ").append(PlanText.count(p.plan().launches().size(), "launch")).append(" planned, ")
                    .append(p.plan().waits().size()).append(" waiting");
            if (!byReason.isEmpty()) {
                s.append(" (");
                byReason.forEach((reason, n) -> s.append(reason).append(' ').append(n).append(", "));
                s.setLength(s.length() - 2);
                s.append(')');
            }
            s.append("; pending launches ").append(p.queue().pendingLaunches().size()).append(", claims ")
                    .append(p.queue().claims().size()).append('\n');
        }
        s.append("  Retries: ").append(p.retries().isEmpty() ? "none" : "").append('\n');
        p.retries().forEach(r -> s.append("    ").append(r.item()).append(" attempt ").append(r.attempts())
                .append(r.ready() ? ", ready" : ", until " + PlanText.time(r.nextAttemptAt()))
                .append(r.lastReason() == null ? "" : " (" + r.lastReason() + ")").append('\n'));
        s.append("  Cooldowns: ");
        List<String> cooldowns = new ArrayList<>();
        p.providerCooldowns().stream().filter(x -> x.active()).forEach(x -> cooldowns.add("provider " + x.key()
                + " until " + PlanText.time(x.nextAttemptAt())));
        if (p.githubCooldown() != null && p.githubCooldown().active()) {
            cooldowns.add("GitHub until " + PlanText.time(p.githubCooldown().nextAttemptAt()));
        }
        s.append(cooldowns.isEmpty() ? "none" : String.join(", ", cooldowns)).append('\n');
        var o = p.outbox();
        s.append("  Outbox: ").append(o.pending()).append(" pending, ").append(o.failed()).append(" failed, ")
                .append(o.done()).append(" done")
                .append(o.rateLimitedUntil() == null ? "" : ", rate-limited until " + PlanText.time(o.rateLimitedUntil()))
                .append('\n');
        var g = p.github();
        s.append("  GitHub: ").append(g.remaining() < 0 ? "budget unknown" : g.remaining() + " requests left")
                .append("; ").append(String.format("%.1f", g.pointsPerHeartbeat()))
                .append(" points a heartbeat over the last ").append(PlanText.count(g.heartbeats(), "heartbeat"))
                .append('\n');
        return s.toString();
    }
}
