package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.CrashPoints.Point;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.outbox.OutboxEntry;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush of 57 intents over 10 items through a real {@link GitHubForge} to the sandbox (with a lost answer, a
 * reset, a 503 and a secondary rate limit on the way), aborted at a crash point, then finished by a new outbox on
 * the same directory; every write is then found on the sandbox exactly once. In process (an Error thrown at the
 * point) and by a real kill: a child JVM halts at the point.
 */
class OutboxSandboxCrashTest {
    static final List<Point> FLUSH_POINTS = List.of(Point.BEFORE_CHECK, Point.AFTER_CHECK, Point.BEFORE_SENT_AT,
            Point.AFTER_SENT_AT, Point.AFTER_SEND, Point.AFTER_DONE_WRITTEN, Point.AFTER_PENDING_REMOVED,
            Point.AFTER_DEFERRAL_WRITTEN);

    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crash", null, false, false);
        }
    }

    @TempDir
    static Path tmp;
    static Map<String, Object> expected;
    static Map<Point, Integer> occurrences;
    static final AtomicInteger DIRS = new AtomicInteger();

    record Run(GitHubSandbox sandbox, Outbox outbox, List<Intent> intents, boolean crashed) {
    }

    /** A seeded sandbox, the scenario enqueued, a flush crashing at {@code point} #k, then a new outbox drains. */
    static Run run(Point point, int k, Map<Point, Integer> seen) {
        Map<Integer, String> heads = new HashMap<>();
        GitHubSandbox sandbox = CrashScenario.sandbox(heads);
        Path dir = tmp.resolve("run-" + DIRS.incrementAndGet());
        CrashScenario.StepClock clock = new CrashScenario.StepClock(Instant.now());
        GitHubForge forge = CrashScenario.forge(sandbox.baseUrl(), dir.resolve("forge"),
                CrashScenario.governor(clock));
        List<Intent> intents = CrashScenario.intents(heads);
        Outbox plain = CrashScenario.outbox(dir, clock, CrashPoints.NONE);
        intents.forEach(plain::enqueue);
        AtomicInteger hits = new AtomicInteger();
        Outbox crashing = CrashScenario.outbox(dir, clock, (p, i) -> {
            if (seen != null) {
                seen.merge(p, 1, Integer::sum);
            }
            if (p == point && hits.incrementAndGet() == k) {
                throw new Crash();
            }
        });
        boolean crashed = false;
        try {
            CrashScenario.drain(crashing, forge, clock, 50);
        } catch (Crash e) {
            crashed = true;
        }
        Outbox fresh = CrashScenario.outbox(dir, clock, CrashPoints.NONE);
        CrashScenario.drain(fresh, forge, clock, 50);
        return new Run(sandbox, fresh, intents, crashed);
    }

    @BeforeAll
    static void cleanRun() {
        Map<Point, Integer> seen = new EnumMap<>(Point.class);
        Run clean = run(null, 0, seen);
        try {
            assertThat(clean.crashed()).isFalse();
            expected = CrashScenario.snapshot(clean.sandbox());
            assertExactlyOnce(clean, "no crash");
            occurrences = seen;
        } finally {
            clean.sandbox().close();
        }
    }

    /** Every write of the scenario is on the sandbox exactly once, as its log of writes and its state say. */
    static void assertExactlyOnce(Run run, String where) {
        GitHubSandbox s = run.sandbox();
        for (Intent i : run.intents()) {
            String what = where + ": " + i.key();
            int n = i.item() == null ? 0 : i.item().number();
            switch (i.kind()) {
                case COMMENT -> {
                    assertThat(CrashScenario.writesWith(s, "POST", ".*/issues/" + n + "/comments", i.marker()))
                            .as(what).isEqualTo(1);
                    assertThat(s.repo(CrashScenario.REPO).comments(n)).as(what)
                            .filteredOn(c -> c.body().contains(i.marker())).hasSize(1);
                }
                case REVIEW -> assertThat(CrashScenario.writesWith(s, "POST", ".*/pulls/" + n + "/reviews",
                        i.marker())).as(what).isEqualTo(1);
                case OPEN_PR -> assertThat(CrashScenario.writesWith(s, "POST", ".*/pulls",
                        "\"head\":\"" + i.head() + "\"")).as(what).isEqualTo(1);
                case SQUASH_MERGE -> assertThat(CrashScenario.writesWith(s, "PUT", ".*/pulls/" + n + "/merge",
                        null)).as(what).isEqualTo(1);
                case DELETE_BRANCH -> assertThat(CrashScenario.writesWith(s, "DELETE",
                        ".*/git/refs/heads/" + i.branch(), null)).as(what).isEqualTo(1);
                case ADD_LABELS -> assertThat(CrashScenario.writesWith(s, "POST", ".*/issues/" + n + "/labels",
                        null)).as(what).isBetween(1L, 2L); // repeated only after a crash between send and done
                case RERUN_FAILED_JOBS -> assertThat(CrashScenario.writesWith(s, "POST",
                        ".*/actions/runs/.*/rerun-failed-jobs", null)).as(what).isGreaterThanOrEqualTo(4);
                default -> {
                    // ensure-label, remove-label, PR body: idempotent, their effect is in the snapshot
                }
            }
        }
        assertThat(CrashScenario.snapshot(s)).as(where).isEqualTo(expected != null ? expected
                : CrashScenario.snapshot(s));
        for (int p : CrashScenario.PULLS) {
            assertThat(s.repo(CrashScenario.REPO).reviews(p)).as(where).containsExactly("acp-bot:APPROVED");
            assertThat(s.repo(CrashScenario.REPO).pull(p).merged()).as(where).isTrue();
        }
        assertThat(run.outbox().list()).as(where).hasSize(57)
                .allMatch(e -> e.state() == OutboxEntry.State.DONE, "done");
    }

    @Test
    void theCleanRunMeetsEveryFlushCrashPointAndEndsAsIntended() {
        assertThat(occurrences.keySet()).containsAll(FLUSH_POINTS);
        assertThat(((Map<?, ?>) expected.get("new pulls by head")).keySet().toString())
                .isEqualTo("[work-1, work-2, work-3, work-4, work-5, work-6]");
        assertThat(List.of("work-1", "work-2", "work-3", "work-4", "work-5", "work-6")).hasSize(6);
        assertThat(expected.get("#1 labels").toString()).isEqualTo("[x1]");
        System.out.println("crash point occurrences in a clean flush: " + occurrences);
    }

    /**
     * Which occurrences of a point to crash at: every one of a point met at most 6 times, else the first two, the
     * last two and every {@code stride}-th ({@code -Dacp.crash.stride=1}: every occurrence, about 300 runs).
     */
    static List<Integer> sample(int n, int stride) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            if (n <= 6 || k <= 2 || k >= n - 1 || k % stride == 0) {
                ks.add(k);
            }
        }
        return ks;
    }

    @Test
    void aCrashInProcessAtAnyPointLeavesEveryWriteOnGitHubExactlyOnce() {
        int runs = 0;
        for (Point point : FLUSH_POINTS) {
            int n = occurrences.getOrDefault(point, 0);
            for (int k : sample(n, Integer.getInteger("acp.crash.stride", 4))) {
                String where = point + " #" + k + " of " + n;
                Run r = run(point, k, null);
                try {
                    assertThat(r.crashed()).as(where).isTrue();
                    assertExactlyOnce(r, where);
                } finally {
                    r.sandbox().close();
                }
                runs++;
            }
        }
        System.out.println("in-process crash runs: " + runs);
        assertThat(runs).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aKilledFlushIsFinishedByTheNextProcessWithEveryWriteOnGitHubExactlyOnce() throws Exception {
        List<Object[]> cases = List.of(new Object[] {Point.AFTER_SENT_AT, 3}, new Object[] {Point.AFTER_SEND, 1},
                new Object[] {Point.AFTER_SEND, 20}, new Object[] {Point.AFTER_DONE_WRITTEN, 30},
                new Object[] {Point.AFTER_PENDING_REMOVED, 45}, new Object[] {Point.BEFORE_CHECK, 1},
                new Object[] {Point.AFTER_DEFERRAL_WRITTEN, 1});
        for (Object[] c : cases) {
            Point point = (Point) c[0];
            int k = Math.min((Integer) c[1], occurrences.get(point));
            String where = "kill -9 at " + point + " #" + k;
            Map<Integer, String> heads = new HashMap<>();
            GitHubSandbox sandbox = CrashScenario.sandbox(heads);
            try {
                Path dir = tmp.resolve("kill-" + DIRS.incrementAndGet());
                Instant start = Instant.now();
                List<Intent> intents = CrashScenario.intents(heads);
                CrashScenario.StepClock clock = new CrashScenario.StepClock(start);
                Outbox plain = CrashScenario.outbox(dir, clock, CrashPoints.NONE);
                intents.forEach(plain::enqueue);

                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        OutboxFlushChild.class.getName(), dir.toString(), dir.resolve("child-forge").toString(),
                        sandbox.baseUrl(), point.name(), String.valueOf(k), String.valueOf(start.getEpochSecond()));
                Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output;
                try {
                    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(where).isTrue();
                    output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    child.destroyForcibly();
                }
                assertThat(child.exitValue()).as(where + ": " + output).isEqualTo(137);
                assertThat(output).contains("halting at " + point);
                assertThat(plain.pending()).as(where + ": the kill left work").isNotEmpty();

                // The next process: later in time than anything the child recorded.
                clock.advance(Duration.ofDays(2));
                GitHubForge forge = CrashScenario.forge(sandbox.baseUrl(), dir.resolve("forge"),
                        CrashScenario.governor(clock));
                Outbox fresh = CrashScenario.outbox(dir, clock, CrashPoints.NONE);
                CrashScenario.drain(fresh, forge, clock, 50);
                assertExactlyOnce(new Run(sandbox, fresh, intents, true), where);
            } finally {
                sandbox.close();
            }
        }
    }
}
