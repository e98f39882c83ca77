package io.agentcontrolplane.core.assess;

import io.agentcontrolplane.core.assess.Assessment.Finding;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.plan.IssueLinks;
import io.agentcontrolplane.core.profile.Glob;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PR assessment: a pure function from what was observed of a pull request to its risk, gates, auto-merge
 * eligibility and lane, by the decision order of the original's {@code pr-risk.sh} (reference section 6). The path
 * rules come from the profile ({@link Profile.AssessmentRules}) instead of being hard-coded for one monorepo.
 */
public final class PrAssessor {
    /** Failure messages of CI runs that never ran the code: billing, spending limits, jobs not started. */
    public static final Pattern INFRA_ONLY_FAILURE = Pattern.compile("recent account payments have failed"
            + "|spending limit needs to be increased|job was not started because|billing & plans"
            + "|exceeded (your )?spending limit", Pattern.CASE_INSENSITIVE);

    private final Profile profile;
    private final List<Glob> lowRisk;
    private final List<Glob> criticalInfra;
    private final List<Glob> systemBreaking;
    private final List<Glob> criticalApp;
    private final List<Glob> tests;
    private final IssueLinks links;

    public PrAssessor(Profile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        Profile.AssessmentRules r = profile.assessment();
        this.lowRisk = globs(r.lowRiskPaths());
        this.criticalInfra = globs(r.criticalInfraPaths());
        this.systemBreaking = globs(r.systemBreakingPaths());
        this.criticalApp = globs(r.criticalAppPaths());
        this.tests = globs(r.testPaths());
        this.links = new IssueLinks(profile);
    }

    private static List<Glob> globs(List<String> texts) {
        return texts.stream().map(Glob::of).toList();
    }

    /**
     * @param laneOverride a double-check stage the state forces ({@code double-check-1} or {@code -2}), or null;
     *     honoured only for a managed, open, unblocked PR with no run, no blocker and no review comments
     * @param running whether a worker run is active on the PR
     */
    public Assessment assess(PrObservation pr, PrLane laneOverride, boolean running) {
        return new Pass(pr, laneOverride, running).run();
    }

    /** One assessment's working values. */
    private final class Pass {
        private final PrObservation pr;
        private final PrLane override;
        private final boolean running;
        private final Profile.Labels l = profile.labels();
        private final List<Finding> findings = new ArrayList<>();

        Pass(PrObservation pr, PrLane override, boolean running) {
            this.pr = pr;
            this.override = override;
            this.running = running;
        }

        private void note(String topic, String conclusion, String rule) {
            findings.add(new Finding(topic, conclusion, rule));
        }

        private boolean has(String label) {
            return pr.labels().contains(label);
        }

