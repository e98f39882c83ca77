package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Seeds a sandbox with 500 open issues and 50 open PRs and reports what three heartbeats' observations cost:
 * cold, idle (nothing changed) and after one PR was updated.
 */
public final class ReadBenchmark {
    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String repoName = "acme/widgets";
        try (GitHubSandbox sb = GitHubSandbox.builder().user("acp-bot", "bench-token").user("walt", "walt-token")
                .repo(repoName).permission(repoName, "acp-bot", Permission.ADMIN)
                .permission(repoName, "walt", Permission.WRITE).build().start()) {
            SandboxRepo repo = sb.repo(repoName);
            for (int i = 0; i < 500; i++) {
                repo.createIssue(i % 5 == 0 ? "acp-bot" : "walt", "Issue " + i, "body " + i,
                        i % 25 == 0 ? new String[] {"agent-blocked"} : new String[0]);
            }
            for (int i = 0; i < 50; i++) {
                String b = "agent/widgets/issue-" + (i + 1);
                repo.createBranchWithCommit(b, "main", Map.of("f" + i + ".txt", "x\n"), "work " + i);
                int pr = repo.openPullRequest("walt", "PR " + i, "Closes #" + (i + 1), b, "main", false);
                repo.addCheckRun(b, "build", "completed", "success");
                repo.addReview(pr, "acp-bot", "APPROVED", "ok");
            }
            Path state = Files.createTempDirectory("read-benchmark");
            RateGovernor governor = RateGovernor.of(Profile.GitHubSettings.defaults());
            GitHubForge forge = GitHubForges.standalone(sb.baseUrl(), "bench-token",
                    GitHubForge.Settings.of(Profile.defaults("widgets", repoName)), state, governor,
                    GitHubForges.Timeouts.DEFAULT);
            report("cold heartbeat", forge.observe());
            report("idle heartbeat", forge.observe());
            repo.commit("agent/widgets/issue-7", Map.of("more.txt", "y\n"), "one more commit");
            report("one PR updated", forge.observe());
            RequestStats total = forge.stats();
            System.out.printf("total: %d requests, %d x 304, %d points%n", total.requests(), total.notModified(),
                    total.points());
        }
    }

    private static void report(String what, Observation o) {
        RequestStats s = o.stats();
        System.out.printf("%-16s %5d requests  %5d x 304  %5d points  (%d issues, %d PRs)%n", what, s.requests(),
                s.notModified(), s.points(), o.issues().size(), o.pulls().size());
    }
}
