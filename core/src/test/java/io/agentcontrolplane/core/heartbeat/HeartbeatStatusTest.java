package io.agentcontrolplane.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.state.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat's status files: what is kept, what is not, and a failure to keep it never fails the pass. */
class HeartbeatStatusTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path state;

    private static HeartbeatReport report(String outcome) {
        return new HeartbeatReport("demo", T0, T0.plusSeconds(1), outcome, null, null, List.of("r1"), List.of(),
                List.of(), new RequestStats(10, 8, 2, 4990), null);
    }

    @Test
    void aSkippedHeartbeatWritesNothing() {
        HeartbeatStatus.record(state, HeartbeatReport.notRun("demo", T0, "skipped", "locked", List.of(),
                RequestStats.NONE));
        assertThat(state.resolve(HeartbeatStatus.DIR)).doesNotExist();
    }

    @Test
    void theReportAndASummaryAreKept() throws Exception {
        HeartbeatReport kept = HeartbeatStatus.record(state, report("completed"));
        assertThat(kept.notes()).isEmpty();
        HeartbeatReport read = StateJson.mapper().readValue(
                state.resolve(HeartbeatStatus.DIR).resolve(HeartbeatStatus.LAST).toFile(), HeartbeatReport.class);
        assertThat(read).isEqualTo(kept);
        HeartbeatStatus.History history = StateJson.mapper().readValue(
                state.resolve(HeartbeatStatus.DIR).resolve(HeartbeatStatus.HISTORY).toFile(),
                HeartbeatStatus.History.class);
        assertThat(history.heartbeats()).singleElement().satisfies(s -> {
            assertThat(s.launched()).isEqualTo(1);
            assertThat(s.notModified()).isEqualTo(8);
            assertThat(s.remaining()).isEqualTo(4990);
        });
    }

    @Test
    void anUnreadableHistoryStartsAfreshAndAnUnwritableDirectoryIsANote() throws Exception {
        Files.createDirectories(state.resolve(HeartbeatStatus.DIR));
        Files.writeString(state.resolve(HeartbeatStatus.DIR).resolve(HeartbeatStatus.HISTORY), "{not json");
        HeartbeatStatus.record(state, report("failed"));
        assertThat(Files.readString(state.resolve(HeartbeatStatus.DIR).resolve(HeartbeatStatus.HISTORY)))
                .contains("\"outcome\" : \"failed\"");

        Path blocked = state.resolve("elsewhere");
        Files.writeString(blocked, "a file where the state directory should be");
        HeartbeatReport noted = HeartbeatStatus.record(blocked, report("completed"));
        assertThat(noted.outcome()).isEqualTo("completed");
        assertThat(noted.notes()).singleElement().asString()
                .startsWith("the heartbeat status could not be written to " + blocked.resolve(HeartbeatStatus.DIR));
    }
}
