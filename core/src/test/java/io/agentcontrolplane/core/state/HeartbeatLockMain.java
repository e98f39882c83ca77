package io.agentcontrolplane.core.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in a child JVM by {@link HeartbeatLockTest}. Arguments: state directory, mode. Prints {@code LOCKED} or
 * {@code BUSY}. In mode {@code hold} it keeps the lock until its standard input is closed.
 */
public final class HeartbeatLockMain {
    private HeartbeatLockMain() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = StateStore.open(Path.of(args[0]));
        Optional<HeartbeatLock> lock = store.tryLockHeartbeat();
        System.out.println(lock.isPresent() ? "LOCKED" : "BUSY");
        System.out.flush();
        if (lock.isPresent() && args[1].equals("hold")) {
            while (System.in.read() >= 0) {
                // hold until the parent closes our input
            }
        }
        lock.ifPresent(HeartbeatLock::close);
    }
}
