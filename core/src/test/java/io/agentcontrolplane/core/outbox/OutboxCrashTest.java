package io.agentcontrolplane.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.outbox.CrashPoints.Point;
import io.agentcontrolplane.core.outbox.OutboxEntry.State;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every crash point of the flush and every occurrence of it, a flush of 57 mixed intents over 10 items (with
 * lost answers, transient failures and a rate limit along the way) is aborted there; a new outbox on the same
 * directory then finishes, and every write has happened exactly once.
 */
class OutboxCrashTest {
    static final List<Point> FLUSH_POINTS = List.of(Point.BEFORE_CHECK, Point.AFTER_CHECK, Point.BEFORE_SENT_AT,
            Point.AFTER_SENT_AT, Point.AFTER_SEND, Point.AFTER_DONE_WRITTEN, Point.AFTER_PENDING_REMOVED,
            Point.AFTER_DEFERRAL_WRITTEN);

    @TempDir
    Path tmp;

    static InMemoryForge seeded(MutableClock clock) {
        InMemoryForge f = new InMemoryForge(clock);
        for (int i = 1; i <= 6; i++) {
            f.issue(i).branch("work-" + i);
        }
        for (int p = 11; p <= 14; p++) {
            f.pull(p, "feature-" + p, sha(p));
        }
        return f;
    }

    static String sha(int pr) {
        return "aaaa" + pr + "0000";
    }

