package io.agentcontrolplane.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.world.ItemRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of done intents and their idempotency keys, on real directories. */
class OutboxRetentionTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final InMemoryForge forge = new InMemoryForge(clock).issue(1).issue(2);

    Outbox outbox() {
        return new Outbox(dir, List.of(60, 300), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
    }

    Path keys() {
        return dir.resolve("outbox/keys");
    }

    long files(String sub) throws Exception {
        Path d = dir.resolve("outbox").resolve(sub);
        try (var s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void doneIntentsAndTheirKeysGoAfterTheHorizonKeptKeysStayAndNothingNewerIsTouched() throws Exception {
        Outbox o = outbox();
        o.enqueue(Intent.comment("run/r-1/report", ItemRef.issue(1), "report"));
        o.enqueue(Intent.comment("issue-2/comment-abc", ItemRef.issue(2), "blocker"));
        o.enqueue(Intent.ensureLabel("labels/agent-running/fbca04-1", "agent-running", "fbca04", "running"));
        assertThat(o.flush(forge, 50).sent()).isEqualTo(3);
        clock.advance(Duration.ofDays(20));
        o.enqueue(Intent.comment("run/r-2/report", ItemRef.issue(1), "later report"));
        o.flush(forge, 50);

        assertThat(o.prune(T0.minusSeconds(1), 100, k -> false)).as("nothing old enough")
                .isZero();
        clock.advance(Duration.ofDays(15));
        int removed = o.prune(clock.instant().minus(Duration.ofDays(30)), 100, k -> k.startsWith("labels/"));
        assertThat(removed).as("the three applied 35 days ago").isEqualTo(3);
        assertThat(files("done")).as("the newer one stays").isEqualTo(1);
        assertThat(o.find("run/r-2/report")).hasValueSatisfying(i -> assertThat(i.finishedAt()).isNotNull());
        assertThat(o.find("run/r-1/report")).as("its key went with it").isEmpty();
        assertThat(o.find("issue-2/comment-abc")).isEmpty();
        assertThat(o.find("labels/agent-running/fbca04-1")).as("a key enqueued every heartbeat stays").isPresent();
        assertThat(keys().resolve("run/r-1")).as("an emptied key directory goes too").doesNotExist();
        assertThat(keys().resolve("run/r-2")).exists();

        // Past the horizon the key is free again: enqueuing it records a new intent (documented: a blocker text
        // is not repeated on an item within outboxDays).
        Intent again = o.enqueue(Intent.comment("issue-2/comment-abc", ItemRef.issue(2), "blocker"));
        assertThat(again.finishedAt()).isNull();
    }

    @Test
    void aPassIsBoundedAndACrashBetweenKeyAndDoneFileIsRepairedByTheNext() throws Exception {
        Outbox o = outbox();
        for (int n = 0; n < 5; n++) {
            o.enqueue(Intent.comment("run/r-" + n + "/report", ItemRef.issue(1), "report " + n));
        }
        o.flush(forge, 50);
        clock.advance(Duration.ofDays(40));
        Instant cutoff = clock.instant().minus(Duration.ofDays(30));
        assertThat(o.prune(cutoff, 2, k -> false)).isEqualTo(2);
        assertThat(files("done")).isEqualTo(3);

        // A crash after the key was removed, before the done file: the done file without its key goes next time.
        Files.delete(keys().resolve("run/r-2/report.json"));
        assertThat(o.prune(cutoff, 100, k -> false)).isEqualTo(3);
        assertThat(files("done")).isZero();
        assertThat(Files.exists(keys()) ? files("keys") : 0).isZero();
    }

    @Test
    void aKeyOfWorkNotFinishedStaysWithItsIntentAnswer() throws Exception {
        Outbox o = outbox();
        o.enqueue(Intent.comment("run/r-open/opened-pr", ItemRef.issue(1), "Opened PR #5"));
        o.flush(forge, 50);
        clock.advance(Duration.ofDays(40));
        assertThat(o.prune(clock.instant().minus(Duration.ofDays(30)), 100, k -> k.startsWith("run/r-open/")))
                .isEqualTo(1);
        assertThat(o.find("run/r-open/opened-pr")).as("the key stays: enqueuing it again is still a no-op")
                .isPresent();
        assertThat(o.enqueue(Intent.comment("run/r-open/opened-pr", ItemRef.issue(1), "Opened PR #5")).id())
                .isEqualTo(o.find("run/r-open/opened-pr").get().id());
        assertThat(files("pending")).isZero();
    }
}
