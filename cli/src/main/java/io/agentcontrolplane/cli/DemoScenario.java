package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.sandbox.SandboxRepo;
import io.agentcontrolplane.sandbox.SandboxRepo.IssueView;
import io.agentcontrolplane.sandbox.SandboxRepo.PullView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code acp demo} expects of the seeded issues of {@code demo/calc}, judged from the sandbox's own state (never
 * from what the control plane believes): each issue's end state, and the story of how it got there.
 */
final class DemoScenario {
    /** The seeded issues, by number, as the demo seed creates them. */
    enum Seeded {
        SUBTRACT(1, "normal", "sub"),
        MULTIPLY(2, "normal", "mul"),
        CHECK(3, "scheduled check", null),
        README(4, "recurring", null),
        CI(5, "risky change", null),
        UNTRUSTED(6, "untrusted author", null);

        final int number;
        final String kind;
        final String operation;

        Seeded(int number, String kind, String operation) {
            this.number = number;
            this.kind = kind;
            this.operation = operation;
        }
    }

    /** One expectation: the item, what should hold, whether it does, and what the sandbox shows. */
    record Check(int issue, String kind, String title, String expected, boolean reached, String observed) {
    }

    static final String BOT = "acp-bot";

    private DemoScenario() {
    }

    /** Every expectation of the scenario, judged now. */
    static List<Check> check(SandboxRepo repo) {
        List<Check> out = new ArrayList<>();
        List<PullView> merged = new ArrayList<>();
        for (Seeded s : Seeded.values()) {
            out.add(check(repo, s, merged));
        }
        // The two normal issues change the same lines: whichever merges second needed its branch repaired.
        boolean repaired = merged.stream().anyMatch(p -> repo.parents(p.headSha()).size() > 1);
        out.add(new Check(0, "merge repair", "the second of #1 and #2 to merge",
                "a merged PR whose head merges the default branch (a merge repair)", repaired,
                repaired ? "found" : "no merged PR has a merge commit at its head yet"));
        return out;
    }

    static boolean allReached(List<Check> checks) {
        return checks.stream().allMatch(Check::reached);
    }

    private static Check check(SandboxRepo repo, Seeded s, List<PullView> mergedNormal) {
        IssueView issue = repo.issue(s.number);
        List<PullView> pulls = pullsOf(repo, s.number);
        Optional<PullView> merged = pulls.stream().filter(PullView::merged).findFirst();
        String prs = pulls.isEmpty() ? "no PR" : pulls.stream().map(p -> "PR #" + p.number() + " " + (p.merged()
                ? "merged" : p.state())).collect(Collectors.joining(", "));
        String main = repo.defaultBranch();
        return switch (s) {
            case SUBTRACT, MULTIPLY -> {
                merged.ifPresent(mergedNormal::add);
                String calc = repo.fileContent(main, "calc.sh");
                boolean onMain = calc != null && calc.contains("  " + s.operation + ")");
                boolean ok = merged.isPresent() && "closed".equals(issue.state()) && onMain;
                yield new Check(s.number, s.kind, issue.title(), "a merged PR adds '" + s.operation
                        + "' to calc.sh on " + main + "; the issue is closed", ok, prs + "; issue " + issue.state()
                        + (onMain ? "; on " + main : ""));
            }
            case CHECK -> {
                long reports = repo.comments(s.number).stream().filter(c -> c.author().equals(BOT)
                        && c.body().contains("Scheduled check")).count();
                boolean ok = reports > 0 && "open".equals(issue.state()) && pulls.isEmpty();
                yield new Check(s.number, s.kind, issue.title(), "a scheduled report comment; the issue stays open,"
                        + " no PR", ok, reports + (reports == 1 ? " report" : " reports") + "; issue " + issue.state()
                        + "; " + prs);
            }
            case README -> {
                String readme = repo.fileContent(main, "README.md");
                boolean listed = readme != null && readme.contains("\n- add\n");
                boolean ok = merged.isPresent() && "open".equals(issue.state()) && listed
                        && issue.labels().contains("agent-keep-open");
                yield new Check(s.number, s.kind, issue.title(), "a merged PR lists the operations in README.md;"
                        + " the issue stays open (agent-keep-open)", ok, prs + "; issue " + issue.state());
            }
            case CI -> {
                boolean workflow = repo.fileContent(main, ".github/workflows/ci.yml") != null;
                boolean doubleChecked = merged.isPresent() && repo.labelEvents(merged.get().number()).stream()
                        .anyMatch(e -> e.contains("double-check"));
                boolean ok = merged.isPresent() && workflow && doubleChecked && "closed".equals(issue.state());
                yield new Check(s.number, s.kind, issue.title(), "double-checked, then merged: the workflow is on "
                        + main + "; the issue is closed", ok, prs + (doubleChecked ? ", double-checked" : "")
                        + "; issue " + issue.state());
            }
            case UNTRUSTED -> {
                long botComments = repo.comments(s.number).stream().filter(c -> c.author().equals(BOT)).count();
                boolean ok = "open".equals(issue.state()) && issue.labels().isEmpty() && botComments == 0
                        && pulls.isEmpty();
                yield new Check(s.number, s.kind, issue.title(), "untouched: open, no label, no comment, no PR", ok,
                        "issue " + issue.state() + "; labels " + issue.labels() + "; " + botComments
                                + " comments by " + BOT + "; " + prs);
            }
        };
    }

