package io.agentcontrolplane.core.run;

import java.time.Instant;

/**
 * One line of {@link RunFiles#VERIFICATION}: {@code {"timestamp": ISO-8601, "status": "pass"|"fail", "command": ...,
 * "note"?: ...}}.
 */
public record VerificationEntry(Instant timestamp, String status, String command, String note) {
    public boolean passed() {
        return "pass".equals(status);
    }
}
