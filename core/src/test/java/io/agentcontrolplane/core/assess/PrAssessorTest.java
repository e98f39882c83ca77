package io.agentcontrolplane.core.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.Observation.Check;
import io.agentcontrolplane.core.forge.Observation.ReviewComment;
import io.agentcontrolplane.core.profile.Glob;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.PrLane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every lane and rule of the original's PR assessment (reference section 6), with the profile's path rules. */
class PrAssessorTest {
    static final Profile PROFILE = Profile.defaults("demo", "acme/app");
    static final String HEAD = "abc1234def5678";
    static final Check GREEN_RUN = new Check("build", "check-run", "success");
    static final Check GREEN_STATUS = new Check("ci/jenkins", "status", "success");

    /** A PR observation under construction: an agent branch, one source file, green, clean. */
    static final class Pr {
        String headRef = "agent/demo/issue-7-fix";
        String body = "Closes #7";
        boolean draft;
        List<String> labels = new ArrayList<>();
        List<String> files = new ArrayList<>(List.of("src/app/main.js"));
        String merge = "clean";
        List<String> requested = new ArrayList<>();
        List<Check> checks = new ArrayList<>(List.of(GREEN_RUN));
        List<ReviewComment> reviewComments = new ArrayList<>();
        List<ForgeComment> comments = new ArrayList<>();
        List<String> issueLabels = new ArrayList<>();

        PrObservation build() {
            return new PrObservation(12, "Fix it", body, "acp-bot", headRef, "main", HEAD, draft, labels, files,
                    merge, requested, checks, List.of(), reviewComments, comments, null, issueLabels);
        }

        Assessment assess() {
            return new PrAssessor(PROFILE).assess(build(), null, false);
        }
    }

    static Pr pr() {
        return new Pr();
    }

    // ---- managed and ignore

    @Test
    void aPrOnAnUnmanagedBranchIsIgnored() {
        Pr p = pr();
        p.headRef = "feature/x";
        Assessment a = p.assess();
        assertThat(a.managed()).isFalse();
        assertThat(a.lane()).isEqualTo(PrLane.IGNORE);
        assertThat(a.laneRule()).isEqualTo("not an agent PR");
        assertThat(a.findings().get(0).rule()).contains("branch 'feature/x' has no managed prefix");
    }

    @Test
    void theHandoffLabelOrAnAgentStatusCommentMakeAnyBranchManaged() {
        Pr p = pr();
        p.headRef = "feature/x";
        p.labels.add("agent-handoff");
        assertThat(p.assess().managed()).isTrue();
        Pr q = pr();
        q.headRef = "feature/y";
        q.comments.add(new ForgeComment(1, "acp-bot", "## PR repair summary\nDone.", Instant.EPOCH));
        assertThat(q.assess().managed()).isTrue();
    }

    @Test
    void aDraftIsIgnoredAndMissesDraft() {
        Pr p = pr();
        p.draft = true;
        Assessment a = p.assess();
        assertThat(a.lane()).isEqualTo(PrLane.IGNORE);
        assertThat(a.missingReasons()).startsWith("draft");
    }

    // ---- risk tiers

    @Test
    void onlyDocsAndMarkdownIsLowRisk() {
        Pr p = pr();
        p.files = List.of("docs/guide/setup.md", "README.md");
        Assessment a = p.assess();
        assertThat(a.riskTier()).isEqualTo("low");
        assertThat(a.riskReason()).isEqualTo("file-scope-within-low-risk-allowlist");
        assertThat(a.lane()).isEqualTo(PrLane.AUTOMERGE);
    }

    @Test
    void aGreenCleanHighRiskPrGoesToAutomergeWithNoMissingReason() {
        Assessment a = pr().assess();
        assertThat(a.riskTier()).isEqualTo("high");
        assertThat(a.riskReason()).isEqualTo("paths-high:src/app/main.js");
        assertThat(a.missingReasons()).isEmpty();
        assertThat(a.eligibleForAutoMerge()).isTrue();
        assertThat(a.lane()).isEqualTo(PrLane.AUTOMERGE);
    }

