package io.agentcontrolplane.core.state;

import io.agentcontrolplane.core.world.ItemRef;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link ClaimsTest}: waits for a start signal, then tries to claim issues 1..count and
 * prints {@code CLAIMED <n>} for each one it got.
 *
 * <p>Arguments: state directory, owner, count, start-signal file.
 */
public final class ClaimRaceMain {
    private ClaimRaceMain() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = StateStore.open(Path.of(args[0]));
        String owner = args[1];
        int count = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        System.out.println("READY");
        System.out.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.exit(2);
            }
            Thread.onSpinWait();
        }
        StringBuilder out = new StringBuilder();
        for (int n = 1; n <= count; n++) {
            if (store.tryClaim(ItemRef.issue(n), owner).isPresent()) {
                out.append("CLAIMED ").append(n).append('\n');
            }
        }
        System.out.print(out);
        System.out.println("DONE");
        System.out.flush();
    }
}
