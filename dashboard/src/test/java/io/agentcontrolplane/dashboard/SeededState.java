package io.agentcontrolplane.dashboard;

import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.core.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * State of three profiles as the engine writes it: run records of every status (through the {@link StateStore}),
 * run directories with the files the worker writes ({@link RunFiles}), retries, a provider cooldown, a schedule,
 * a claim, outbox writes (through the {@link Outbox}), and each profile's last heartbeat: the real planner's plan
 * of an observed world, recorded by {@link HeartbeatStatus} as the heartbeat records it.
 */
final class SeededState {
    static final List<String> PROFILES = List.of("alpha", "beta", "gamma");

    final Path root;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final List<SnapshotService.Source> sources = new ArrayList<>();

    SeededState(Path root) throws IOException {
        this.root = root;
        int offset = 0;
        for (String id : PROFILES) {
            seed(id, offset);
            offset += 100;
        }
    }

    Path stateDir(String id) {
        return root.resolve(id).resolve("state");
    }

    Path runsRoot(String id) {
        return root.resolve(id).resolve("runs");
    }

    StateStore store(String id) {
        return StateStore.open(stateDir(id));
    }

    /** The run the browser test watches finish: running until {@link #finishLiveRun()}. */
    String liveRunId() {
        return "alpha-implement-issue-1-live";
    }

    /** What the worker and the executor leave when the live run ends: a result file and a terminal record. */
    void finishLiveRun() throws IOException {
        StateStore store = store("alpha");
        WorkerRun run = store.run(liveRunId()).orElseThrow();
        Path dir = runsRoot("alpha").resolve(liveRunId());
        Files.writeString(dir.resolve(RunFiles.RESULT),
                "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\", \"detail\": \"login fixed\"}\n");
        Files.writeString(dir.resolve(RunFiles.LOG), "agent: all tests pass\nagent: done\n",
                java.nio.file.StandardOpenOption.APPEND);
        store.putRun(new WorkerRun(run.runId(), run.lane(), run.item(), RunPhase.SUCCEEDED, run.startedAt(),
                Instant.now(), run.heavy(), run.recurring(), run.exclusive(), run.provider(), "implemented", null,
                run.seenAt()));
    }

    private void seed(String id, int n) throws IOException {
        Profile profile = Profile.defaults(id, "acme/" + id);
        StateStore store = store(id);
        String provider = profile.agent().effectivePools().get(0).providerKey();
        // History: finished runs over the last days, of several lanes and outcomes.
        Lane[] lanes = {Lane.IMPLEMENT, Lane.FIX, Lane.DOUBLE_CHECK_1, Lane.SCHEDULED};
        for (int i = 0; i < 24; i++) {
            Lane lane = lanes[i % lanes.length];
            ItemRef item = lane.isPr() ? ItemRef.pr(40 + i) : ItemRef.issue(60 + i);
            Instant start = now.minus(Duration.ofHours(6L * i + 2));
            RunPhase phase = i % 5 == 3 ? RunPhase.FAILED : i % 11 == 7 ? RunPhase.CANCELLED : RunPhase.SUCCEEDED;
            String runId = id + "-" + lane.wireName() + "-" + item.fileKey() + "-h" + i;
            store.putRun(new WorkerRun(runId, lane, item, phase, start, start.plus(Duration.ofMinutes(4 + (i * 7) % 30)),
                    false, false, false, provider, phase == RunPhase.SUCCEEDED ? "implemented" : null,
                    phase == RunPhase.FAILED ? "agent-timeout" : null));
            runDirectory(id, runId, phase == RunPhase.SUCCEEDED ? "implemented" : "blocked", 40);
        }
        // Active runs: one running with a run directory (alpha's is the one the browser test finishes), a pending
        // PR run, a resident worker waiting for credentials.
        String runningId = id.equals("alpha") ? liveRunId() : id + "-implement-issue-1-" + n;
        store.putRun(new WorkerRun(runningId, Lane.IMPLEMENT, ItemRef.issue(1), RunPhase.RUNNING,
                now.minus(Duration.ofMinutes(7)), null, false, false, false, provider, null, null, now));
        runDirectory(id, runningId, null, 300);
        store.putRun(new WorkerRun(id + "-fix-pr-20-" + n, Lane.FIX, ItemRef.pr(20), RunPhase.PENDING,
                now.minusSeconds(30), null, false, false, false, provider, null, null));
        store.putRun(new WorkerRun(id + "-scheduled-issue-5-" + n, Lane.SCHEDULED, ItemRef.issue(5),
                RunPhase.WAITING_AUTH, now.minus(Duration.ofMinutes(30)), null, false, false, false, provider, null,
                null));
        // A failure that backs issue 3 off, an exhausted budget on issue 6.
        store.putRun(new WorkerRun(id + "-implement-issue-3-" + n, Lane.IMPLEMENT, ItemRef.issue(3), RunPhase.FAILED,
                now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(40)), false, false, false, provider,
                null, "verification-failed"));
        store.putRetry(ItemRef.issue(3), new RetryEntry(1, now.plus(Duration.ofMinutes(20)), "verification-failed",
                null, now.minus(Duration.ofMinutes(40))));
        for (int i = 0; i < 6; i++) {
            Instant start = now.minus(Duration.ofHours(30 + i));
            store.putRun(new WorkerRun(id + "-implement-issue-6-b" + i, Lane.IMPLEMENT, ItemRef.issue(6),
                    RunPhase.FAILED, start, start.plus(Duration.ofMinutes(12)), false, false, false, provider, null,
                    "agent-timeout"));
        }
        store.putSchedule(5, new ScheduleEntry(3600, now.minus(Duration.ofMinutes(30)),
                now.plus(Duration.ofMinutes(30))));
        if (id.equals("beta")) {
            store.putProviderCooldown(provider, new RetryEntry(2, now.plus(Duration.ofMinutes(15)),
                    "usage-limit", null, now));
        }
        store.tryClaim(ItemRef.issue(2), "heartbeat-seed");
        Outbox outbox = Outbox.open(stateDir(id), profile.schedules().retryCooldowns());
        outbox.enqueue(Intent.addLabels("seed/labels-1", ItemRef.issue(1), List.of("agent-running")));
        outbox.enqueue(Intent.comment("seed/comment-3", ItemRef.issue(3), "Verification failed: `mvn test` exited 1."));

