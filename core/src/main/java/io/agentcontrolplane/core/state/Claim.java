package io.agentcontrolplane.core.state;

import io.agentcontrolplane.core.world.ItemRef;
import java.time.Instant;
import java.util.Objects;

/**
 * Who is working an item, so that no two workers, threads or processes take the same one.
 *
 * @param owner an opaque name of the claimer (a controller, a worker session)
 * @param pid the claiming process, used to reap claims of processes that died on {@code host}
 * @param host the host name of the claiming process
 */
public record Claim(ItemRef item, String owner, long pid, String host, Instant claimedAt) {
    public Claim {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(claimedAt, "claimedAt");
        requireText(owner, "owner");
        requireText(host, "host");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
