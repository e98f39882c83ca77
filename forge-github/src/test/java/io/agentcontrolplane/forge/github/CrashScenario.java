package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.sandbox.Counters;
import io.agentcontrolplane.sandbox.Fault;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The outbox crash scenario against the sandbox: 6 issues with a work branch each and 4 pull requests by walt with
 * a failed workflow run on their heads; 57 intents over those 10 items; a lost answer, a reset and a secondary
 * rate limit along the way; and the sandbox's state as it should end.
 */
final class CrashScenario {
    static final String REPO = ForgeTestSupport.REPO;
    static final String TOKEN = ForgeTestSupport.TOKEN;
    static final List<Integer> PULLS = List.of(7, 8, 9, 10);

    private CrashScenario() {
    }

    /** A clock that moves only when told (or slept on). */
    static final class StepClock extends Clock {
        final AtomicReference<Instant> now;

        StepClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    /** A fresh sandbox seeded for the scenario, with its faults armed. Returns the PR head SHAs too. */
    static GitHubSandbox sandbox(Map<Integer, String> headsOut) {
        GitHubSandbox s = GitHubSandbox.builder()
                .user("acp-bot", TOKEN).user("walt", "walt-token")
                .repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN)
                .permission(REPO, "walt", Permission.WRITE)
                .build().start();
        SandboxRepo r = s.repo(REPO);
        for (int i = 1; i <= 6; i++) {
            r.createIssue("walt", "Issue " + i, "body " + i);
            r.createBranchWithCommit("work-" + i, "main", Map.of("work" + i + ".txt", "w" + i + "\n"), "work " + i);
        }
        for (int p : PULLS) {
            String sha = r.createBranchWithCommit("feature-" + p, "main", Map.of("f" + p + ".txt", "f\n"), "f" + p);
            int n = r.openPullRequest("walt", "Feature " + p, "body", "feature-" + p, "main", false);
            if (n != p) {
                throw new IllegalStateException("expected PR #" + p + ", got #" + n);
            }
            r.addWorkflowRun("CI", "feature-" + p, sha, "completed", "failure");
            headsOut.put(p, sha);
        }
        s.faults().on("POST", "/repos/acme/widgets/issues/*/comments").next(1, Fault.status(502));
        s.faults().on("POST", "/repos/acme/widgets/issues/*/labels").next(1, Fault.reset());
        s.faults().on("POST", "/repos/acme/widgets/pulls").next(1, Fault.secondaryRateLimit(60));
        s.faults().on("PATCH", "/repos/acme/widgets/pulls/*").next(1, Fault.status(503));
        return s;
    }

    static List<Intent> intents(Map<Integer, String> heads) {
        List<Intent> out = new ArrayList<>();
        for (String l : List.of("agent-running", "agent-blocked", "agent-done")) {
            out.add(Intent.ensureLabel("label/" + l, l, "0e8a16", l + " label"));
        }
        for (int i = 1; i <= 6; i++) {
            ItemRef item = ItemRef.issue(i);
            out.add(Intent.addLabels("i" + i + "/running", item, List.of("agent-running", "x" + i)));
            out.add(Intent.comment("i" + i + "/started", item, "Started work on #" + i));
            out.add(Intent.removeLabel("i" + i + "/unrunning", item, "agent-running"));
            out.add(Intent.comment("i" + i + "/result", item, "Result for #" + i));
            out.add(Intent.openPullRequest("i" + i + "/pr", item, "work-" + i, "main", "Fix #" + i, "Closes #" + i,
                    i % 2 == 0));
        }
        for (int p : PULLS) {
            ItemRef pr = ItemRef.pr(p);
            out.add(Intent.review("p" + p + "/review", pr, ReviewEvent.APPROVE, "Approved by the reviewer"));
            out.add(Intent.comment("p" + p + "/note", pr, "Merging #" + p));
            out.add(Intent.updatePullRequestBody("p" + p + "/body", pr, "Body of #" + p));
            out.add(Intent.squashMerge("p" + p + "/merge", pr, heads.get(p), "PR " + p, "squash"));
            out.add(Intent.deleteBranch("p" + p + "/branch", pr, "feature-" + p));
            out.add(Intent.rerunFailedJobs("p" + p + "/rerun", pr, heads.get(p)));
        }
        // Interleave the items round-robin (ids alternate between lanes), each item's intents in their order: a
        // review after the merge would be refused by GitHub, as it should be.
        Map<String, List<Intent>> byLane = new java.util.LinkedHashMap<>();
        out.forEach(i -> byLane.computeIfAbsent(i.lane(), k -> new ArrayList<>()).add(i));
        List<Intent> mixed = new ArrayList<>();
        for (int round = 0; mixed.size() < out.size(); round++) {
            for (List<Intent> lane : byLane.values()) {
                if (round < lane.size()) {
                    mixed.add(lane.get(round));
                }
            }
        }
        return mixed;
    }

