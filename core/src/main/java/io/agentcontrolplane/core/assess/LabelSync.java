package io.agentcontrolplane.core.assess;

import io.agentcontrolplane.core.plan.Cadence;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.Issue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The labels an item should carry, as the original's {@code sync-pr-labels.sh} and {@code heartbeat_sync_issue_labels}
 * derive them: PR labels from the assessment, issue labels from the schedule line in the body. A pure function of
 * what is observed; the heartbeat queues the difference, so nothing is written while the labels already match.
 */
public final class LabelSync {
    /** Labels to add and remove on one item, each with why. */
    public record Change(List<String> add, List<String> remove, String reason) {
        public Change {
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }

        public boolean isEmpty() {
            return add.isEmpty() && remove.isEmpty();
        }
    }

    private LabelSync() {
    }

    /**
     * A PR's labels from its assessment (reference section 6, "label sync"): nothing for a PR that is not managed;
     * blocked strips the automerge, repair, CI and review labels, else {@code agent-automerge} follows eligibility;
     * {@code agent-ci-bypassed} follows the bypass; {@code agent-exclusive} follows the linked issue; the lane keeps
     * exactly its own lane label.
     */
    public static Change forPr(Profile profile, Assessment a, Collection<String> labels,
            Collection<String> linkedIssueLabels) {
        Profile.Labels l = profile.labels();
        if (!a.managed()) {
            return new Change(List.of(), List.of(), "not an agent PR");
        }
        Set<String> want = new LinkedHashSet<>();
        Set<String> drop = new LinkedHashSet<>();
        Set<String> lane = PrAssessor.laneLabels(l);
        if (labels.contains(l.blocked())) {
            drop.add(l.automerge());
            drop.add(l.ciBypassed());
            drop.addAll(lane);
        } else {
            (a.eligibleForAutoMerge() ? want : drop).add(l.automerge());
            (a.checksBypassed() ? want : drop).add(l.ciBypassed());
            String laneLabel = switch (a.lane()) {
                case FIX -> l.repairQueued();
                case CI_REFRESH -> l.ciRefresh();
                case DOUBLE_CHECK_1 -> l.doubleCheck1();
                case DOUBLE_CHECK_2 -> l.doubleCheck2();
                case HUMAN_REVIEW -> l.humanReview();
                default -> null;
            };
            for (String label : lane) {
                (label.equals(laneLabel) ? want : drop).add(label);
            }
        }
        if (linkedIssueLabels != null && linkedIssueLabels.contains(l.exclusive())) {
            want.add(l.exclusive());
        }
        return diff(labels, want, drop, "lane " + a.lane().wireName() + (a.eligibleForAutoMerge()
                ? ", eligible for auto-merge" : ""));
    }

    /**
     * An issue's schedule labels: a cadence in the body adds {@code agent-scheduled} and
     * {@code agent-schedule-<cadence>} (and drops other cadences' labels); no cadence removes them. A running label
     * with no active run is stale, and with it a blocked label, as the original's sync removes both.
     */
    public static Change forIssue(Profile profile, Issue issue, Collection<String> labels, boolean active) {
        Profile.Labels l = profile.labels();
        Set<String> want = new LinkedHashSet<>();
        Set<String> drop = new LinkedHashSet<>();
        OptionalLong cadence = Cadence.parseSeconds(issue.body());
        String reason;
        if (cadence.isPresent() && cadence.getAsLong() > 0) {
            String mine = l.schedulePrefix() + Cadence.labelSuffix(cadence.getAsLong());
            want.add(l.scheduled());
            want.add(mine);
            labels.stream().filter(x -> x.startsWith(l.schedulePrefix()) && !x.equals(mine)).forEach(drop::add);
            reason = "schedule every " + Cadence.labelSuffix(cadence.getAsLong()) + " in the body";
        } else {
            drop.add(l.scheduled());
            labels.stream().filter(x -> x.startsWith(l.schedulePrefix())).forEach(drop::add);
            reason = "no schedule line in the body";
        }
        if (!active && labels.contains(l.running())) {
            drop.add(l.running());
            drop.add(l.blocked());
            reason += "; '" + l.running() + "' with no active run is stale";
        }
        return diff(labels, want, drop, reason);
    }

    private static Change diff(Collection<String> labels, Set<String> want, Set<String> drop, String reason) {
        List<String> add = new ArrayList<>();
        for (String w : want) {
            if (!labels.contains(w)) {
                add.add(w);
            }
        }
        List<String> remove = new ArrayList<>();
        for (String d : drop) {
            if (labels.contains(d) && !want.contains(d)) {
                remove.add(d);
            }
        }
        return new Change(add, remove, reason);
    }
}