    @Test
    void aWorkflowOrLockFileIsCriticalInfraAndNeedsTheDoubleCheck() {
        Pr p = pr();
        p.files = List.of(".github/workflows/ci.yml", "package-lock.json");
        Assessment a = p.assess();
        assertThat(a.riskTier()).isEqualTo("critical-infra");
        assertThat(a.requiresDoubleCheck()).isTrue();
        assertThat(a.requiresHumanApproval()).isFalse();
        assertThat(a.missingReasons()).containsExactly("double-check-1-pending");
        assertThat(a.lane()).isEqualTo(PrLane.DOUBLE_CHECK_1);
        assertThat(a.findings()).anySatisfy(f -> assertThat(f.rule())
                .contains("assessment.criticalInfraPaths '.github/workflows/**'"));
    }

    @Test
    void theSecondStageLabelOrOverrideMovesToDoubleCheck2() {
        Pr p = pr();
        p.files = List.of("pom.xml");
        p.labels.add("agent-double-check-2/2");
        assertThat(p.assess().lane()).isEqualTo(PrLane.DOUBLE_CHECK_2);
        Pr q = pr();
        q.files = List.of("pom.xml");
        Assessment a = new PrAssessor(PROFILE).assess(q.build(), PrLane.DOUBLE_CHECK_2, false);
        assertThat(a.lane()).isEqualTo(PrLane.DOUBLE_CHECK_2);
        assertThat(a.laneRule()).contains("override");
    }

    @Test
    void aLaneOverrideIsIgnoredWhileARunIsActiveOrTheReviewerCommented() {
        Pr p = pr();
        assertThat(new PrAssessor(PROFILE).assess(p.build(), PrLane.DOUBLE_CHECK_1, false).lane())
                .isEqualTo(PrLane.DOUBLE_CHECK_1);
        assertThat(new PrAssessor(PROFILE).assess(p.build(), PrLane.DOUBLE_CHECK_1, true).lane())
                .isEqualTo(PrLane.AUTOMERGE);
        p.reviewComments.add(new ReviewComment(5, "chatgpt-codex-connector[bot]", "src/app/main.js", "Why?", HEAD,
                null, Instant.EPOCH));
        assertThat(new PrAssessor(PROFILE).assess(p.build(), PrLane.DOUBLE_CHECK_1, false).lane())
                .isEqualTo(PrLane.FIX);
    }