        // The last heartbeat: the real planner on an observed world, recorded as the heartbeat records it.
        List<Issue> issues = List.of(
                issue(1, "Fix the login", List.of("agent-running"), Permission.WRITE),
                issue(2, "Add dark mode", List.of(), Permission.WRITE),
                issue(3, "Speed up the build", List.of(), Permission.WRITE),
                issue(4, "Please add my feature", List.of(), Permission.NONE),
                issue(6, "Flaky end-to-end suite", List.of(), Permission.WRITE),
                issue(7, "Rename the config keys", List.of(), Permission.WRITE),
                issue(8, "Document the API", List.of(), Permission.WRITE));
        List<PullRequest> pulls = List.of(
                new PullRequest(20, "Fix the login", "Closes #1", "agent/" + id + "/issue-1", "main", "abc", List.of(),
                        false, "acp-bot", PrLane.FIX, true, now),
                new PullRequest(21, "Rework the database layer", "", "agent/" + id + "/issue-9", "main", "def",
                        List.of(), false, "acp-bot", PrLane.HUMAN_REVIEW, true, now),
                new PullRequest(22, "Bump a dependency", "", "renovate/x", "main", "123", List.of(), false, "renovate",
                        PrLane.PENDING, false, now));
        World world = new World("sha-main", issues, pulls, List.of(), "live");
        Plan plan = HeartbeatPlanner.plan(profile, world, store.loadPlannerState().value(), now);
        HeartbeatReport report = new HeartbeatReport(id, now.minusSeconds(2), now, "completed", null, plan,
                List.of(), List.of(), List.of("seeded for the dashboard tests"), new RequestStats(14, 12, 2, 4980),
                "sent 0, confirmed 0, deferred 0, failed 0");
        HeartbeatStatus.record(stateDir(id), report);
        sources.add(new SnapshotService.Source(profile, stateDir(id), runsRoot(id)));
    }

    private Issue issue(int number, String title, List<String> labels, Permission permission) {
        return new Issue(number, title, "", labels, permission == Permission.NONE ? "stranger" : "maria", permission,
                now.minus(Duration.ofDays(10)).plusSeconds(number), null, Map.of(), null);
    }

    private void runDirectory(String id, String runId, String outcome, int logLines) throws IOException {
        Path dir = Files.createDirectories(runsRoot(id).resolve(runId));
        Files.writeString(dir.resolve(RunFiles.PROMPT), "# Task\n\nWork on " + runId + ".\n");
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= logLines; i++) {
            log.append("agent: step ").append(i).append(" of ").append(runId).append('\n');
        }
        Files.writeString(dir.resolve(RunFiles.LOG), log);
        Files.writeString(dir.resolve(RunFiles.VERIFICATION),
                "{\"timestamp\": \"" + now + "\", \"status\": \"pass\", \"command\": \"mvn -q test\"}\n");
        if (outcome != null) {
            Files.writeString(dir.resolve(RunFiles.RESULT), outcome.equals("implemented")
                    ? "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\"}\n"
                    : "{\"outcome\": \"blocked\", \"action\": \"host-comment-blocker\", \"detail\": \"tests fail\"}\n");
        }
    }
}
