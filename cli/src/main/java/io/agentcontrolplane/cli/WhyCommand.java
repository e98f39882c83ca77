package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.plan.WaitReason;
import io.agentcontrolplane.core.snapshot.ItemDetail;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code acp why ITEM}: the last heartbeat's decision about one issue or PR and its reason, from the persisted status
 * (the state directory's {@code status/last-heartbeat.json}), with its runs, retry and budget. Changes nothing.
 */
@Command(name = "why", description = "Says what the last heartbeat decided about one issue or PR, and why (launched,"
        + " or the reason it waits), from the state directory; with its runs, retry and budget. Changes nothing.")
final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Parameters(index = "0", paramLabel = "ITEM", description = "issue#12, pr#7, or a number (an issue, or the PR"
            + " of that number when no issue has it).")
    String item;

    @Option(names = "--json", description = "The item's detail as JSON (the dashboard's item view).")
    boolean json;

    @Override
    public Integer call() {
        String profileId = Standalone.loadProfile(profileFile).id();
        SnapshotService service = Dashboards.service(List.of(profileFile));
        ItemDetail detail = resolve(service, profileId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(detail));
            return 0;
        }
        out.print(render(detail));
        return 0;
    }

    private ItemDetail resolve(SnapshotService service, String profileId) {
        String text = item.trim();
        if (text.matches("[1-9][0-9]{0,9}")) {
            int n = Integer.parseInt(text);
            ItemDetail issue = service.item(profileId, ItemRef.issue(n)).orElseThrow();
            ItemDetail pr = service.item(profileId, ItemRef.pr(n)).orElseThrow();
            return !"unknown".equals(issue.status()) || "unknown".equals(pr.status()) && pr.runs().isEmpty() ? issue
                    : pr;
        }
        try {
            return service.item(profileId, ItemRef.parse(text)).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException("ITEM: '" + item + "' is not issue#12, pr#7 or a number");
        }
    }

    static String render(ItemDetail d) {
        StringBuilder s = new StringBuilder();
        s.append(d.item()).append(" in profile ").append(d.profile()).append(": ");
        switch (d.status()) {
            case "running" -> s.append("running");
            case "launched" -> s.append("launched by the heartbeat at ").append(PlanText.time(d.plannedAt()))
                    .append(" (").append(d.launch().lane()).append(", rule ").append(d.launch().rule()).append(')');
            case "waiting" -> {
                var w = d.waiting();
                s.append("waits: ").append(w.reason()).append(" (").append(meaning(w.reason())).append(')');
                if (w.until() != null) {
                    s.append(" until ").append(PlanText.time(w.until()));
                }
                if (w.blocker() != null) {
                    s.append(", behind ").append(w.blocker());
                }
                if (w.detail() != null) {
                    s.append("\n  ").append(w.detail());
                }
                s.append("\n  decided by the heartbeat at ").append(PlanText.time(d.plannedAt()));
            }
            default -> s.append(d.plannedAt() == null ? "no heartbeat has been recorded yet"
                    : "not considered by the last heartbeat (" + PlanText.time(d.plannedAt())
                            + "): closed, not found, or not work for this profile");
        }
        s.append('\n');
        if (d.retry() != null) {
            s.append("  retry: attempt ").append(d.retry().attempts()).append(d.retry().ready() ? ", ready"
                    : ", next after " + PlanText.time(d.retry().nextAttemptAt()))
                    .append(d.retry().lastReason() == null ? "" : " (" + d.retry().lastReason() + ")").append('\n');
        }
        if (d.budget() != null) {
            s.append("  budget: ").append(d.budget().attempts()).append(" of ").append(d.budget().maxAttempts())
                    .append(" attempts, ").append(d.budget().agentMinutes()).append(" of ")
                    .append(d.budget().maxAgentMinutes()).append(" agent minutes")
                    .append(d.budget().spent() ? " (spent)" : "").append('\n');
        }
        if (d.schedule() != null) {
            s.append("  schedule: every ").append(d.schedule().intervalSeconds()).append(" s, next due ")
                    .append(PlanText.time(d.schedule().nextDueAt())).append('\n');
        }
        for (RunView r : d.runs()) {
            s.append("  run ").append(r.runId()).append(": ").append(r.lane()).append(", ").append(r.status())
                    .append(r.outcome() == null || r.outcome().equals(r.status()) ? "" : " (" + r.outcome() + ")")
                    .append(r.reason() == null ? "" : ", " + r.reason()).append(", started ")
                    .append(PlanText.time(r.startedAt())).append('\n');
        }
        return s.toString();
    }

    private static String meaning(String code) {
        return Arrays.stream(WaitReason.values()).filter(r -> r.code().equals(code)).map(WaitReason::meaning)
                .findFirst().orElse(code);
    }
}