    @Test
    void authCodeIsCriticalAppAndMixingItWithOtherProductFilesIsTooBroad() {
        Pr p = pr();
        p.files = List.of("src/auth/session.js");
        Assessment a = p.assess();
        assertThat(a.riskTier()).isEqualTo("critical-app");
        assertThat(a.lane()).isEqualTo(PrLane.DOUBLE_CHECK_1);
        p.files = List.of("src/auth/session.js", "src/app/main.js");
        Assessment mixed = p.assess();
        assertThat(mixed.scopeTooBroad()).isTrue();
        assertThat(mixed.scopeReasons()).containsExactly("critical-app-mixed-with-other-product-files");
        assertThat(mixed.lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void aMigrationIsSystemBreakingAndWaitsForAHumanUntilApproved() {
        Pr p = pr();
        p.files = List.of("db/migrations/0042_users.sql");
        Assessment a = p.assess();
        assertThat(a.riskTier()).isEqualTo("critical-infra");
        assertThat(a.systemBreakingFiles()).containsExactly("db/migrations/0042_users.sql");
        assertThat(a.requiresHumanApproval()).isTrue();
        assertThat(a.requiresDoubleCheck()).as("double-check is not required once human-gated").isFalse();
        assertThat(a.missingReasons()).containsExactly("system-breaking-risk-scope");
        assertThat(a.lane()).isEqualTo(PrLane.HUMAN_REVIEW);
        p.labels.add("agent-human-approved");
        Assessment approved = p.assess();
        assertThat(approved.missingReasons()).isEmpty();
        assertThat(approved.lane()).isEqualTo(PrLane.AUTOMERGE);
    }

    @Test
    void tooManyProductFilesIsTooBroadButTestsDoNotCount() {
        Pr p = pr();
        p.files = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            p.files.add("src/f" + i + ".js");
        }
        Assessment a = p.assess();
        assertThat(a.scopeTooBroad()).isTrue();
        assertThat(a.missingReasons()).containsExactly("scope-too-broad");
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
        p.files.subList(0, 2).replaceAll(f -> f.replace("src/", "src/test/"));
        assertThat(p.assess().scopeTooBroad()).isFalse();
    }

    @Test
    void profilePathRulesReplaceTheDefaults() {
        Profile custom = PROFILE.withAssessment(new Profile.AssessmentRules(List.of("site/**"), List.of("ops/**"),
                List.of(), List.of(), List.of(), 0, List.of("*")));
        Pr p = pr();
        p.files = List.of("ops/terraform/main.tf");
        Assessment a = new PrAssessor(custom).assess(p.build(), null, false);
        assertThat(a.riskTier()).isEqualTo("critical-infra");
        p.files = List.of("site/index.html", "docs/x.md");
        Assessment b = new PrAssessor(custom).assess(p.build(), null, false);
        assertThat(b.riskTier()).isEqualTo("high");
        assertThat(b.riskReason()).isEqualTo("paths-high:docs/x.md");
    }

    // ---- checks: check runs, statuses, none

    @Test
    void aPendingCheckRunOrStatusKeepsThePrPending() {
        Pr p = pr();
        p.checks = List.of(GREEN_RUN, new Check("lint", "check-run", "pending"));
        Assessment a = p.assess();
        assertThat(a.pendingChecks()).containsExactly("lint:status-pending");
        assertThat(a.lane()).isEqualTo(PrLane.PENDING);
        p.checks = List.of(GREEN_STATUS, new Check("ci/deploy-preview", "status", "pending"));
        assertThat(p.assess().lane()).isEqualTo(PrLane.PENDING);
    }

    @Test
    void aFailedCheckRunOrStatusSendsItToFix() {
        Pr p = pr();
        p.merge = "unstable";
        p.checks = List.of(new Check("test", "check-run", "failure"));
        Assessment a = p.assess();
        assertThat(a.checkFailures()).containsExactly("test:conclusion-failure");
        assertThat(a.missingReasons()).containsExactly("test:conclusion-failure", "merge-state-unstable");
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
        p.checks = List.of(new Check("ci/jenkins", "status", "error"));
        assertThat(p.assess().checkFailures()).containsExactly("ci/jenkins:conclusion-error");
        assertThat(p.assess().lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void skippedPassesButNeutralAndCancelledFailAsInTheOriginal() {
        Pr p = pr();
        p.checks = List.of(new Check("a", "check-run", "skipped"), new Check("b", "check-run", "neutral"),
                new Check("c", "check-run", "cancelled"));
        assertThat(p.assess().checkFailures()).containsExactly("b:conclusion-neutral", "c:conclusion-cancelled");
    }

    @Test
    void noChecksAtAllIsNotPenalisedOnAManagedPrButIsOnAnOtherOne() {
        Pr p = pr();
        p.checks = List.of();
        Assessment a = p.assess();
        assertThat(a.noChecksReported()).isTrue();
        assertThat(a.missingReasons()).isEmpty();
        assertThat(a.lane()).isEqualTo(PrLane.AUTOMERGE);
        p.headRef = "feature/z";
        assertThat(p.assess().missingReasons()).contains("no-checks-reported");
    }

    @Test
    void failuresOfTheCiInfrastructureAreBypassedAndUnstableCountsAsClean() {
        Pr p = pr();
        p.merge = "unstable";
        p.checks = List.of(GREEN_RUN, new Check("e2e", "check-run", "failure",
                "The job was not started because recent account payments have failed"));
        Assessment a = p.assess();
        assertThat(a.checksBypassed()).isTrue();
        assertThat(a.cleanMergeState()).isTrue();
        assertThat(a.missingReasons()).isEmpty();
        assertThat(a.lane()).isEqualTo(PrLane.AUTOMERGE);
        p.checks = List.of(new Check("e2e", "check-run", "failure", "The job was not started because recent"
                + " account payments have failed"), new Check("unit", "check-run", "failure", "3 tests failed"));
        assertThat(p.assess().checksBypassed()).isFalse();
        assertThat(p.assess().lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void systemBreakingWithBypassedChecksStillNeedsAHuman() {
        Pr p = pr();
        p.files = List.of("scripts/deploy-prod.sh");
        p.checks = List.of(new Check("ci", "check-run", "failure", "You have exceeded your spending limit"));
        p.merge = "unstable";
        Assessment a = p.assess();
        assertThat(a.checksBypassed()).isTrue();
        assertThat(a.lane()).isEqualTo(PrLane.HUMAN_REVIEW);
    }

    // ---- merge state and labels

    @Test
    void aDirtyMergeStateGoesToMergeRepair() {
        Pr p = pr();
        p.merge = "dirty";
        Assessment a = p.assess();
        assertThat(a.lane()).isEqualTo(PrLane.MERGE_REPAIR);
        assertThat(a.missingReasons()).containsExactly("merge-state-dirty");
    }

    @Test
    void aBlockedLabelWinsOverEverything() {
        Pr p = pr();
        p.merge = "dirty";
        p.labels.add("agent-blocked");
        assertThat(p.assess().lane()).isEqualTo(PrLane.BLOCKED);
    }

    @Test
    void theManualFixOverrideForcesAFixPass() {
        Pr p = pr();
        p.labels.add("agent-manual-fix-override");
        Assessment a = p.assess();
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
        assertThat(a.missingReasons()).containsExactly("manual-fix-override");
    }

    @Test
    void aBehindOrBlockedMergeStateWithGreenChecksGoesToFix() {
        Pr p = pr();
        p.merge = "behind";
        Assessment a = p.assess();
        assertThat(a.missingReasons()).containsExactly("merge-state-behind");
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void requestedReviewersKeepItFromAutoMergeButItStillFallsToTheDoubleCheckWhenRequired() {
        Pr p = pr();
        p.requested.add("alice");
        Assessment a = p.assess();
        assertThat(a.missingReasons()).containsExactly("requested-reviewers-present");
        assertThat(a.lane()).isEqualTo(PrLane.IGNORE);
        p.files = List.of("Dockerfile");
        assertThat(p.assess().lane()).isEqualTo(PrLane.DOUBLE_CHECK_1);
    }

    // ---- agent status comments and review feedback

    @Test
    void anAgentBlockerOnTheCurrentHeadSendsItToFixButNotOneAboutAnEarlierHead() {
        Pr p = pr();
        p.comments.add(new ForgeComment(1, "acp-bot", "## PR final review blocker\nThe tests are wrong.\n"
                + StatusComments.headMarker(HEAD), Instant.EPOCH));
        Assessment a = p.assess();
        assertThat(a.agentStatusBlocker()).isTrue();
        assertThat(a.missingReasons()).containsExactly("agent-status-blocker-present");
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
        p.comments.set(0, new ForgeComment(1, "acp-bot", "## PR final review blocker\nOld.\n"
                + StatusComments.headMarker("0000000aaaaaaa"), Instant.EPOCH));
        assertThat(p.assess().agentStatusBlocker()).isFalse();
        assertThat(p.assess().lane()).isEqualTo(PrLane.AUTOMERGE);
    }

    @Test
    void anUnmarkedStatusCommentOlderThanTheHeadCommitIsAboutAnEarlierHead() {
        Pr p = pr();
        p.comments.add(new ForgeComment(1, "acp-bot", "## PR final review blocker\nNo.", Instant.parse(
                "2026-01-01T00:00:00Z")));
        PrObservation o = p.build();
        PrObservation later = new PrObservation(o.number(), o.title(), o.body(), o.author(), o.headRef(), o.baseRef(),
                o.headSha(), false, o.labels(), o.files(), o.mergeableState(), o.requestedReviewers(), o.checks(),
                o.reviews(), o.reviewComments(), o.comments(), Instant.parse("2026-01-02T00:00:00Z"), List.of());
        assertThat(new PrAssessor(PROFILE).assess(later, null, false).agentStatusBlocker()).isFalse();
        assertThat(new PrAssessor(PROFILE).assess(o, null, false).agentStatusBlocker()).isTrue();
    }

    @Test
    void aCiOnlyBlockerIsNotOutstandingButAHostGuardIs() {
        Pr p = pr();
        p.comments.add(new ForgeComment(1, "acp-bot", "## PR final review blocker\nFailure reason: `ci-only`",
                Instant.EPOCH));
        assertThat(p.assess().agentStatusBlocker()).isFalse();
        p.comments.add(new ForgeComment(2, "acp-bot", "## PR repair host guard\nHost rejected this repair: conflicts"
                + " remain", Instant.EPOCH));
        assertThat(p.assess().agentStatusBlocker()).isTrue();
        assertThat(p.assess().lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void reviewCommentsOfTheConfiguredReviewerOnTheHeadAskForAFix() {
        Pr p = pr();
        p.reviewComments.add(new ReviewComment(5, "chatgpt-codex-connector[bot]", "src/app/main.js", "Null check?",
                HEAD, null, Instant.EPOCH));
        p.reviewComments.add(new ReviewComment(6, "someone", "src/app/main.js", "nit", HEAD, null, Instant.EPOCH));
        Assessment a = p.assess();
        assertThat(a.actionableReviewComments()).containsExactly(5L);
        assertThat(a.missingReasons()).containsExactly("review-feedback-present");
        assertThat(a.lane()).isEqualTo(PrLane.FIX);
    }

    @Test
    void aNoopRepairSummaryWithFailingChecksAsksForACiRefresh() {
        Pr p = pr();
        p.merge = "unstable";
        p.checks = List.of(new Check("flaky", "check-run", "failure", "1 test failed"));
        p.comments.add(new ForgeComment(1, "acp-bot", "## PR repair summary\nThis was already addressed on the"
                + " current PR head.\n" + StatusComments.headMarker(HEAD), Instant.EPOCH));
        Assessment a = p.assess();
        assertThat(a.noopRepairSummary()).isTrue();
        assertThat(a.shouldCiRefresh()).isTrue();
        assertThat(a.lane()).isEqualTo(PrLane.CI_REFRESH);
    }

    @Test
    void everyConclusionNamesItsRule() {
        Assessment a = pr().assess();
        assertThat(a.findings()).extracting(Assessment.Finding::topic).contains("managed", "risk", "checks", "merge",
                "missing", "lane");
        assertThat(a.render()).contains("PR #12: lane automerge (no missing reason)", "because");
        assertThat(a.linkedIssue()).isEqualTo(7);
    }

    // ---- globs

    @Test
    void globsCrossDirectoriesOnlyWithTwoStars() {
        assertThat(Glob.of("*.md").matches("README.md")).isTrue();
        assertThat(Glob.of("*.md").matches("docs/a.md")).isFalse();
        assertThat(Glob.of("**/package.json").matches("package.json")).isTrue();
        assertThat(Glob.of("**/package.json").matches("apps/web/package.json")).isTrue();
        assertThat(Glob.of("docs/**").matches("docs/a/b.png")).isTrue();
        assertThat(Glob.of("scripts/{deploy,release}*").matches("scripts/release-v2.sh")).isTrue();
        assertThat(Glob.of("scripts/{deploy,release}*").matches("scripts/build.sh")).isFalse();
        assertThatThrownBy(() -> Glob.of("src/{a,b")).hasMessageContaining("never closed");
    }
}