    /** The PRs that address issue {@code n}: their body says {@code #n} or their branch names {@code issue-n}. */
    static List<PullView> pullsOf(SandboxRepo repo, int n) {
        Pattern inBody = Pattern.compile("#" + n + "\\b");
        Pattern inBranch = Pattern.compile("issue-" + n + "(-|$)");
        List<PullView> out = new ArrayList<>();
        for (IssueView i : repo.issues()) {
            if (!i.pullRequest()) {
                continue;
            }
            PullView p = repo.pull(i.number());
            if (inBranch.matcher(p.headRef()).find() || i.body() != null && inBody.matcher(i.body()).find()) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingInt(PullView::number));
        return out;
    }

    /**
     * The story, item by item: what each seeded issue is, the runs on it and its PRs (lane and outcome, in order),
     * and whether it reached its end state.
     */
    static String story(SandboxRepo repo, List<WorkerRun> runs, List<Check> checks) {
        StringBuilder s = new StringBuilder();
        for (Check c : checks) {
            if (c.issue() == 0) {
                s.append(c.reached() ? "  ok  " : "  --  ").append(c.kind()).append(": ").append(c.observed())
                        .append('\n');
                continue;
            }
            s.append(c.reached() ? "  ok  " : "  --  ").append('#').append(c.issue()).append(' ').append(c.title())
                    .append(" (").append(c.kind()).append(")\n");
            List<ItemRef> items = new ArrayList<>();
            items.add(ItemRef.issue(c.issue()));
            pullsOf(repo, c.issue()).forEach(p -> items.add(ItemRef.pr(p.number())));
            List<WorkerRun> mine = runs.stream().filter(r -> items.contains(r.item()))
                    .sorted(Comparator.comparing(WorkerRun::startedAt)).toList();
            if (mine.isEmpty()) {
                s.append("        no run\n");
            }
            for (WorkerRun r : mine) {
                s.append("        ").append(String.format("%-16s %-8s %s", r.lane().wireName(), r.item(),
                        r.phase().wireName())).append(r.outcome() == null || r.outcome().equals(r.phase().wireName())
                                ? "" : " (" + r.outcome() + ")")
                        .append(r.reason() == null ? "" : ", " + r.reason()).append('\n');
            }
            s.append("        ").append(c.reached() ? "" : "expected: " + c.expected() + "; now: ")
                    .append(c.observed()).append('\n');
        }
        long reached = checks.stream().filter(Check::reached).count();
        s.append(reached).append(" of ").append(checks.size()).append(" end states reached\n");
        return s.toString();
    }
}