    static List<Intent> scenario() {
        List<Intent> out = new ArrayList<>();
        for (String l : List.of("agent-running", "agent-blocked", "agent-done")) {
            out.add(Intent.ensureLabel("label/" + l, l, "0e8a16", l));
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
        for (int p = 11; p <= 14; p++) {
            ItemRef pr = ItemRef.pr(p);
            out.add(Intent.review("p" + p + "/review", pr, ReviewEvent.APPROVE, "Approved by the reviewer"));
            out.add(Intent.comment("p" + p + "/note", pr, "Merging #" + p));
            out.add(Intent.updatePullRequestBody("p" + p + "/body", pr, "Body of #" + p));
            out.add(Intent.squashMerge("p" + p + "/merge", pr, sha(p), "PR " + p, "squash"));
            out.add(Intent.deleteBranch("p" + p + "/branch", pr, "feature-" + p));
            out.add(Intent.rerunFailedJobs("p" + p + "/rerun", pr, sha(p)));
        }
        // Interleave items so that ids alternate between lanes.
        List<Intent> mixed = new ArrayList<>();
        for (int round = 0; !out.isEmpty(); round++) {
            mixed.add(out.remove((round * 7) % out.size()));
        }
        return mixed;
    }

    /** Lost answers, transient failures and one rate limit, by the forge's call count. */
    static Kind failures(String method, int n) {
        if (n == 40) {
            return Kind.RATE_LIMITED;
        }
        if (n % 11 == 0) {
            return Kind.UNKNOWN_OUTCOME;
        }
        return n % 17 == 0 ? Kind.TRANSIENT : null;
    }

    record Run(InMemoryForge forge, Outbox outbox, Map<Point, Integer> seen, boolean crashed) {
    }

    Run run(Path dir, Point crashAt, int occurrence) {
        MutableClock clock = new MutableClock(OutboxTest.T0);
        InMemoryForge forge = seeded(clock).failWhen(OutboxCrashTest::failures);
        Outbox plain = new Outbox(dir, List.of(60, 300), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
        scenario().forEach(plain::enqueue);
        Map<Point, Integer> seen = new EnumMap<>(Point.class);
        AtomicInteger hits = new AtomicInteger();
        Outbox crashing = new Outbox(dir, List.of(60, 300), 80, 500, clock, clock.sleeper(), (p, i) -> {
            seen.merge(p, 1, Integer::sum);
            if (p == crashAt && hits.incrementAndGet() == occurrence) {
                throw new OutboxTest.Crash();
            }
        });
        boolean crashed = false;
        try {
            Direct.drain(crashing, forge, clock, 7, 200);
        } catch (OutboxTest.Crash e) {
            crashed = true;
        }
        Outbox fresh = new Outbox(dir, List.of(60, 300), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
        Direct.drain(fresh, forge, clock, 7, 200);
        return new Run(forge, fresh, seen, crashed);
    }

    static InMemoryForge.Snapshot expected() {
        MutableClock clock = new MutableClock(OutboxTest.T0);
        InMemoryForge model = seeded(clock);
        Direct.applyOnce(model, scenario());
        return model.snapshot();
    }

    static void assertExactlyOnce(Run run, InMemoryForge.Snapshot expected, String where) {
        InMemoryForge.Snapshot actual = run.forge().snapshot();
        assertThat(actual.reruns().keySet()).as(where).isEqualTo(expected.reruns().keySet());
        assertThat(withoutReruns(actual)).as(where).isEqualTo(withoutReruns(expected));
        for (Intent i : scenario()) {
            if (i.kind() == Intent.Kind.COMMENT) {
                assertThat(OutboxTest.markers(run.forge().allComments(i.item()), i.key())).as(where + " " + i.key())
                        .isEqualTo(1);
            }
            if (i.kind() == Intent.Kind.REVIEW) {
                assertThat(run.forge().allReviews(i.item().number())).as(where + " " + i.key())
                        .filteredOn(r -> r.body().contains(i.marker())).hasSize(1);
            }
        }
        assertThat(run.outbox().list()).as(where).allMatch(e -> e.state() == State.DONE).hasSize(57);
    }

    static InMemoryForge.Snapshot withoutReruns(InMemoryForge.Snapshot s) {
        return new InMemoryForge.Snapshot(s.labels(), s.labelDefinitions(), s.comments(), s.pullsByHead(),
                s.reviews(), s.branches(), Map.of());
    }

    @Test
    void theScenarioIsLargeAndMeetsEveryCrashPoint() throws IOException {
        assertThat(scenario()).hasSize(57);
        assertThat(scenario().stream().map(Intent::lane).distinct().count()).isGreaterThanOrEqualTo(10);
        Run clean = run(tmp.resolve("clean"), null, 0);
        assertThat(clean.crashed()).isFalse();
        assertExactlyOnce(clean, expected(), "no crash");
        assertThat(clean.seen().keySet()).containsAll(FLUSH_POINTS);
        try (Stream<Path> s = Files.list(tmp.resolve("clean/outbox/done"))) {
            assertThat(s.count()).isEqualTo(57);
        }
    }

    @Test
    void aCrashAtAnyStepOfAnyIntentLeavesEveryWriteAppliedExactlyOnce() {
        InMemoryForge.Snapshot expected = expected();
        Map<Point, Integer> occurrences = run(tmp.resolve("count"), null, 0).seen();
        int runs = 0;
        for (Point point : FLUSH_POINTS) {
            int n = occurrences.getOrDefault(point, 0);
            assertThat(n).as(point.toString()).isPositive();
            for (int k = 1; k <= n; k++) {
                String where = point + " #" + k;
                Run r = run(tmp.resolve(point + "-" + k), point, k);
                assertThat(r.crashed()).as(where).isTrue();
                assertExactlyOnce(r, expected, where);
                runs++;
            }
        }
        assertThat(runs).isGreaterThan(200);
    }

    @Test
    void aCrashWhileEnqueuingLosesNothingAndDuplicatesNothing() {
        InMemoryForge.Snapshot expected = expected();
        for (Point point : List.of(Point.ENQUEUE_AFTER_PENDING_WRITTEN, Point.ENQUEUE_AFTER_KEY_PUBLISHED)) {
            for (int k : List.of(1, 2, 20, 57)) {
                Path dir = tmp.resolve(point + "-" + k);
                MutableClock clock = new MutableClock(OutboxTest.T0);
                InMemoryForge forge = seeded(clock);
                AtomicInteger hits = new AtomicInteger();
                Outbox crashing = new Outbox(dir, List.of(60), 80, 500, clock, clock.sleeper(), (p, i) -> {
                    if (p == point && hits.incrementAndGet() == k) {
                        throw new OutboxTest.Crash();
                    }
                });
                int done = 0;
                try {
                    for (Intent i : scenario()) {
                        crashing.enqueue(i);
                        done++;
                    }
                } catch (OutboxTest.Crash e) {
                    // the caller restarts and enqueues everything again, as the engine re-derives its writes
                }
                assertThat(done).isEqualTo(k - 1);
                Outbox fresh = new Outbox(dir, List.of(60), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
                if (k % 2 == 0) {
                    Direct.drain(fresh, forge, clock, 100, 50); // the flush may adopt the interrupted one first
                }
                scenario().forEach(fresh::enqueue);
                Direct.drain(fresh, forge, clock, 100, 50);
                Run r = new Run(forge, fresh, Map.of(), true);
                InMemoryForge.Snapshot actual = forge.snapshot();
                assertThat(withoutReruns(actual)).as(point + " #" + k).isEqualTo(withoutReruns(expected));
                assertThat(fresh.list()).filteredOn(e -> e.state() == State.DONE).hasSize(57);
                assertThat(r.crashed()).isTrue();
            }
        }
    }
}
