package io.agentcontrolplane.core.outbox;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Test helpers: the model (each intent applied once, directly) and draining an outbox. */
final class Direct {
    private Direct() {
    }

    /**
     * Applies each intent once, in order, straight to {@code forge}, as the outbox would send it; a later intent
     * with an earlier one's key is skipped (enqueue is idempotent by key); refusals change nothing.
     */
    static void applyOnce(Forge forge, List<Intent> intents) {
        Set<String> keys = new HashSet<>();
        for (Intent i : intents) {
            if (!keys.add(i.key())) {
                continue;
            }
            try {
                switch (i.kind()) {
                    case ADD_LABELS -> forge.addLabels(i.item(), i.labels());
                    case REMOVE_LABEL -> forge.removeLabel(i.item(), i.label());
                    case ENSURE_LABEL -> forge.ensureLabel(i.label(), i.color(), i.description());
                    case COMMENT -> forge.comment(i.item(), i.bodyToSend());
                    case OPEN_PR -> forge.openPullRequest(i.head(), i.base(), i.title(), i.body(), i.draft());
                    case UPDATE_PR_BODY -> forge.updatePullRequestBody(i.item().number(), i.body());
                    case REVIEW -> forge.review(i.item().number(), i.reviewEvent(), i.bodyToSend());
                    case SQUASH_MERGE -> forge.squashMerge(i.item().number(), i.expectedHeadSha(), i.mergeTitle(),
                            i.mergeMessage());
                    case DELETE_BRANCH -> forge.deleteBranch(i.branch());
                    case RERUN_FAILED_JOBS -> forge.rerunFailedJobs(i.expectedHeadSha());
                }
            } catch (ForgeException e) {
                if (e.kind() != ForgeException.Kind.REJECTED && e.kind() != ForgeException.Kind.NOT_FOUND) {
                    throw new AssertionError("the model forge failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Flushes until nothing is pending, moving the clock an hour between flushes; fails after {@code rounds}. */
    static void drain(Outbox outbox, Forge forge, MutableClock clock, int limit, int rounds) {
        for (int r = 0; r < rounds; r++) {
            outbox.flush(forge, limit);
            if (outbox.pending().isEmpty()) {
                return;
            }
            clock.advance(Duration.ofHours(1));
        }
        throw new AssertionError("the outbox did not drain in " + rounds + " flushes: " + outbox.pending());
    }
}
