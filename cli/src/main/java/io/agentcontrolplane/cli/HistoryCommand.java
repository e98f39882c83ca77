package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.snapshot.RunPage;
import io.agentcontrolplane.core.snapshot.RunQuery;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp history}: the runs of a profile, newest first, from its state directory. Changes nothing. */
@Command(name = "history", description = "Lists the runs of a profile, newest first (lane, item, outcome, reason,"
        + " start, minutes), from the state directory. Changes nothing.")
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Option(names = "--item", paramLabel = "ITEM", description = "Only the runs of this item: issue#12, pr#7, or a"
            + " number (the issue and the PR of that number).")
    String item;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N runs (default:"
            + " ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "The runs as JSON (the dashboard's run view).")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new AcpCommand.InputException("--limit: must be at least 1, got " + limit);
        }
        List<ItemRef> items = items();
        SnapshotService service = Dashboards.service(List.of(profileFile));
        List<RunView> runs = new ArrayList<>();
        for (int page = 1; runs.size() < limit; page++) {
            RunPage p = service.runs(new RunQuery(null, null, null, null, page));
            for (RunView r : p.runs()) {
                if (runs.size() < limit && (items.isEmpty() || items.stream().anyMatch(i -> i.toString()
                        .equals(r.item())))) {
                    runs.add(r);
                }
            }
            if (page >= p.pages()) {
                break;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(runs));
            return 0;
        }
        if (runs.isEmpty()) {
            out.println(item == null ? "no runs yet" : "no runs of " + item);
            return 0;
        }
        for (RunView r : runs) {
            out.println(String.format("%s  %-16s %-9s %-10s %s  %s%s", PlanText.time(r.startedAt()), r.lane(),
                    r.item(), r.status(), r.minutes() + " min", r.runId(),
                    (r.outcome() == null || r.outcome().equals(r.status()) ? "" : "  " + r.outcome())
                            + (r.reason() == null ? "" : "  " + r.reason())));
        }
        return 0;
    }

    private List<ItemRef> items() {
        if (item == null) {
            return List.of();
        }
        String text = item.trim();
        if (text.matches("[1-9][0-9]{0,9}")) {
            int n = Integer.parseInt(text);
            return List.of(ItemRef.issue(n), ItemRef.pr(n));
        }
        try {
            return List.of(ItemRef.parse(text));
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException("--item: '" + item + "' is not issue#12, pr#7 or a number");
        }
    }
}
