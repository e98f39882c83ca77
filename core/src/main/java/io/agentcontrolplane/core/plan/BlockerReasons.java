package io.agentcontrolplane.core.plan;

import io.agentcontrolplane.core.state.RetryEntry;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a blocked issue may be recovered. An issue blocked by a human, with no recorded failure and no blocker
 * comment from a worker, is never retried.
 */
public final class BlockerReasons {
    /** Failures that mean "there was nothing to publish": retrying before the default branch moves is futile. */
    public static final Set<String> BASELINE_GATED =
            Set.of("verification-guard-blocked", "no-publishable-commits", "no-publishable-delta");

    /** The reason a worker records when it blocks an issue itself: by itself it says nothing recoverable. */
    public static final String GENERIC_WORKER_BLOCK = "issue-worker-blocked";

    private static final String[] MARKERS = {
        "Host-side publish blocked for session", "Host-side publish failed for session",
        "Blocked on missing referenced OpenSpec paths", "Superseded by focused follow-up issues:",
        "Why it was blocked:"
    };
    private static final Pattern FAILURE_REASON = Pattern.compile("Failure reason:[ \\t]*`([^`\\n]{1,100})`");
    private static final Pattern QUOTA = Pattern.compile(
            "(?i)usage limit|quota (?:exceeded|exhausted|limit)|rate limit exceeded|provider-quota-limit");
    private static final String[] NAMED = {
        "scope-guard-blocked", "verification-guard-blocked", "localization-guard-blocked",
        "missing-openspec-paths", "superseded-by-follow-ups"
    };

    private BlockerReasons() {
    }

    /** The recovery reason from the retry state if it names one, else from the latest blocker comment. */
    public static Optional<String> recoveryReason(RetryEntry retry, String latestBlockerComment) {
        if (retry != null && retry.lastReason() != null && !retry.lastReason().isBlank()
                && !GENERIC_WORKER_BLOCK.equals(retry.lastReason())) {
            return Optional.of(retry.lastReason());
        }
        return fromComment(latestBlockerComment);
    }

    /** Infers a reason from a blocker comment, as the original reads its workers' comments. */
    public static Optional<String> fromComment(String comment) {
        if (comment == null || comment.isBlank() || !hasMarker(comment)) {
            return Optional.empty();
        }
        Matcher failure = FAILURE_REASON.matcher(comment);
        if (failure.find()) {
            return Optional.of(failure.group(1).trim());
        }
        if (QUOTA.matcher(comment).find()) {
            return Optional.of("provider-quota-limit");
        }
        String lower = comment.toLowerCase(Locale.ROOT);
        if (lower.contains("no publishable delta") || lower.contains("no commits ahead of origin/")) {
            return Optional.of("no-publishable-delta");
        }
        for (String named : NAMED) {
            if (lower.contains(named)) {
                return Optional.of(named);
            }
        }
        if (comment.contains("Blocked on missing referenced OpenSpec paths")) {
            return Optional.of("missing-openspec-paths");
        }
        if (comment.contains("Superseded by focused follow-up issues:")) {
            return Optional.of("superseded-by-follow-ups");
        }
        return Optional.of("comment-blocked-recovery");
    }

    /** A worker's blocker comment: one of its headings, or a line starting with {@code # Blocker:}. */
    private static boolean hasMarker(String comment) {
        for (String marker : MARKERS) {
            if (comment.contains(marker)) {
                return true;
            }
        }
        for (int hash = comment.indexOf('#'); hash >= 0; hash = comment.indexOf('#', hash + 1)) {
            if (hash > 0 && comment.charAt(hash - 1) != '\n') {
                continue;
            }
            int i = hash + 1;
            while (i < comment.length() && (comment.charAt(i) == ' ' || comment.charAt(i) == '\t')) {
                i++;
            }
            if (comment.startsWith("Blocker:", i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the baseline gate holds the item: a nothing-to-publish failure on the current default-branch head. */
    public static boolean baselineUnchanged(RetryEntry retry, String defaultBranchSha) {
        return retry != null
                && retry.lastReason() != null
                && BASELINE_GATED.contains(retry.lastReason())
                && retry.baselineHeadSha() != null
                && !retry.baselineHeadSha().isEmpty()
                && retry.baselineHeadSha().equals(defaultBranchSha);
    }
}
