package io.agentcontrolplane.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.state.RetryEntry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The recovery reasons of acp-behaviour.md 3.4. */
class BlockerReasonsTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    private static RetryEntry retry(String reason, String baseline) {
        return new RetryEntry(1, T, reason, baseline, T);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Host-side publish blocked for session acme-issue-12",
        "Host-side publish failed for session acme-issue-12",
        "Blocked on missing referenced OpenSpec paths",
        "Superseded by focused follow-up issues: #13, #14",
        "Why it was blocked: the worker gave up",
        "# Blocker: tests are red",
        "#Blocker: tests are red",
        "Worker summary\n#\tBlocker: on a later line",
    })
    void eachMarkerMakesACommentABlockerComment(String comment) {
        assertThat(BlockerReasons.fromComment(comment)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "I blocked this by hand, please do not pick it up.",
        "See # Blocker: only at the start of a line counts",
        "## Blocker: a level-two heading is not the marker",
        "host-side publish blocked for session x",
        "Failure reason: `timeout` (but no marker)",
    })
    void aCommentWithoutAMarkerGivesNoReason(String comment) {
        assertThat(BlockerReasons.fromComment(comment)).isEmpty();
    }

    @Test
    void aNullCommentGivesNoReason() {
        assertThat(BlockerReasons.fromComment(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Host-side publish failed for session s\\nFailure reason: `scope-guard-blocked`  | scope-guard-blocked",
        "# Blocker:\\nFailure reason:   ` padded reason `                             | padded reason",
        "# Blocker: the agent hit its usage limit                                     | provider-quota-limit",
        "# Blocker: Quota Exceeded for the model                                      | provider-quota-limit",
        "Why it was blocked: quota exhausted                                          | provider-quota-limit",
        "Why it was blocked: rate limit exceeded                                      | provider-quota-limit",
        "# Blocker: provider-quota-limit                                              | provider-quota-limit",
        "# Blocker: there was No publishable delta                                    | no-publishable-delta",
        "# Blocker: no commits ahead of origin/main                                   | no-publishable-delta",
        "# Blocker: scope-guard-blocked                                               | scope-guard-blocked",
        "# Blocker: Verification-Guard-Blocked                                        | verification-guard-blocked",
        "# Blocker: localization-guard-blocked                                        | localization-guard-blocked",
        "# Blocker: missing-openspec-paths                                            | missing-openspec-paths",
        "# Blocker: superseded-by-follow-ups                                          | superseded-by-follow-ups",
        "Blocked on missing referenced OpenSpec paths: specs/a.md                     | missing-openspec-paths",
        "Superseded by focused follow-up issues: #13                                  | superseded-by-follow-ups",
        "# Blocker: the tests are red                                                 | comment-blocked-recovery",
        "Host-side publish blocked for session s                                      | comment-blocked-recovery",
    })
    void infersTheReasonFromTheComment(String comment, String reason) {
        assertThat(BlockerReasons.fromComment(comment.replace("\\n", "\n"))).hasValue(reason);
    }

    @Test
    void anExplicitFailureReasonWinsOverEverythingInferred() {
        String comment = "# Blocker: usage limit, no publishable delta\nFailure reason: `timeout`";
        assertThat(BlockerReasons.fromComment(comment)).hasValue("timeout");
    }

    @Test
    void aManualBlockHasNoRecoveryReason() {
        assertThat(BlockerReasons.recoveryReason(null, null)).isEmpty();
        assertThat(BlockerReasons.recoveryReason(null, "Blocked by hand")).isEmpty();
        assertThat(BlockerReasons.recoveryReason(retry(null, null), null)).isEmpty();
        assertThat(BlockerReasons.recoveryReason(retry("  ", null), null)).isEmpty();
    }

    @Test
    void theRetryReasonWinsOverTheComment() {
        assertThat(BlockerReasons.recoveryReason(retry("worker-exit-failed", null), "# Blocker: usage limit"))
                .hasValue("worker-exit-failed");
        assertThat(BlockerReasons.recoveryReason(retry("timeout", null), null)).hasValue("timeout");
    }

    @Test
    void aGenericWorkerBlockDefersToTheComment() {
        RetryEntry generic = retry(BlockerReasons.GENERIC_WORKER_BLOCK, null);
        assertThat(BlockerReasons.recoveryReason(generic, "# Blocker: usage limit"))
                .hasValue("provider-quota-limit");
        assertThat(BlockerReasons.recoveryReason(generic, null)).isEqualTo(Optional.empty());
        assertThat(BlockerReasons.recoveryReason(retry("  ", null), "# Blocker: red"))
                .hasValue("comment-blocked-recovery");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verification-guard-blocked", "no-publishable-commits", "no-publishable-delta"})
    void theBaselineGateHoldsANothingToPublishFailureUntilTheBranchMoves(String reason) {
        assertThat(BlockerReasons.baselineUnchanged(retry(reason, "abc123"), "abc123")).isTrue();
        assertThat(BlockerReasons.baselineUnchanged(retry(reason, "abc123"), "def456")).isFalse();
        assertThat(BlockerReasons.baselineUnchanged(retry(reason, null), "abc123")).isFalse();
        assertThat(BlockerReasons.baselineUnchanged(retry(reason, ""), "")).isFalse();
    }

    @Test
    void theBaselineGateIgnoresOtherReasonsAndMissingEntries() {
        assertThat(BlockerReasons.baselineUnchanged(retry("timeout", "abc123"), "abc123")).isFalse();
        assertThat(BlockerReasons.baselineUnchanged(retry(null, "abc123"), "abc123")).isFalse();
        assertThat(BlockerReasons.baselineUnchanged(null, "abc123")).isFalse();
    }
}
