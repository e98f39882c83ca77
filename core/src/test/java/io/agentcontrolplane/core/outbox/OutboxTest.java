package io.agentcontrolplane.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.outbox.FlushReport.Outcome;
import io.agentcontrolplane.core.outbox.OutboxEntry.State;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final ItemRef I1 = ItemRef.issue(1);
    static final ItemRef I2 = ItemRef.issue(2);
    static final ItemRef P7 = ItemRef.pr(7);
    static final String SHA7 = "abc1234def";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    final InMemoryForge forge = new InMemoryForge(clock).issue(1).issue(2).pull(7, "feature-7", SHA7)
            .branch("work-1").branch("old");

    Outbox outbox() {
        return outbox(CrashPoints.NONE);
    }

    Outbox outbox(CrashPoints crash) {
        return new Outbox(dir, List.of(60, 300), 80, 500, clock, clock.sleeper(), crash);
    }

    static long markers(List<ForgeComment> comments, String key) {
        return comments.stream().filter(c -> c.body().contains(Intent.marker(key))).count();
    }

    @Test
    void everyKindIsAppliedOnce() {
        Outbox o = outbox();
        o.enqueue(Intent.ensureLabel("label/agent-running", "agent-running", "0e8a16", "an agent works on it"));
        o.enqueue(Intent.addLabels("run-1/labels", I1, List.of("agent-running", "p1")));
        o.enqueue(Intent.removeLabel("run-1/unlabel", I1, "p1"));
        o.enqueue(Intent.comment("run-1/comment-result", I1, "Done."));
        Intent pr = o.enqueue(Intent.openPullRequest("run-1/pr", I1, "work-1", "main", "Fix #1", "Closes #1", true));
        o.enqueue(Intent.updatePullRequestBody("run-2/body", P7, "new body"));
        o.enqueue(Intent.review("run-2/review", P7, ReviewEvent.APPROVE, null));
        o.enqueue(Intent.squashMerge("run-2/merge", P7, SHA7, "Feature 7", "squashed"));
        o.enqueue(Intent.deleteBranch("run-2/delete", P7, "feature-7"));
        o.enqueue(Intent.rerunFailedJobs("run-3/rerun", null, "fedcba9"));

        FlushReport report = o.flush(forge, 25);

        assertThat(report.sent()).as(report.toString()).isEqualTo(10);
        assertThat(report.drained()).isTrue();
        var s = forge.snapshot();
        assertThat(s.labelDefinitions()).containsEntry("agent-running", "0e8a16|an agent works on it");
        assertThat(s.labels()).containsEntry(I1, Set.of("agent-running"));
        assertThat(s.comments().get(I1)).containsExactly("Done.\n\n<!-- acp:intent run-1/comment-result -->");
        assertThat(s.pullsByHead().get("work-1")).containsExactly("main|Fix #1|Closes #1|true|open=true|merged=false");
        assertThat(s.pullsByHead().get("feature-7")).containsExactly("main|PR 7|new body|false|open=false|merged=true");
        assertThat(s.reviews().get(7)).containsExactly("APPROVED|<!-- acp:intent run-2/review -->");
        assertThat(s.branches()).doesNotContain("feature-7");
        assertThat(s.reruns()).containsEntry("fedcba9", 1);
        for (String write : List.of("ensureLabel", "addLabels", "removeLabel", "comment", "openPullRequest",
                "updatePullRequestBody", "review", "squashMerge", "deleteBranch", "rerunFailedJobs")) {
            assertThat(forge.calls(write)).as(write).isEqualTo(1);
        }
        assertThat(o.list()).allMatch(e -> e.state() == State.DONE).hasSize(10);
        Intent done = o.find("run-1/pr").orElseThrow();
        assertThat(done.id()).isEqualTo(pr.id());
        assertThat(done.pullRequestNumber()).isEqualTo(forge.pulls().values().stream()
                .filter(p -> p.head().equals("work-1")).findFirst().orElseThrow().number());
        assertThat(done.sentAt()).isNotNull();
        assertThat(o.flush(forge, 25).lines()).isEmpty();
    }

    @Test
    void idsAreSortableSequenceNumbersWithTheKind() {
        Outbox o = outbox();
        Intent a = o.enqueue(Intent.comment("a", I1, "x"));
        Intent b = o.enqueue(Intent.addLabels("b", I1, List.of("l")));
        assertThat(a.id()).isEqualTo("000000000001-comment");
        assertThat(b.id()).isEqualTo("000000000002-add-labels");
        assertThat(a.createdAt()).isEqualTo(T0);
        assertThat(Files.exists(dir.resolve("outbox/pending/000000000001-comment.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("outbox/keys/a.json"))).isTrue();
    }

    @Test
    void enqueueIsIdempotentByKeyAndSurvivesRestart() {
        Intent first = outbox().enqueue(Intent.comment("run-9/comment-result", I1, "first"));
        Intent again = outbox().enqueue(Intent.comment("run-9/comment-result", I1, "second"));
        assertThat(again).isEqualTo(first);
        assertThat(outbox().pending()).containsExactly(first);

        outbox().flush(forge, 10);
        Intent afterDone = outbox().enqueue(Intent.comment("run-9/comment-result", I1, "third"));
        assertThat(afterDone.id()).isEqualTo(first.id());
        assertThat(afterDone.result()).startsWith("comment ");
        outbox().flush(forge, 10);
        assertThat(forge.allComments(I1)).hasSize(1);
        assertThat(Files.exists(dir.resolve("outbox/keys/run-9/comment-result.json"))).isTrue();
    }

    @Test
    void concurrentEnqueuesOfOneKeyMakeOneIntent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Intent>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int n = t;
                tasks.add(() -> outbox().enqueue(Intent.comment("race", I1, "from " + n)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Intent> f : pool.invokeAll(tasks)) {
                ids.add(f.get().id());
            }
            assertThat(Set.copyOf(ids)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        outbox().flush(forge, 10);
        assertThat(forge.allComments(I1)).hasSize(1);
        assertThat(outbox().list()).filteredOn(e -> e.state() == State.DONE).hasSize(1);
    }

    @Test
    void constructionValidatesWithClearMessages() {
        assertThatThrownBy(() -> Intent.comment("k", I1, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COMMENT needs a body");
        assertThatThrownBy(() -> Intent.comment("k", null, "x"))
                .hasMessageContaining("COMMENT needs an item");
        assertThatThrownBy(() -> Intent.comment("../x", I1, "x")).hasMessageContaining("invalid intent key");
        assertThatThrownBy(() -> Intent.comment("a b", I1, "x")).hasMessageContaining("invalid intent key");
        assertThatThrownBy(() -> Intent.review("k", I1, ReviewEvent.APPROVE, null))
                .hasMessageContaining("REVIEW needs a pull request");
        assertThatThrownBy(() -> Intent.review("k", P7, ReviewEvent.REQUEST_CHANGES, ""))
                .hasMessageContaining("REVIEW needs a body");
        assertThatThrownBy(() -> Intent.squashMerge("k", P7, "HEAD", null, null))
                .hasMessageContaining("needs a commit SHA");
        assertThatThrownBy(() -> Intent.addLabels("k", I1, List.of()))
                .hasMessageContaining("at least one label");
        assertThatThrownBy(() -> Intent.ensureLabel("k", "x", "green", null)).hasMessageContaining("colour");
        assertThatThrownBy(() -> Intent.openPullRequest("k", null, "main", "main", "t", null, false))
                .hasMessageContaining("head and base");
        assertThat(Intent.addLabels("k", I1, List.of("b", "a", "b")).labels()).containsExactly("a", "b");
    }

    @Test
    void lostAnswersAreFoundAndNeverRepeated() {
        Outbox o = outbox();
        forge.failNext("comment", Kind.UNKNOWN_OUTCOME).failNext("openPullRequest", Kind.UNKNOWN_OUTCOME)
                .failNext("review", Kind.UNKNOWN_OUTCOME).failNext("squashMerge", Kind.UNKNOWN_OUTCOME)
                .failNext("addLabels", Kind.UNKNOWN_OUTCOME).failNext("deleteBranch", Kind.UNKNOWN_OUTCOME);
        o.enqueue(Intent.comment("c", I1, "hello"));
        o.enqueue(Intent.openPullRequest("p", I2, "work-1", "main", "t", "b", false));
        o.enqueue(Intent.review("r", P7, ReviewEvent.APPROVE, "ok"));
        o.enqueue(Intent.squashMerge("m", P7, SHA7, null, null));
        o.enqueue(Intent.addLabels("l", I1, List.of("x")));
        o.enqueue(Intent.deleteBranch("d", null, "old"));

        FlushReport report = o.flush(forge, 10);

        assertThat(report.sent()).as(report.toString()).isEqualTo(6);
        assertThat(report.lines()).allMatch(l -> l.detail().startsWith("answer lost"));
        assertThat(markers(forge.allComments(I1), "c")).isEqualTo(1);
        assertThat(forge.pulls().values()).filteredOn(p -> p.head().equals("work-1")).hasSize(1);
        assertThat(forge.allReviews(7)).hasSize(1);
        assertThat(forge.calls("squashMerge")).isEqualTo(1);
        assertThat(forge.pulls().get(7).merged()).isTrue();
        assertThat(o.find("p").orElseThrow().pullRequestNumber()).isNotNull();
        assertThat(o.list()).allMatch(e -> e.state() == State.DONE);
    }

    @Test
    void aLostPullRequestMergedBeforeTheCheckIsFoundNotOpenedAgain() {
        Outbox o = outbox();
        forge.failNext("openPullRequest", Kind.UNKNOWN_OUTCOME)
                .failNext("findPullRequestOpenedSince", Kind.TRANSIENT);
        o.enqueue(Intent.openPullRequest("p", I2, "work-1", "main", "t", "b", false));
        assertThat(o.flush(forge, 10).deferred()).isEqualTo(1);
        int opened = forge.pulls().values().stream().filter(p -> p.head().equals("work-1")).findFirst()
                .orElseThrow().number();
        forge.mergeOutside(opened); // a person merges it before the lost answer is checked

        clock.advance(Duration.ofMinutes(5));
        FlushReport second = o.flush(forge, 10);

        assertThat(second.confirmed()).as(second.toString()).isEqualTo(1);
        assertThat(forge.pulls().values()).filteredOn(p -> p.head().equals("work-1")).hasSize(1);
        assertThat(o.find("p").orElseThrow().pullRequestNumber()).isEqualTo(opened);
    }

    @Test
    void anEarlierPullRequestOfTheSameBranchIsNotTakenForALostOne() throws Exception {
        Outbox o = outbox();
        int earlier = forge.openPullRequest("work-1", "main", "earlier cycle", "b", false);
        forge.mergeOutside(earlier);
        clock.advance(Duration.ofHours(1));
        forge.loseRequestNext("openPullRequest");
        o.enqueue(Intent.openPullRequest("p", I2, "work-1", "main", "t", "b", false));
        o.flush(forge, 10);

        clock.advance(Duration.ofMinutes(5));
        o.flush(forge, 10);

        assertThat(forge.pulls().values()).filteredOn(p -> p.head().equals("work-1") && p.open()).hasSize(1);
        assertThat(o.find("p").orElseThrow().pullRequestNumber()).isNotEqualTo(earlier).isNotNull();
    }

    @Test
    void aLostAnswerThatCannotBeCheckedIsCheckedLaterNotResent() {
        Outbox o = outbox();
        forge.failNext("comment", Kind.UNKNOWN_OUTCOME).failNext("comments", Kind.TRANSIENT);
        o.enqueue(Intent.comment("c", I1, "hello"));

        FlushReport first = o.flush(forge, 10);
        assertThat(first.deferred()).isEqualTo(1);
        Intent pending = o.pending().get(0);
        assertThat(pending.sentAt()).isNotNull();
        assertThat(pending.attempts()).isEqualTo(1);
        assertThat(pending.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(o.flush(forge, 10).lines()).singleElement()
                .satisfies(l -> assertThat(l.detail()).startsWith("backing off"));

        clock.advance(Duration.ofMinutes(2));
        FlushReport second = o.flush(forge, 10);
        assertThat(second.confirmed()).as(second.toString()).isEqualTo(1);
        assertThat(forge.calls("comment")).isEqualTo(1);
        assertThat(markers(forge.allComments(I1), "c")).isEqualTo(1);
    }

    @Test
    void aLostRequestIsSentAgainAfterTheCheckFindsNothing() {
        Outbox o = outbox();
        forge.loseRequestNext("comment").loseRequestNext("review");
        o.enqueue(Intent.comment("c", I1, "hello"));
        o.enqueue(Intent.review("r", P7, ReviewEvent.COMMENT, "looks fine"));
        FlushReport first = o.flush(forge, 10);
        assertThat(first.deferred()).as(first.toString()).isEqualTo(2);
        assertThat(forge.allComments(I1)).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        FlushReport second = o.flush(forge, 10);
        assertThat(second.sent()).as(second.toString()).isEqualTo(2);
        assertThat(markers(forge.allComments(I1), "c")).isEqualTo(1);
        assertThat(forge.allReviews(7)).hasSize(1);
    }

    @Test
    void aDeferredIntentHoldsBackItsItemButNotOthers() {
        Outbox o = outbox();
        forge.failNext("comment", Kind.TRANSIENT);
        Intent a = o.enqueue(Intent.comment("a", I1, "A"));
        Intent b = o.enqueue(Intent.comment("b", I1, "B"));
        Intent c = o.enqueue(Intent.comment("c", I2, "C"));
        Intent l = o.enqueue(Intent.addLabels("l", I1, List.of("x")));

        FlushReport first = o.flush(forge, 10);

        assertThat(first.lines()).extracting(FlushReport.Line::id, FlushReport.Line::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(a.id(), Outcome.DEFERRED),
                org.assertj.core.groups.Tuple.tuple(b.id(), Outcome.DEFERRED),
                org.assertj.core.groups.Tuple.tuple(c.id(), Outcome.SENT),
                org.assertj.core.groups.Tuple.tuple(l.id(), Outcome.DEFERRED));
        assertThat(first.lines().get(1).detail()).contains("held behind an earlier intent of issue#1");
        assertThat(forge.allComments(I1)).isEmpty();
        assertThat(o.pending().get(0).lastError()).contains("transient failure: HTTP 502");

        clock.advance(Duration.ofSeconds(61));
        assertThat(o.flush(forge, 10).sent()).isEqualTo(3);
        assertThat(forge.allComments(I1)).extracting(ForgeComment::body)
                .containsExactly("A\n\n" + Intent.marker("a"), "B\n\n" + Intent.marker("b"));
    }

    @Test
    void transientFailuresBackOffWithTheCooldowns() {
        Outbox o = new Outbox(dir, List.of(10, 20, 40), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
        forge.failNext("addLabels", Kind.TRANSIENT).failNext("addLabels", Kind.TRANSIENT)
                .failNext("addLabels", Kind.TRANSIENT).failNext("addLabels", Kind.TRANSIENT);
        o.enqueue(Intent.addLabels("l", I1, List.of("x")));
        List<Long> waits = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            o.flush(forge, 10);
            Intent p = o.pending().get(0);
            assertThat(p.attempts()).isEqualTo(n + 1);
            waits.add(Duration.between(clock.instant(), p.nextAttemptAt()).toSeconds());
            clock.set(p.nextAttemptAt());
        }
        assertThat(waits).containsExactly(10L, 20L, 40L, 40L);
        assertThat(o.flush(forge, 10).sent()).isEqualTo(1);
    }

    @Test
    void aRateLimitStopsTheWholeFlushUntilRetryAt() {
        Outbox o = outbox();
        forge.failNext("comment", Kind.RATE_LIMITED);
        o.enqueue(Intent.comment("a", I1, "A"));
        o.enqueue(Intent.addLabels("b", I2, List.of("x")));

        FlushReport first = o.flush(forge, 10);

        Instant until = T0.plus(Duration.ofMinutes(2));
        assertThat(first.rateLimitedUntil()).isEqualTo(until);
        assertThat(first.deferred()).isEqualTo(2);
        assertThat(forge.calls("addLabels")).isZero();
        assertThat(outbox().rateLimitedUntil()).contains(until);

        int callsBefore = forge.calls("comment") + forge.calls("comments");
        FlushReport second = outbox().flush(forge, 10);
        assertThat(second.note()).contains("rate-limited until " + until);
        assertThat(second.lines()).isEmpty();
        assertThat(forge.calls("comment") + forge.calls("comments")).isEqualTo(callsBefore);

        clock.set(until);
        FlushReport third = outbox().flush(forge, 10);
        assertThat(third.sent() + third.confirmed()).as(third.toString()).isEqualTo(2);
        assertThat(forge.allComments(I1)).hasSize(1);
        assertThat(Files.exists(dir.resolve("outbox/rate-limit.json"))).isFalse();
    }

    @Test
    void rejectedAndNotFoundGoToFailedWithTheReasonThenRetryOrDrop() throws IOException {
        Outbox o = outbox();
        forge.failNext("comment", Kind.REJECTED);
        Intent a = o.enqueue(Intent.comment("a", I1, "A"));
        Intent missing = o.enqueue(Intent.comment("m", ItemRef.issue(99), "to nobody"));
        Intent gone = o.enqueue(Intent.deleteBranch("d", null, "never-existed"));

        FlushReport report = o.flush(forge, 10);
        assertThat(report.failed()).as(report.toString()).isEqualTo(2);
        assertThat(report.sent()).isEqualTo(1);
        assertThat(o.list()).filteredOn(e -> e.state() == State.FAILED)
                .extracting(OutboxEntry::id, OutboxEntry::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a.id(), "rejected: HTTP 422 refused (comment)"),
                        org.assertj.core.groups.Tuple.tuple(missing.id(), "not found: HTTP 404 no issue#99"));
        assertThat(Files.readString(dir.resolve("outbox/failed/" + a.id() + ".json"))).contains("rejected");
        assertThat(o.find("d").orElseThrow().result()).isNotNull();
        assertThat(gone.id()).isNotNull();

        Intent retried = o.retry(a.id());
        assertThat(retried.attempts()).isZero();
        assertThat(retried.sentAt()).isNotNull();
        assertThatThrownBy(() -> o.retry(a.id())).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.flush(forge, 10).sent()).isEqualTo(1);
        assertThat(markers(forge.allComments(I1), "a")).isEqualTo(1);

        OutboxEntry dropped = o.drop(missing.id(), "issue deleted");
        assertThat(dropped.reason()).startsWith("issue deleted");
        assertThat(Files.exists(dir.resolve("outbox/dropped/" + missing.id() + ".json"))).isTrue();
        assertThat(o.enqueue(Intent.comment("m", ItemRef.issue(99), "again")).finishedAt()).isNotNull();
        assertThat(o.pending()).isEmpty();
        assertThatThrownBy(() -> o.drop(missing.id())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPendingIntentCanBeDroppedBeforeItIsSent() {
        Outbox o = outbox();
        Intent a = o.enqueue(Intent.comment("a", I1, "A"));
        o.drop(a.id());
        assertThat(o.flush(forge, 10).lines()).isEmpty();
        assertThat(forge.allComments(I1)).isEmpty();
        assertThat(o.list()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(State.DROPPED));
    }

    @Test
    void malformedIntentFilesGoToFailedWithTheReasonAndDoNotBlockOthers() throws IOException {
        Outbox o = outbox();
        Intent a = o.enqueue(Intent.comment("a", I1, "A"));
        Path pending = dir.resolve("outbox/pending");
        Files.writeString(pending.resolve("000000000000-comment.json"), "{ not json");
        Files.writeString(pending.resolve("000000000050-comment.json"),
                "{\"id\":\"000000000050-comment\",\"key\":\"z\",\"kind\":\"COMMENT\",\"item\":\"issue#1\","
                        + "\"createdAt\":\"2025-01-01T00:00:00Z\"}");
        Files.writeString(pending.resolve("000000000051-comment.json"), "");
        Intent b = o.enqueue(Intent.comment("b", I1, "B"));

        FlushReport report = o.flush(forge, 10);

        assertThat(report.sent()).as(report.toString()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(3);
        assertThat(forge.allComments(I1)).hasSize(2);
        assertThat(Files.readString(dir.resolve("outbox/failed/000000000050-comment.json.reason")))
                .contains("COMMENT needs a body");
        assertThat(Files.readString(dir.resolve("outbox/failed/000000000000-comment.json"))).isEqualTo("{ not json");
        assertThat(o.list()).filteredOn(e -> e.state() == State.FAILED).extracting(OutboxEntry::reason)
                .anySatisfy(r -> assertThat(r).contains("not a valid intent"))
                .anySatisfy(r -> assertThat(r).contains("COMMENT needs a body"))
                .anySatisfy(r -> assertThat(r).contains("empty file"));
        assertThat(o.list()).filteredOn(e -> e.state() == State.DONE).extracting(OutboxEntry::id)
                .containsExactly(a.id(), b.id());
        assertThatThrownBy(() -> o.retry("000000000050-comment")).hasMessageContaining("only dropped");
        assertThat(o.drop("000000000050-comment").intent()).isNull();
    }

    @Test
    void contentWritesAreSpacedAndOthersAreNot() {
        Outbox o = outbox();
        for (int n = 0; n < 5; n++) {
            o.enqueue(Intent.comment("c" + n, I1, "comment " + n));
            o.enqueue(Intent.addLabels("l" + n, I2, List.of("x" + n)));
        }
        o.flush(forge, 100);
        assertThat(forge.allComments(I1)).hasSize(5);
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(750).multipliedBy(4));
    }

    @Test
    void theHourlyContentBudgetDefersContentButNotOtherWrites() {
        Outbox o = new Outbox(dir, List.of(60), 80, 3, clock, clock.sleeper(), CrashPoints.NONE);
        for (int n = 0; n < 5; n++) {
            o.enqueue(Intent.comment("c" + n, ItemRef.issue(1 + n % 2), "comment " + n));
        }
        o.enqueue(Intent.addLabels("l", I1, List.of("x")));
        FlushReport first = o.flush(forge, 100);
        assertThat(first.sent()).as(first.toString()).isEqualTo(3);
        assertThat(first.rateLimitedUntil()).isNotNull();
        assertThat(first.lines()).filteredOn(l -> l.kind() == Intent.Kind.ADD_LABELS)
                .singleElement().satisfies(l -> assertThat(l.outcome()).isEqualTo(Outcome.DEFERRED));
        clock.advance(Duration.ofHours(1));
        assertThat(o.flush(forge, 100).sent()).isEqualTo(3);
    }

    @Test
    void theLimitBoundsOneFlush() {
        Outbox o = outbox();
        for (int n = 0; n < 5; n++) {
            o.enqueue(Intent.addLabels("l" + n, ItemRef.issue(1 + n % 2), List.of("x" + n)));
        }
        FlushReport first = o.flush(forge, 2);
        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.deferred()).isEqualTo(3);
        assertThat(o.flush(forge, 10).sent()).isEqualTo(3);
    }

    @Test
    void anInterruptedEnqueueIsAdoptedByTheNextFlush() {
        CrashPoints crash = (p, i) -> {
            if (p == CrashPoints.Point.ENQUEUE_AFTER_PENDING_WRITTEN) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> outbox(crash).enqueue(Intent.comment("k", I1, "once"))).isInstanceOf(Crash.class);
        assertThat(Files.exists(dir.resolve("outbox/keys/k.json"))).isFalse();

        FlushReport report = outbox().flush(forge, 10);
        assertThat(report.sent()).isEqualTo(1);
        Intent again = outbox().enqueue(Intent.comment("k", I1, "once"));
        assertThat(again.result()).isNotNull();
        assertThat(outbox().flush(forge, 10).lines()).isEmpty();
        assertThat(markers(forge.allComments(I1), "k")).isEqualTo(1);
    }

    @Test
    void anInterruptedEnqueueLosesItsKeyToTheNextEnqueue() {
        CrashPoints crash = (p, i) -> {
            if (p == CrashPoints.Point.ENQUEUE_AFTER_PENDING_WRITTEN) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> outbox(crash).enqueue(Intent.comment("k", I1, "once"))).isInstanceOf(Crash.class);
        Intent second = outbox().enqueue(Intent.comment("k", I1, "once"));

        FlushReport report = outbox().flush(forge, 10);

        assertThat(report.sent()).as(report.toString()).isEqualTo(1);
        assertThat(report.lines()).filteredOn(l -> l.outcome() == Outcome.DROPPED).singleElement()
                .satisfies(l -> assertThat(l.detail()).contains("belongs to " + second.id()));
        assertThat(markers(forge.allComments(I1), "k")).isEqualTo(1);
    }

    @Test
    void aSecondFlushWaitsForTheFirst() {
        Outbox o = outbox();
        o.enqueue(Intent.comment("a", I1, "A"));
        List<FlushReport> inner = new ArrayList<>();
        Outbox crashing = outbox((p, i) -> {
            if (p == CrashPoints.Point.AFTER_SENT_AT && inner.isEmpty()) {
                inner.add(o.flush(forge, 10));
                assertThatThrownBy(() -> o.drop(i.id())).isInstanceOf(IllegalStateException.class);
            }
        });
        crashing.flush(forge, 10);
        assertThat(inner.get(0).note()).contains("another flush is running");
        assertThat(forge.allComments(I1)).hasSize(1);
    }

    /** What crash tests throw from a crash point. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("injected crash", null, false, false);
        }
    }
}