        Assessment run() {
            PullRequest asPull = pr.toPullRequest();
            boolean managed = links.isManaged(asPull);
            note("managed", managed ? "agent PR" : "not an agent PR", managedRule(asPull, managed));
            List<Integer> linked = links.linkedIssues(asPull);
            Integer linkedIssue = linked.isEmpty() ? null : linked.get(0);
            if (linkedIssue != null) {
                note("managed", "addresses issue #" + linkedIssue, "issue branch name or closing keyword in the body");
            }

            // ---- risk and scope
            List<String> infraFiles = new ArrayList<>();
            List<String> breakingFiles = new ArrayList<>();
            List<String> appFiles = new ArrayList<>();
            List<String> productFiles = new ArrayList<>();
            List<String> notLowRisk = new ArrayList<>();
            for (String f : pr.files()) {
                Glob breaking = first(systemBreaking, f);
                Glob infra = first(criticalInfra, f);
                if (breaking != null) {
                    breakingFiles.add(f);
                    note("risk", f + " is system-breaking", "matches assessment.systemBreakingPaths '" + breaking + "'");
                }
                if (infra != null || breaking != null) {
                    infraFiles.add(f);
                    if (infra != null) {
                        note("risk", f + " is critical-infra", "matches assessment.criticalInfraPaths '" + infra + "'");
                    }
                }
                Glob app = first(criticalApp, f);
                if (app != null) {
                    appFiles.add(f);
                    note("risk", f + " is critical-app", "matches assessment.criticalAppPaths '" + app + "'");
                }
                boolean low = first(lowRisk, f) != null;
                if (!low) {
                    notLowRisk.add(f);
                }
                if (!low && first(tests, f) == null && infra == null && breaking == null) {
                    productFiles.add(f);
                }
            }
            String tier;
            String riskReason;
            if (!infraFiles.isEmpty()) {
                tier = "critical-infra";
                riskReason = "paths-critical-infra:" + String.join(",", infraFiles);
            } else if (!appFiles.isEmpty()) {
                tier = "critical-app";
                riskReason = "paths-critical-app:" + String.join(",", appFiles);
            } else if (notLowRisk.isEmpty()) {
                tier = "low";
                riskReason = "file-scope-within-low-risk-allowlist";
            } else {
                tier = "high";
                riskReason = "paths-high:" + String.join(",", notLowRisk);
            }
            note("risk", "tier " + tier, switch (tier) {
                case "critical-infra" -> "a changed file is critical-infra (the first tier that applies wins)";
                case "critical-app" -> "a changed file is critical-app and none is critical-infra";
                case "low" -> pr.files().isEmpty() ? "no changed file is known"
                        : "every changed file matches assessment.lowRiskPaths";
                default -> "files outside assessment.lowRiskPaths, none critical: " + String.join(", ", notLowRisk);
            });
            List<String> scopeReasons = new ArrayList<>();
            int maxProduct = profile.assessment().maxProductFiles();
            if (maxProduct > 0 && productFiles.size() > maxProduct) {
                scopeReasons.add("product-files-" + productFiles.size() + "-over-" + maxProduct);
                note("scope", "too broad: " + productFiles.size() + " product files",
                        "more than assessment.maxProductFiles (" + maxProduct + ") non-test, non-low-risk files");
            }
            List<String> appMixed = productFiles.stream().filter(f -> first(criticalApp, f) == null).toList();
            if (!appFiles.isEmpty() && !appMixed.isEmpty()) {
                scopeReasons.add("critical-app-mixed-with-other-product-files");
                note("scope", "too broad: critical-app files mixed with other product files ("
                        + String.join(", ", appMixed) + ")", "critical-app changes must stand alone");
            }
            boolean scopeTooBroad = !scopeReasons.isEmpty();

            // ---- checks
            List<String> pending = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            List<String> failureMessages = new ArrayList<>();
            boolean allFailuresInfra = true;
            for (Observation.Check c : pr.checks()) {
                String state = c.state() == null ? "pending" : c.state().toLowerCase(Locale.ROOT);
                switch (state) {
                    case "success", "skipped" -> {
                    }
                    case "pending", "queued", "in_progress", "expected" ->
                            pending.add(c.name() + ":status-" + state);
                    default -> {
                        failures.add(c.name() + ":conclusion-" + state);
                        String summary = c.summary() == null ? "" : c.summary();
                        if (INFRA_ONLY_FAILURE.matcher(summary).find()) {
                            failureMessages.add(c.name() + ": " + firstLine(summary));
                        } else {
                            allFailuresInfra = false;
                        }
                    }
                }
            }
            boolean noChecks = pr.checks().isEmpty();
            boolean bypassed = !failures.isEmpty() && allFailuresInfra;
            List<String> effectiveFailures = bypassed ? List.of() : failures;
            boolean checksOk = pending.isEmpty() && failures.isEmpty();
            boolean effectiveChecksOk = pending.isEmpty() && effectiveFailures.isEmpty();
            if (noChecks) {
                note("checks", "no checks reported", managed
                        ? "local-first policy: a managed PR without checks is not penalised"
                        : "no check run or commit status on the head");
            } else {
                note("checks", pending.isEmpty() && failures.isEmpty() ? "all " + pr.checks().size() + " green"
                        : "pending " + pending + ", failed " + failures,
                        "check runs and commit statuses of " + shortSha() + ": success and skipped pass, unfinished"
                                + " ones are pending, any other conclusion fails");
            }
            if (bypassed) {
                note("checks", "failures bypassed as CI-infrastructure-only",
                        "every failing check says: " + String.join("; ", failureMessages));
            }

            // ---- merge state
            String mergeState = pr.mergeableState() == null || pr.mergeableState().isBlank() ? "UNKNOWN"
                    : pr.mergeableState().toUpperCase(Locale.ROOT);
            boolean clean = mergeState.equals("CLEAN") || mergeState.equals("HAS_HOOKS")
                    || bypassed && (mergeState.equals("UNSTABLE") || mergeState.equals("UNKNOWN"));
            note("merge", "merge state " + mergeState + (clean ? " (clean)" : " (not clean)"),
                    bypassed && !mergeState.equals("CLEAN") ? "unstable or unknown counts as clean once CI failures"
                            + " are bypassed" : "GitHub's mergeable_state");

            // ---- agent status comments and review feedback
            List<ForgeComment> current = pr.comments().stream()
                    .filter(c -> StatusComments.isAgentStatus(c.body()) && aboutCurrentHead(c)).toList();
            ForgeComment latest = current.isEmpty() ? null : current.get(current.size() - 1);
            boolean ciOnly = latest != null && StatusComments.isBlocker(latest.body())
                    && StatusComments.isCiOnly(latest.body());
            boolean statusBlocker = latest != null && (StatusComments.isHostGuard(latest.body())
                    || StatusComments.isBlocker(latest.body()) && !ciOnly);
            boolean noop = current.stream().anyMatch(c -> StatusComments.isNoopSummary(c.body()));
            if (latest != null) {
                note("status", statusBlocker ? "an agent blocker is outstanding on this head"
                        : ciOnly ? "the latest agent blocker is about CI only" : "latest agent status: "
                                + firstLine(latest.body()), "latest agent status comment about " + shortSha());
            }
            List<Long> actionable = new ArrayList<>();
            List<String> reviewers = profile.assessment().reviewers();
            for (Observation.ReviewComment rc : pr.reviewComments()) {
                boolean byReviewer = reviewers.contains(rc.author())
                        || reviewers.contains("*") && !rc.author().equals(pr.author());
                boolean onHead = rc.commitSha() == null || rc.commitSha().equals(pr.headSha());
                if (byReviewer && onHead && rc.inReplyTo() == null) {
                    actionable.add(rc.id());
                }
            }
            boolean comments = !actionable.isEmpty() && !noop;
            if (!actionable.isEmpty()) {
                note("review", actionable.size() + " actionable review comment(s)" + (noop
                        ? ", answered by a no-op repair summary" : ""), "review comments on the head by "
                        + String.join(", ", reviewers) + " (assessment.reviewers)");
            }
            boolean manualFixOverride = has(l.manualFixOverride());
            boolean shouldCiRefresh = noop && !effectiveFailures.isEmpty() && actionable.isEmpty();
            if (shouldCiRefresh) {
                note("status", "CI refresh", "a no-op repair summary on this head, failing checks and no actionable"
                        + " review comments");
            }

            // ---- gates
            boolean humanApproved = has(l.humanApproved());
            boolean requiresHuman = !breakingFiles.isEmpty();
            boolean requiresDoubleCheck = !requiresHuman && (tier.equals("critical-infra")
                    || tier.equals("critical-app"));
            int stage = has(l.doubleCheck2()) || override == PrLane.DOUBLE_CHECK_2 ? 2 : 1;
            if (requiresHuman) {
                note("gates", "explicit human approval required" + (humanApproved ? " and given" : ""),
                        "system-breaking files: " + String.join(", ", breakingFiles) + (humanApproved
                                ? "; label '" + l.humanApproved() + "' present" : ""));
            } else if (requiresDoubleCheck) {
                note("gates", "agent double-check required, stage " + stage, "tier " + tier + (stage == 2
                        ? "; label '" + l.doubleCheck2() + "' or a stage-2 override" : ""));
            }

            // ---- missing reasons
            List<String> missing = new ArrayList<>();
            if (pr.draft()) {
                missing.add("draft");
            }
            if (!pr.requestedReviewers().isEmpty()) {
                missing.add("requested-reviewers-present");
            }
            if (statusBlocker) {
                missing.add("agent-status-blocker-present");
            }
            if (scopeTooBroad) {
                missing.add("scope-too-broad");
            }
            if (manualFixOverride) {
                missing.add("manual-fix-override");
            }
            if (comments) {
                missing.add("review-feedback-present");
            }
            if (requiresHuman && !humanApproved) {
                missing.add("system-breaking-risk-scope");
            }
            if (requiresDoubleCheck) {
                missing.add("double-check-" + stage + "-pending");
            }
            if (noChecks && !managed) {
                missing.add("no-checks-reported");
            }
            missing.addAll(pending);
            missing.addAll(effectiveFailures);
            if (!clean) {
                missing.add("merge-state-" + mergeState.toLowerCase(Locale.ROOT));
            }
            boolean eligible = missing.isEmpty();
            note("missing", eligible ? "nothing: eligible for auto-merge" : String.join(", ", missing),
                    "the original's missing reasons, in its order");

            // ---- lane
            PrLane lane;
            String rule;
            boolean blocked = has(l.blocked());
            boolean effClean = clean && effectiveChecksOk;
            if (!managed || pr.draft()) {
                lane = PrLane.IGNORE;
                rule = !managed ? "not an agent PR" : "a draft";
            } else if (blocked) {
                lane = PrLane.BLOCKED;
                rule = "label '" + l.blocked() + "'";
            } else if (mergeState.equals("DIRTY")) {
                lane = PrLane.MERGE_REPAIR;
                rule = "merge state DIRTY (conflicts with the base)";
            } else if (manualFixOverride) {
                lane = PrLane.FIX;
                rule = "label '" + l.manualFixOverride() + "'";
            } else if (!pending.isEmpty()) {
                lane = PrLane.PENDING;
                rule = "checks still running: " + String.join(", ", pending);
            } else if (scopeTooBroad) {
                lane = PrLane.FIX;
                rule = "scope too broad: " + String.join(", ", scopeReasons);
            } else if (statusBlocker) {
                lane = PrLane.FIX;
                rule = "an outstanding agent blocker on this head";
            } else if (comments) {
                lane = PrLane.FIX;
                rule = "actionable review comments and no no-op repair summary";
            } else if (requiresHuman && !humanApproved && effClean) {
                lane = PrLane.HUMAN_REVIEW;
                rule = "system-breaking, green and clean: a human must approve";
            } else if (requiresDoubleCheck && effClean) {
                lane = stage == 2 ? PrLane.DOUBLE_CHECK_2 : PrLane.DOUBLE_CHECK_1;
                rule = "double-check required, green and clean (stage " + stage + ")";
            } else if (shouldCiRefresh) {
                lane = PrLane.CI_REFRESH;
                rule = "a no-op repair summary with failing checks";
            } else if (eligible) {
                lane = PrLane.AUTOMERGE;
                rule = "no missing reason";
            } else if (!clean || !effectiveFailures.isEmpty()) {
                lane = PrLane.FIX;
                rule = !effectiveFailures.isEmpty() ? "failing checks: " + String.join(", ", effectiveFailures)
                        : "merge state " + mergeState + " is not clean";
            } else if (effectiveChecksOk && requiresHuman && !humanApproved) {
                lane = PrLane.HUMAN_REVIEW;
                rule = "checks green and a human must approve";
            } else if (effectiveChecksOk && requiresDoubleCheck) {
                lane = stage == 2 ? PrLane.DOUBLE_CHECK_2 : PrLane.DOUBLE_CHECK_1;
                rule = "checks green and double-check required (stage " + stage + ")";
            } else {
                lane = PrLane.IGNORE;
                rule = "no rule applies (missing: " + String.join(", ", missing) + ")";
            }
            if (override != null && override.isDoubleCheck() && managed && !pr.draft() && !blocked && !running
                    && !statusBlocker && !comments) {
                lane = override;
                rule = "lane override " + override.wireName() + " from the state";
            }
            note("lane", lane.wireName(), rule);
            return new Assessment(pr.number(), pr.headSha(), managed, linkedIssue, tier, riskReason, breakingFiles,
                    scopeTooBroad, scopeReasons, productFiles.size(), noChecks, pending, failures, bypassed,
                    failureMessages, effectiveChecksOk, mergeState, clean, statusBlocker, noop, actionable,
                    shouldCiRefresh, requiresHuman, humanApproved, requiresDoubleCheck, stage, missing, eligible, lane,
                    rule, findings);
        }

