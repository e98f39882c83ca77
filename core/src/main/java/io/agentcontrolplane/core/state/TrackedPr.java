package io.agentcontrolplane.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pull request the control plane opened or works on, as last seen open: what catching up after it needs once it is
 * merged or closed outside the control plane (it then leaves the open list, and GitHub is asked about it once).
 *
 * @param number the pull request
 * @param headRef its head branch
 * @param issues the issues it is linked to (closing keyword or branch name)
 * @param labels its labels when last seen
 * @param since when it was first tracked: catching up after one closing is keyed to it, so a reopened and closed
 *     again pull request is caught up again
 * @param checkedAt when GitHub last said it is still open though it was missing from the open list, or null
 * @param caughtUpAt when the control plane caught up after its merge or closing, or null while it is open: the record
 *     stays (until retention removes it) so that nothing tracks and catches up the same closing again
 */
public record TrackedPr(int number, String headRef, List<Integer> issues, List<String> labels, Instant since,
        Instant checkedAt, Instant caughtUpAt) {
    public TrackedPr {
        if (number <= 0) {
            throw new IllegalArgumentException("number must be positive, got " + number);
        }
        headRef = Objects.requireNonNullElse(headRef, "");
        issues = List.copyOf(Objects.requireNonNullElse(issues, List.of()));
        labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
        Objects.requireNonNull(since, "since");
    }

    /** The same pull request as seen again: its branch, links and labels now, its tracking time unchanged. */
    public TrackedPr seen(String head, List<Integer> linked, List<String> now) {
        return new TrackedPr(number, head, linked, now, since, null, null);
    }

    public TrackedPr checked(Instant at) {
        return new TrackedPr(number, headRef, issues, labels, since, at, null);
    }

    public TrackedPr caughtUp(Instant at) {
        return new TrackedPr(number, headRef, issues, labels, since, checkedAt, at);
    }

    public boolean isCaughtUp() {
        return caughtUpAt != null;
    }
}
