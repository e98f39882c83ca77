package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondTakerInTheSameJvmIsRefusedUntilClose() throws Exception {
        StateStore s = StateStore.open(dir);
        HeartbeatLock lock = s.tryLockHeartbeat().orElseThrow();
        assertThat(lock.isHeld()).isTrue();
        assertThat(lock.path()).isEqualTo(dir.toRealPath().resolve("heartbeat.lock"));
        assertThat(s.tryLockHeartbeat()).isEmpty();
        assertThat(StateStore.open(dir.resolve(".")).tryLockHeartbeat()).as("same file by another path").isEmpty();
        Optional<HeartbeatLock> fromThread = CompletableFuture.supplyAsync(s::tryLockHeartbeat)
                .get(10, TimeUnit.SECONDS);
        assertThat(fromThread).isEmpty();

        lock.close();
        lock.close(); // idempotent
        assertThat(lock.isHeld()).isFalse();
        Optional<HeartbeatLock> again = CompletableFuture.supplyAsync(s::tryLockHeartbeat).get(10, TimeUnit.SECONDS);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void locksOfTwoProfilesAreIndependent() {
        try (HeartbeatLock a = StateStore.open(dir.resolve("a")).tryLockHeartbeat().orElseThrow();
                HeartbeatLock b = StateStore.open(dir.resolve("b")).tryLockHeartbeat().orElseThrow()) {
            assertThat(a.path()).isNotEqualTo(b.path());
        }
    }

    @Test
    @Timeout(60)
    void anotherProcessIsExcluded() throws Exception {
        StateStore s = StateStore.open(dir);
        try (HeartbeatLock lock = s.tryLockHeartbeat().orElseThrow();
                ChildJvm child = ChildJvm.start(HeartbeatLockMain.class, dir.toString(), "try")) {
            assertThat(child.readAll()).containsExactly("BUSY");
            assertThat(lock.isHeld()).isTrue();
        }
        try (ChildJvm child = ChildJvm.start(HeartbeatLockMain.class, dir.toString(), "try")) {
            assertThat(child.readAll()).containsExactly("LOCKED");
        }
    }

    @Test
    @Timeout(60)
    void aLockHeldByAnotherProcessExcludesThisOneUntilReleased() throws Exception {
        StateStore s = StateStore.open(dir);
        try (ChildJvm child = ChildJvm.start(HeartbeatLockMain.class, dir.toString(), "hold")) {
            assertThat(child.readLine()).isEqualTo("LOCKED");
            assertThat(s.tryLockHeartbeat()).isEmpty();
            child.process.getOutputStream().close();
            assertThat(child.process.waitFor()).isZero();
        }
        try (HeartbeatLock lock = s.tryLockHeartbeat().orElseThrow()) {
            assertThat(lock.isHeld()).isTrue();
        }
    }
}