        private String managedRule(PullRequest p, boolean managed) {
            if (!managed) {
                return "branch '" + p.headRef() + "' has no managed prefix, no label '" + l.handoff()
                        + "' and no agent status comment";
            }
            for (String prefix : profile.naming().managedBranchPrefixes()) {
                if (p.headRef().startsWith(prefix)) {
                    return "branch '" + p.headRef() + "' starts with managed prefix '" + prefix + "'";
                }
            }
            return p.hasLabel(l.handoff()) ? "label '" + l.handoff() + "'" : "an agent status comment";
        }

        /** A status comment is about the head it names, else about the head committed before it. */
        private boolean aboutCurrentHead(ForgeComment c) {
            String head = StatusComments.headOf(c.body());
            if (head != null) {
                return pr.headSha().startsWith(head) || head.startsWith(pr.headSha()) && !pr.headSha().isEmpty();
            }
            return pr.headCommittedAt() == null || c.createdAt() == null
                    || !c.createdAt().isBefore(pr.headCommittedAt());
        }

        private String shortSha() {
            return pr.headSha().isEmpty() ? "the head" : pr.headSha().substring(0, Math.min(12, pr.headSha().length()));
        }
    }

    private static Glob first(List<Glob> globs, String path) {
        for (Glob g : globs) {
            if (g.matches(path)) {
                return g;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** The lane labels; the label sync keeps exactly the one the lane asks for. */
    static Set<String> laneLabels(Profile.Labels l) {
        return Set.of(l.repairQueued(), l.ciRefresh(), l.doubleCheck1(), l.doubleCheck2(), l.humanReview());
    }
}