    static RateGovernor governor(StepClock clock) {
        return new RateGovernor(Profile.GitHubSettings.defaults(), clock, clock::advance);
    }

    static GitHubForge forge(String baseUrl, Path forgeDir, RateGovernor governor) {
        return GitHubForges.standalone(baseUrl, TOKEN, ForgeTestSupport.settings(), forgeDir, governor,
                new GitHubForges.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    static Outbox outbox(Path dir, StepClock clock, io.agentcontrolplane.core.outbox.CrashPoints crash) {
        return new Outbox(dir, List.of(60, 300), 80, 500, clock, clock::advance, crash);
    }

    /** Flushes until nothing is pending, an hour apart; fails after {@code rounds}. */
    static void drain(Outbox outbox, GitHubForge forge, StepClock clock, int rounds) {
        for (int r = 0; r < rounds; r++) {
            outbox.flush(forge, 100);
            if (outbox.pending().isEmpty()) {
                return;
            }
            clock.advance(Duration.ofHours(1));
        }
        throw new AssertionError("the outbox did not drain in " + rounds + " flushes: " + outbox.pending());
    }

    /** The sandbox's state as the scenario leaves it, independent of PR numbers, ids, SHAs and times. */
    static Map<String, Object> snapshot(GitHubSandbox s) {
        SandboxRepo r = s.repo(REPO);
        Map<String, Object> out = new TreeMap<>();
        for (int n = 1; n <= 10; n++) {
            out.put("#" + n + " labels", new TreeSet<>(r.labels(n)));
            out.put("#" + n + " comments", r.comments(n).stream().map(c -> c.author() + ": " + c.body()).sorted()
                    .toList());
            out.put("#" + n + " state", r.issue(n).state() + " " + r.issue(n).body());
        }
        for (int p : PULLS) {
            out.put("#" + p + " merged", r.pull(p).merged());
            out.put("#" + p + " reviews", r.reviews(p));
        }
        Map<String, List<String>> byHead = new TreeMap<>();
        for (var issue : r.issues()) {
            if (issue.number() > 10) {
                var pull = r.pull(issue.number());
                byHead.computeIfAbsent(pull.headRef(), k -> new ArrayList<>())
                        .add(pull.title() + " | " + r.issue(issue.number()).body() + " | " + pull.state());
            }
        }
        out.put("new pulls by head", byHead);
        out.put("labels", r.repoLabels().stream().map(r::labelInfo).sorted().toList());
        out.put("branches", new TreeSet<>(r.branches()));
        return out;
    }

    /** Successful writes of {@code method} whose path matches and whose body contains {@code text}. */
    static long writesWith(GitHubSandbox s, String method, String pathRegex, String text) {
        return s.counters().writes().stream()
                .filter(w -> w.method().equals(method) && w.path().matches(pathRegex))
                .filter(w -> text == null || (w.requestBody() != null && w.requestBody().contains(text)))
                .count();
    }

    static List<Counters.Write> writes(GitHubSandbox s) {
        return s.counters().writes();
    }
}
