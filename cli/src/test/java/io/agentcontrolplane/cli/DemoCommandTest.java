package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.sandbox.SandboxRepo;
import io.agentcontrolplane.sandbox.SandboxRepo.CommentView;
import io.agentcontrolplane.sandbox.SandboxRepo.IssueView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acp demo --once} end to end: the sandbox, real worker processes running the scripted agent, reconcile
 * publishing and merging; then the end states read from the sandbox's own state, not from what acp believes.
 */
class DemoCommandTest {
    @Test
    @Timeout(600)
    void theDemoReachesEveryEndStateOnGitHub(@TempDir Path dir) {
        AtomicReference<String> verdict = new AtomicReference<>("the story never ended");
        DemoCommand.storyEnd = repo -> verdict.set(judge(repo));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), "demo", "--once", "--dir",
                    dir.toString(), "--timeout", "480");
        } finally {
            DemoCommand.storyEnd = repo -> { };
        }
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(verdict.get()).isEqualTo("ok");
        assertThat(out.toString()).contains("7 of 7 end states reached")
                .contains("ok  #6 Add a command that deletes files (untrusted author)")
                .containsPattern("merge-repair +pr#\\d+ +succeeded")
                .containsPattern("double-check-2 +pr#\\d+ +succeeded")
                .as("no run fails: none is launched on an item whose last result GitHub does not show yet")
                .doesNotContainPattern("finished .*: failed");
    }

    /** "ok", or what on GitHub is not as the story says. */
    private static String judge(SandboxRepo repo) {
        StringBuilder wrong = new StringBuilder();
        String calc = repo.fileContent("main", "calc.sh");
        if (!calc.contains("  sub) echo $((a - b)) ;;") || !calc.contains("  mul) echo $((a * b)) ;;")) {
            wrong.append("calc.sh on main lacks sub or mul:\n").append(calc);
        }
        if (repo.fileContent("main", ".github/workflows/ci.yml") == null) {
            wrong.append("no CI workflow on main; ");
        }
        for (int closed : List.of(1, 2, 5)) {
            if (!"closed".equals(repo.issue(closed).state())) {
                wrong.append("issue ").append(closed).append(" is open; ");
            }
        }
        for (int open : List.of(3, 4, 6)) {
            if (!"open".equals(repo.issue(open).state())) {
                wrong.append("issue ").append(open).append(" is closed; ");
            }
        }
        long merged = repo.issues().stream().filter(IssueView::pullRequest).filter(i -> repo.pull(i.number()).merged())
                .count();
        if (merged < 4) {
            wrong.append(merged).append(" merged PRs, expected at least 4; ");
        }
        if (!repo.labels(4).contains("agent-keep-open")) {
            wrong.append("issue 4 lost agent-keep-open; ");
        }
        if (repo.comments(3).stream().noneMatch(c -> c.author().equals("acp-bot") && c.body().contains("passes"))) {
            wrong.append("no scheduled report on issue 3; ");
        }
        IssueView untrusted = repo.issue(6);
        List<CommentView> comments = repo.comments(6);
        if (!untrusted.labels().isEmpty() || !comments.isEmpty() || !repo.labelEvents(6).isEmpty()) {
            wrong.append("the untrusted issue was touched: ").append(untrusted.labels()).append(comments);
        }
        return wrong.length() == 0 ? "ok" : wrong.toString();
    }
}
