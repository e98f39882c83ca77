package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.Reconciler;
import java.util.List;

/** The labels the control plane uses, with the colours and descriptions it gives them on the repository. */
public final class LabelCatalog {
    /** A label as it should exist on the repository. */
    public record LabelSpec(String name, String color, String description) {
    }

    private LabelCatalog() {
    }

    /** Colours follow the original where it set them. */
    public static List<LabelSpec> of(Profile profile) {
        Profile.Labels l = profile.labels();
        return List.of(
                new LabelSpec(l.running(), "0E8A16", "An agent worker is working on this"),
                new LabelSpec(l.blocked(), "B60205", "An agent worker is blocked; see the blocker comment"),
                new LabelSpec(l.keepOpen(), "C5DEF5", "Recurring: agents work it in rotation and never close it"),
                new LabelSpec(l.heavy(), "FEF2C0", "Needs the heavy (end-to-end) worker slot"),
                new LabelSpec(l.exclusive(), "C2185B", "Agents work this alone, before anything else"),
                new LabelSpec(l.automerge(), "0E8A16", "Agents may merge this once it is green and reviewed"),
                new LabelSpec(l.repairQueued(), "D93F0B", "An agent fix pass is queued"),
                new LabelSpec(l.manualFixOverride(), "9A6700", "A human asks for one more fix pass on this head"),
                new LabelSpec(l.ciRefresh(), "FBCA04", "Failed CI jobs are being re-run"),
                new LabelSpec(l.ciBypassed(), "C2E0C6", "Failing checks were judged infrastructure-only"),
                new LabelSpec(l.doubleCheck1(), "B602FF", "Needs the first independent agent review"),
                new LabelSpec(l.doubleCheck2(), "7D3CFF", "Needs the second independent agent review"),
                new LabelSpec(l.humanReview(), "5319E7", "A system-breaking change: a human must review and merge"),
                new LabelSpec(l.humanApproved(), "1D76DB", "A human approved: automation may go on"),
                new LabelSpec(l.handoff(), "0052CC", "Hand this pull request to the agent lanes"),
                new LabelSpec(l.scheduled(), "5319E7", "Runs on a schedule given in the issue body"),
                new LabelSpec(l.needsHuman(), "E99695", "Agents stopped here: budget spent or a human must decide"),
                new LabelSpec(profile.trust().optInLabel(), "BFD4F2", "Opted in for agent work by a trusted user"),
                new LabelSpec(Reconciler.REPORT_OK_LABEL, "0E8A16", "The last scheduled check reported no problem"),
                new LabelSpec(Reconciler.REPORT_ALERT_LABEL, "D93F0B", "The last scheduled check raised an alert"));
    }
}
