package io.agentcontrolplane.core.reconcile;

import java.util.List;

/**
 * What reconciling one finished run did.
 *
 * @param status {@code reconciled} (every write is queued and the marker written), {@code already-reconciled},
 *     {@code waiting} (a step waits for GitHub, the outbox or the push; the next heartbeat goes on from there),
 *     {@code not-finished} (the run has no terminal record yet) or {@code unknown-run}
 * @param result the outcome as the original named it, e.g. {@code implemented}, {@code blocked}, {@code failed}
 * @param steps what was done or found, in order
 */
public record ReconcileReport(String runId, String item, String status, String result, List<String> steps,
        String detail) {
    public ReconcileReport {
        steps = List.copyOf(steps);
    }

    public boolean done() {
        return status.equals("reconciled") || status.equals("already-reconciled");
    }

    public String render() {
        return "reconcile " + runId + " (" + item + "): " + status + (result != null ? ", " + result : "")
                + (detail != null ? " - " + detail : "") + (steps.isEmpty() ? "" : "\n  " + String.join("\n  ", steps));
    }
}
