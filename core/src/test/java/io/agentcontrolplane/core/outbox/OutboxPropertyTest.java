package io.agentcontrolplane.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Forge.ReviewEvent;
import io.agentcontrolplane.core.forge.ForgeException.Kind;
import io.agentcontrolplane.core.outbox.OutboxEntry.State;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any sequence of intents, flushed to completion through any schedule of transient failures, lost answers and rate
 * limits, leaves the forge as applying each intent exactly once, each item's intents in order, would.
 */
class OutboxPropertyTest {
    static final List<ItemRef> ISSUES = List.of(ItemRef.issue(1), ItemRef.issue(2), ItemRef.issue(3));
    static final List<ItemRef> PRS = List.of(ItemRef.pr(21), ItemRef.pr(22));
    static final List<String> LABELS = List.of("a", "b", "c");

    static InMemoryForge seeded(MutableClock clock) {
        InMemoryForge f = new InMemoryForge(clock);
        ISSUES.forEach(i -> f.issue(i.number()).branch("work-" + i.number()));
        PRS.forEach(p -> f.pull(p.number(), "feature-" + p.number(), sha(p)));
        return f.branch("old-1").branch("old-2");
    }

    static String sha(ItemRef pr) {
        return "bbbb000" + pr.number();
    }

    @Property(tries = 200)
    void flushingToCompletionAppliesEachIntentOnceInItemOrder(
            @ForAll("intents") List<Intent> intents,
            @ForAll("failures") List<Kind> failures,
            @ForAll @IntRange(min = 1, max = 8) int limit) throws IOException {
        Path dir = Files.createTempDirectory("outbox-property");
        try {
            MutableClock clock = new MutableClock(OutboxTest.T0);
            InMemoryForge forge = seeded(clock)
                    .failWhen((method, n) -> n <= failures.size() ? failures.get(n - 1) : null);
            Outbox outbox = new Outbox(dir, List.of(30, 600), 80, 500, clock, clock.sleeper(), CrashPoints.NONE);
            intents.forEach(outbox::enqueue);
            Direct.drain(outbox, forge, clock, limit, 400);

            InMemoryForge model = seeded(new MutableClock(OutboxTest.T0));
            Direct.applyOnce(model, intents);
            InMemoryForge.Snapshot actual = forge.snapshot();
            InMemoryForge.Snapshot expected = model.snapshot();
            assertThat(actual.reruns().keySet()).isEqualTo(expected.reruns().keySet());
            assertThat(OutboxCrashTest.withoutReruns(actual)).isEqualTo(OutboxCrashTest.withoutReruns(expected));

            Set<String> keys = new HashSet<>();
            intents.forEach(i -> keys.add(i.key()));
            assertThat(outbox.list()).hasSize(keys.size())
                    .allMatch(e -> e.state() == State.DONE || e.state() == State.FAILED);
            assertThat(outbox.list()).filteredOn(e -> e.state() == State.FAILED)
                    .allMatch(e -> e.reason().startsWith("rejected"));
        } finally {
            delete(dir);
        }
    }

    @Provide
    Arbitrary<List<Kind>> failures() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just((Kind) null)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.TRANSIENT)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.UNKNOWN_OUTCOME)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RATE_LIMITED))).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Intent>> intents() {
        return intent().list().ofMaxSize(25);
    }

    Arbitrary<Intent> intent() {
        Arbitrary<String> key = Arbitraries.integers().between(0, 40).map(n -> "k" + n);
        Arbitrary<ItemRef> issue = Arbitraries.of(ISSUES);
        Arbitrary<ItemRef> pr = Arbitraries.of(PRS);
        Arbitrary<ItemRef> any = Arbitraries.of(Stream.concat(ISSUES.stream(), PRS.stream()).toList());
        Arbitrary<String> label = Arbitraries.of(LABELS);
        Arbitrary<String> text = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6);
        return Arbitraries.oneOf(
                Combinators.combine(key, any, label.set().ofMinSize(1))
                        .as((k, i, ls) -> Intent.addLabels(k, i, ls)),
                Combinators.combine(key, any, label).as(Intent::removeLabel),
                Combinators.combine(key, label, Arbitraries.of("111111", "222222"), text)
                        .as(Intent::ensureLabel),
                Combinators.combine(key, any, text).as(Intent::comment),
                Combinators.combine(key, issue, text)
                        .as((k, i, t) -> Intent.openPullRequest(k, i, "work-" + i.number(), "main", t, t, false)),
                Combinators.combine(key, pr, text).as(Intent::updatePullRequestBody),
                Combinators.combine(key, pr, Arbitraries.of(ReviewEvent.class), text).as(Intent::review),
                Combinators.combine(key, pr).as((k, p) -> Intent.squashMerge(k, p, sha(p), null, null)),
                Combinators.combine(key, Arbitraries.of("old-1", "old-2"))
                        .as((k, b) -> Intent.deleteBranch(k, null, b)),
                Combinators.combine(key, pr).as((k, p) -> Intent.rerunFailedJobs(k, p, sha(p))));
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
