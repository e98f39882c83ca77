package io.agentcontrolplane.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.InMemoryForge;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.MutableClock;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.outbox.OutboxEntry;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.jgit.api.Git;

/**
 * No sequence of heartbeats (reconcile, then flush), crashes (anywhere on the outbox's write path, a restart with new
 * instances on the same state) and GitHub faults (transient failures, lost answers, rate limits) opens two pull
 * requests for one issue or posts the same comment twice. Two implement runs of one issue (two branches), two runs
 * that end with the same blocker, and a quota failure are reconciled; pushes go to a real git repository.
 */
class ReconcilePropertyTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Profile PROFILE = Profile.defaults("demo", "acme/app");

    /** One step of the schedule. */
    enum Step { HEARTBEAT, CRASH_IN_FLUSH, CRASH_IN_ENQUEUE, RESTART, FAULTS, CALM, LATER, MERGE_OUTSIDE }

    @Provide
    Arbitrary<List<Step>> schedules() {
        return Arbitraries.of(Step.class).list().ofMinSize(3).ofMaxSize(14);
    }

    @Property(tries = 25)
    void noIssueGetsTwoPullRequestsAndNoCommentIsPostedTwice(@ForAll("schedules") List<Step> schedule,
            @ForAll("faults") List<Kind> faults) throws Exception {
        Path dir = Files.createTempDirectory("reconcile-property");
        try {
            World w = new World(dir, faults);
            for (Step step : schedule) {
                w.apply(step);
            }
            // A person merges issue 1's pull request, if the schedule did not; then calm heartbeats until everything
            // is reconciled, caught up and flushed.
            w.apply(Step.MERGE_OUTSIDE);
            w.forgeFaults = false;
            w.crashAt = -1;
            for (int i = 0; i < 12 && !w.allDone(); i++) {
                w.apply(Step.HEARTBEAT);
                w.apply(Step.LATER);
            }
            assertThat(w.allDone()).as("every run reconciled, the outbox drained").isTrue();

            long prsForIssue1 = w.forge.pulls().values().stream().filter(p -> p.body().contains("#1")).count();
            assertThat(prsForIssue1).as("pull requests for issue 1").isEqualTo(1);
            for (ItemRef item : List.of(ItemRef.issue(1), ItemRef.issue(2), ItemRef.issue(3))) {
                List<String> bodies = w.forge.allComments(item).stream().map(ForgeComment::body)
                        .map(b -> b.replaceAll("<!-- acp:intent [^>]* -->", "").strip()).toList();
                assertThat(bodies).as("comments on " + item).doesNotHaveDuplicates();
            }
            assertThat(w.forge.allComments(ItemRef.issue(1))).filteredOn(c -> c.body().startsWith("Opened PR"))
                    .hasSize(1);
            boolean merged = w.forge.pulls().values().stream().anyMatch(InMemoryForge.Pr::merged);
            net.jqwik.api.statistics.Statistics.label("PR merged outside and caught up").collect(merged);
            if (merged) {
                assertThat(w.forge.isClosedIssue(1)).as("issue 1 closed after its PR was merged outside").isTrue();
                // A crash between an enqueue's two files leaves a dropped copy under the same key: never applied.
                assertThat(w.outbox.list()).filteredOn(e -> e.intent() != null && e.state() != OutboxEntry.State.DROPPED
                        && e.intent().kind() == Intent.Kind.CLOSE_ISSUE).as("one close of issue 1").hasSize(1);
                assertThat(w.store.trackedPrs().values()).as("caught up").allMatch(t -> t.isCaughtUp());
            }
        } finally {
            delete(dir);
        }
    }

    @Provide
    Arbitrary<List<Kind>> faults() {
        return Arbitraries.of(Kind.TRANSIENT, Kind.UNKNOWN_OUTCOME, Kind.RATE_LIMITED).injectNull(0.6).list()
                .ofMaxSize(40);
    }

    /** The system under test and its surroundings for one try. */
    static final class World {
        final Path dir;
        final MutableClock clock = new MutableClock(T0);
        final InMemoryForge forge;
        final StateStore store;
        final Path runsRoot;
        final HostGit git;
        final List<String> runIds = new ArrayList<>();
        final List<Kind> faults;
        boolean forgeFaults;
        int crashAt = -1;
        final AtomicInteger points = new AtomicInteger();
        Outbox outbox;
        Reconciler reconciler;
        PrCatchUp catchUp;

        World(Path dir, List<Kind> faults) throws Exception {
            this.dir = dir;
            this.faults = faults;
            this.forge = new InMemoryForge(clock);
            List<Issue> issues = List.of(issue(1), issue(2), issue(3));
            forge.observing(new Observation("", issues, List.of(), Map.of(), T0, "live", RequestStats.NONE));
            forge.failWhen((method, n) -> forgeFaults && n <= faults.size() ? faults.get(n - 1) : null);
            this.store = new StateStore(dir.resolve("state"), clock, p -> { });
            this.runsRoot = dir.resolve("runs");
            Path remote = dir.resolve("remote.git");
            Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
            JGitHost real = new JGitHost(remote.toUri().toString(), null);
            // The forge learns of pushed branches as GitHub would.
            this.git = new Registering(real, forge);
            Path ws = dir.resolve("ws");
            String base;
            try (Git g = Git.init().setDirectory(ws.toFile()).setInitialBranch("main").call()) {
                Files.writeString(ws.resolve("README.md"), "hello\n");
                g.add().addFilepattern(".").call();
                base = g.commit().setMessage("init").setAuthor("t", "t@example.invalid")
                        .setCommitter("t", "t@example.invalid").call().name();
                for (String b : List.of("a", "b")) {
                    g.checkout().setCreateBranch(b.equals("a") || b.equals("b")).setName("agent/demo/issue-1-" + b)
                            .setStartPoint(base).call();
                    Files.writeString(ws.resolve("src-" + b + ".txt"), b + "\n");
                    g.add().addFilepattern(".").call();
                    String head = g.commit().setMessage("feat: " + b).setAuthor("t", "t@example.invalid")
                            .setCommitter("t", "t@example.invalid").call().name();
                    String runId = "run-impl-" + b;
                    run(runId, Lane.IMPLEMENT, ItemRef.issue(1), RunPhase.SUCCEEDED, null,
                            Map.of(RunFiles.RESULT, "{\"outcome\": \"implemented\", \"action\":"
                                    + " \"host-publish-issue-pr\"}", RunFiles.VERIFICATION,
                                    "{\"status\": \"pass\", \"command\": \"make test\"}\n"),
                            new WorkspaceFacts(ws.toString(), "agent/demo/issue-1-" + b, "agent/demo/issue-1-" + b,
                                    "main", base, base, head, List.of()));
                }
            }
            for (String id : List.of("run-blocked-1", "run-blocked-2")) {
                run(id, Lane.IMPLEMENT, ItemRef.issue(2), RunPhase.SUCCEEDED, null,
                        Map.of(RunFiles.RESULT, "{\"outcome\": \"blocked\", \"action\": \"host-comment-blocker\"}",
                                RunFiles.ISSUE_COMMENT, "# Blocker: unclear spec\n\nFailure reason: `needs-spec`"),
                        null);
            }
            run("run-quota", Lane.IMPLEMENT, ItemRef.issue(3), RunPhase.FAILED, "provider-quota-limit", Map.of(),
                    null);
            restart();
        }

        static Issue issue(int n) {
            return new Issue(n, "Issue " + n, "body", List.of("agent-running"), "walt", null, T0, null, null, null);
        }

        void run(String id, Lane lane, ItemRef item, RunPhase phase, String reason, Map<String, String> files,
                WorkspaceFacts facts) throws IOException {
            Path d = runsRoot.resolve(id);
            Files.createDirectories(d);
            for (var e : files.entrySet()) {
                Files.writeString(d.resolve(e.getKey()), e.getValue());
            }
            if (facts != null) {
                Files.write(d.resolve(RunFiles.WORKSPACE), StateJson.bytes(facts));
            }
            store.putRun(new WorkerRun(id, lane, item, phase, T0.minusSeconds(600), T0.plusSeconds(runIds.size()),
                    false, false, false, "codex-gpt-5", phase.wireName(), reason));
            runIds.add(id);
        }

        void restart() {
            CrashPoints crash = (point, intent) -> {
                if (crashAt >= 0 && points.incrementAndGet() == crashAt) {
                    crashAt = -1;
                    throw new Crash();
                }
            };
            outbox = new Outbox(dir.resolve("state"), List.of(30, 600), 80, 500, clock, clock.sleeper(), crash);
            reconciler = new Reconciler(PROFILE, store, outbox, forge, git, runsRoot, clock);
            catchUp = new PrCatchUp(PROFILE, store, outbox, forge, clock);
        }

        /** What a heartbeat would observe now: the open issues and pull requests of the forge. */
        Observation observed() {
            List<Issue> issues = Stream.of(1, 2, 3).filter(n -> !forge.isClosedIssue(n)).map(n -> new Issue(n,
                    "Issue " + n, "body", List.copyOf(forge.labelsOf(ItemRef.issue(n))), "walt", null, T0, null, null,
                    null)).toList();
            List<io.agentcontrolplane.core.world.PullRequest> pulls = forge.pulls().values().stream()
                    .filter(InMemoryForge.Pr::open).map(p -> new io.agentcontrolplane.core.world.PullRequest(
                            p.number(), p.title(), p.body(), p.head(), p.base(), p.headSha(),
                            List.copyOf(forge.labelsOf(ItemRef.pr(p.number()))), p.draft(), "acp-bot", null, false,
                            clock.instant())).toList();
            return new Observation("", issues, pulls, Map.of(), clock.instant(), "live", RequestStats.NONE);
        }

        void apply(Step step) {
            try {
                switch (step) {
                    case HEARTBEAT -> {
                        for (String id : runIds) {
                            reconciler.reconcile(id);
                        }
                        Observation o = observed();
                        catchUp.catchUp(o, java.util.Set.of());
                        catchUp.track(o, p -> true, null);
                        outbox.flush(forge, 50);
                    }
                    case CRASH_IN_FLUSH, CRASH_IN_ENQUEUE -> {
                        points.set(0);
                        crashAt = step == Step.CRASH_IN_ENQUEUE ? 1 : 2 + (int) (clock.instant().getEpochSecond() % 5);
                        apply(Step.HEARTBEAT);
                    }
                    case RESTART -> restart();
                    case FAULTS -> forgeFaults = true;
                    case CALM -> forgeFaults = false;
                    case LATER -> clock.advance(Duration.ofMinutes(15));
                    case MERGE_OUTSIDE -> forge.pulls().values().stream().filter(p -> p.open()
                            && p.body().contains("#1")).forEach(p -> forge.mergeOutside(p.number()));
                    default -> throw new IllegalStateException();
                }
            } catch (Crash c) {
                restart(); // the process died; a new one starts on the same files
            }
        }

        boolean allDone() {
            boolean reconciled = runIds.stream().allMatch(id -> reconciler.directory(id).reconciled().isPresent());
            boolean caughtUp = store.trackedPrs().values().stream().allMatch(t -> t.isCaughtUp()
                    || forge.pulls().get(t.number()).open());
            return reconciled && caughtUp && outbox.pending().isEmpty();
        }
    }

    /** A crash of the process at a step of the write path. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Real git, and the forge learns of each pushed branch, as GitHub does. */
    record Registering(HostGit git, InMemoryForge forge) implements HostGit {
        @Override
        public Optional<String> remoteHead(String branch) throws HostGitException {
            return git.remoteHead(branch);
        }

        @Override
        public void push(Path workspace, String sha, String remoteBranch, String expectedRemote)
                throws HostGitException {
            git.push(workspace, sha, remoteBranch, expectedRemote);
            forge.branch(remoteBranch);
        }

        @Override
        public int commitsBetween(Path workspace, String base, String head) throws HostGitException {
            return git.commitsBetween(workspace, base, head);
        }

        @Override
        public List<String> changedFiles(Path workspace, String from, String to) throws HostGitException {
            return git.changedFiles(workspace, from, to);
        }

        @Override
        public String subject(Path workspace, String sha) throws HostGitException {
            return git.subject(workspace, sha);
        }

        @Override
        public Optional<String> fileAt(Path workspace, String sha, String path) throws HostGitException {
            return git.fileAt(workspace, sha, path);
        }

        @Override
        public String replay(Path scratch, String baseSha, String patch, String message) throws HostGitException {
            return git.replay(scratch, baseSha, patch, message);
        }

        @Override
        public boolean hasCommit(Path workspace, String sha) throws HostGitException {
            return git.hasCommit(workspace, sha);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
