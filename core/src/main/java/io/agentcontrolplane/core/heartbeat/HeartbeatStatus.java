package io.agentcontrolplane.core.heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the last heartbeats of a profile did, kept in the state directory for readers that must not call GitHub
 * (the dashboard, the Jenkins management page):
 *
 * <pre>
 * status/last-heartbeat.json   the last report in full: outcome, the plan with every launch and each waiting item's
 *                              reason, launches, failures, notes, GitHub cost
 * status/heartbeats.json       {"heartbeats": [...]}: one {@link Summary} per recent heartbeat, oldest first,
 *                              at most {@value #HISTORY_SIZE}
 * </pre>
 *
 * <p>Both are written atomically ({@link DurableFiles}) under the heartbeat lock, so one writer at a time. A skipped
 * heartbeat (another one held the lock) writes nothing: the one that held it writes its own.
 */
public final class HeartbeatStatus {
    public static final String DIR = "status";
    public static final String LAST = "last-heartbeat.json";
    public static final String HISTORY = "heartbeats.json";
    /** Enough for a day of heartbeats every quarter hour, small enough to rewrite every pass. */
    public static final int HISTORY_SIZE = 96;

    /** One heartbeat in a line: when, how it ended, what it launched and what its GitHub reads cost. */
    public record Summary(Instant startedAt, Instant finishedAt, String outcome, String detail, int launched,
            int failures, int waiting, long requests, long notModified, long points, long remaining) {
        public Summary {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(outcome, "outcome");
        }

        static Summary of(HeartbeatReport r) {
            return new Summary(r.startedAt(), r.finishedAt(), r.outcome(), r.detail(), r.launched().size(),
                    r.failures().size(), r.plan() == null ? 0 : r.plan().waits().size(), r.forgeCost().requests(),
                    r.forgeCost().notModified(), r.forgeCost().points(), r.forgeCost().remaining());
        }
    }

    /** The file shape of {@value #HISTORY}. */
    public record History(List<Summary> heartbeats) {
        public History {
            heartbeats = List.copyOf(Objects.requireNonNullElse(heartbeats, List.of()));
        }
    }

    private HeartbeatStatus() {
    }

    /**
     * Records {@code report} as the profile's last heartbeat and appends it to the history. Never fails the
     * heartbeat: when the files cannot be written, the report comes back with a note saying so.
     *
     * @return {@code report}, or a copy with a note when the status could not be written
     */
    public static HeartbeatReport record(Path stateDir, HeartbeatReport report) {
        if ("skipped".equals(report.outcome())) {
            return report;
        }
        Path dir = stateDir.resolve(DIR);
        try {
            DurableFiles.writeAtomically(dir.resolve(LAST), StateJson.bytes(report));
            List<Summary> kept = new ArrayList<>(readHistory(dir.resolve(HISTORY)));
            kept.add(Summary.of(report));
            if (kept.size() > HISTORY_SIZE) {
                kept = kept.subList(kept.size() - HISTORY_SIZE, kept.size());
            }
            DurableFiles.writeAtomically(dir.resolve(HISTORY), StateJson.bytes(new History(kept)));
            return report;
        } catch (IOException | RuntimeException e) {
            List<String> notes = new ArrayList<>(report.notes());
            notes.add("the heartbeat status could not be written to " + dir + ": " + e.getMessage());
            return new HeartbeatReport(report.profileId(), report.startedAt(), report.finishedAt(), report.outcome(),
                    report.detail(), report.plan(), report.launched(), report.failures(), notes, report.forgeCost(),
                    report.outbox());
        }
    }

    /** The history in {@code file}; an unreadable one starts afresh (it holds only summaries of past passes). */
    private static List<Summary> readHistory(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            History h = StateJson.mapper().readValue(content, History.class);
            return h == null ? List.of() : h.heartbeats();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
