package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClaimsTest {
    @TempDir
    Path dir;

    StateStore store() {
        return StateStore.open(dir);
    }

    @Test
    void anItemIsClaimedOnceEvenByTheSameOwner() {
        StateStore s = store();
        Claim c = s.tryClaim(ItemRef.issue(1), "controller-a").orElseThrow();
        assertThat(c.owner()).isEqualTo("controller-a");
        assertThat(c.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(c.host()).isNotBlank();
        assertThat(s.tryClaim(ItemRef.issue(1), "controller-a")).isEmpty();
        assertThat(s.tryClaim(ItemRef.issue(1), "controller-b")).isEmpty();
        assertThat(s.tryClaim(ItemRef.pr(1), "controller-b")).isPresent();
        assertThat(s.claim(ItemRef.issue(1))).contains(c);
        assertThat(s.claims()).extracting(Claim::item).containsExactly(ItemRef.issue(1), ItemRef.pr(1));
        assertThat(dir.resolve("claims")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void onlyTheOwnerReleases() {
        StateStore s = store();
        Claim c = s.tryClaim(ItemRef.issue(2), "a").orElseThrow();
        assertThat(s.release(ItemRef.issue(2), "b")).isFalse();
        assertThat(s.claim(ItemRef.issue(2))).contains(c);
        assertThat(s.release(ItemRef.issue(2), "a")).isTrue();
        assertThat(s.claim(ItemRef.issue(2))).isEmpty();
        assertThat(s.release(ItemRef.issue(2), "a")).isFalse();
        assertThat(s.tryClaim(ItemRef.issue(2), "b")).isPresent();
        assertThat(dir.resolve("claims")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    @Timeout(60)
    void threadsOfOneJvmClaimEachItemOnce() throws Exception {
        StateStore s = store();
        int threads = 8;
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> all = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "t" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 1; n <= 50; n++) {
                        if (s.tryClaim(ItemRef.issue(n), owner).isPresent()) {
                            seen.add(n);
                            all.add(n);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).hasSize(50);
        assertThat(seen).hasSize(50);
    }

    @Test
    @Timeout(120)
    void twoProcessesRacingForFiftyItemsClaimEachExactlyOnce() throws Exception {
        Path go = dir.resolve("go");
        Path state = dir.resolve("state");
        try (ChildJvm a = ChildJvm.start(ClaimRaceMain.class, state.toString(), "proc-a", "50", go.toString());
                ChildJvm b = ChildJvm.start(ClaimRaceMain.class, state.toString(), "proc-b", "50", go.toString())) {
            assertThat(a.readLine()).isEqualTo("READY");
            assertThat(b.readLine()).isEqualTo("READY");
            Files.createFile(go);
            List<String> outA = a.readAll();
            List<String> outB = b.readAll();
            assertThat(a.process.waitFor()).as("a: %s", outA).isZero();
            assertThat(b.process.waitFor()).as("b: %s", outB).isZero();
            assertThat(outA).last().isEqualTo("DONE");
            assertThat(outB).last().isEqualTo("DONE");

            List<Integer> byA = claimed(outA);
            List<Integer> byB = claimed(outB);
            List<Integer> both = new ArrayList<>(byA);
            both.addAll(byB);
            assertThat(both).as("every item claimed exactly once across both processes")
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
            Set<Integer> overlap = new HashSet<>(byA);
            overlap.retainAll(byB);
            assertThat(overlap).isEmpty();

            // and the files agree with what each process was told
            List<Claim> claims = StateStore.open(state).claims();
            assertThat(claims).hasSize(50);
            for (Claim c : claims) {
                String expected = byA.contains(c.item().number()) ? "proc-a" : "proc-b";
                assertThat(c.owner()).as("%s", c.item()).isEqualTo(expected);
            }
            assertThat(state.resolve("claims")).isDirectoryNotContaining("glob:**.tmp");
        }
    }

    private static List<Integer> claimed(List<String> out) {
        return out.stream().filter(l -> l.startsWith("CLAIMED ")).map(l -> Integer.parseInt(l.substring(8)))
                .toList();
    }

    @Test
    void staleClaimsAreReaped() throws Exception {
        StateStore s = store();
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        long deadPid = gone.pid();
        Instant now = Instant.now();
        String here = StateStore.localHost();

        Claim live = s.tryClaim(ItemRef.issue(1), "me").orElseThrow();
        Claim deadHere = new Claim(ItemRef.issue(2), "crashed", deadPid, here, now);
        Claim deadElsewhere = new Claim(ItemRef.issue(3), "remote", deadPid, "some-other-host", now);
        Claim expiredElsewhere = new Claim(ItemRef.issue(4), "remote", deadPid, "some-other-host",
                now.minus(Duration.ofHours(3)));
        for (Claim c : List.of(deadHere, deadElsewhere, expiredElsewhere)) {
            write(c);
        }

        List<Claim> reaped = s.reapStaleClaims(Duration.ofHours(1));
        assertThat(reaped).containsExactlyInAnyOrder(deadHere, expiredElsewhere);
        assertThat(s.claims()).containsExactly(live, deadElsewhere);

        // with a clock past the TTL, even a live owner's claim goes
        StateStore later = new StateStore(dir, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)), p -> { });
        assertThat(later.reapStaleClaims(Duration.ofHours(1))).containsExactlyInAnyOrder(live, deadElsewhere);
        assertThat(s.claims()).isEmpty();
        assertThat(dir.resolve("claims")).isDirectoryNotContaining("glob:**.tmp");
        assertThat(s.tryClaim(ItemRef.issue(2), "next")).isPresent();
    }

    @Test
    void releaseDoesNotRemoveAClaimThatChangedHands() throws IOException {
        StateStore s = store();
        s.tryClaim(ItemRef.issue(5), "a").orElseThrow();
        // a reaper replaced it with b's claim: a's release must not touch it
        Claim b = new Claim(ItemRef.issue(5), "b", ProcessHandle.current().pid(), StateStore.localHost(),
                Instant.now());
        write(b);
        assertThat(s.release(ItemRef.issue(5), "a")).isFalse();
        assertThat(s.claim(ItemRef.issue(5))).contains(b);
    }

    private void write(Claim c) throws IOException {
        Path f = dir.resolve("claims").resolve(c.item().fileKey() + ".json");
        Files.createDirectories(f.getParent());
        Files.write(f, StateJson.mapper().writeValueAsBytes(c));
    }
}
