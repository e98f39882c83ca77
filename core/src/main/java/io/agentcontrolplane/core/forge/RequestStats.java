package io.agentcontrolplane.core.forge;

/**
 * What forge calls cost: {@code requests} sent, of which {@code notModified} were answered 304 from the cache
 * (free on GitHub), the rate-limit {@code points} spent, and the {@code remaining} primary budget last seen.
 */
public record RequestStats(long requests, long notModified, long points, long remaining) {
    public static final RequestStats NONE = new RequestStats(0, 0, 0, -1);

    /** The cost between an earlier reading and this one. */
    public RequestStats since(RequestStats earlier) {
        return new RequestStats(requests - earlier.requests, notModified - earlier.notModified,
                points - earlier.points, remaining);
    }
}
