package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatLogTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLastReportsOldestFirstEachUnderItsHeader() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir, 3);
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 1; i <= 5; i++) {
            log.append(t.plusSeconds(i), "report " + i + "\nsecond line\n\nafter a blank line\n");
        }

        List<String> entries = log.entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isEqualTo("=== heartbeat 2025-01-01T00:00:03Z ===\nreport 3\nsecond line\n\n"
                + "after a blank line\n");
        assertThat(log.last()).hasValueSatisfying(l -> assertThat(l).startsWith(
                "=== heartbeat 2025-01-01T00:00:05Z ===\nreport 5\n"));
        assertThat(log.file()).isEqualTo(dir.resolve("heartbeat.log"));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("heartbeat.log");
    }

    @Test
    void theDefaultKeepsFiftyAndCutsHugeReports() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
        for (int i = 0; i < HeartbeatLog.KEEP + 7; i++) {
            log.append(Instant.EPOCH.plusSeconds(i), "r" + i);
        }
        assertThat(log.entries()).hasSize(HeartbeatLog.KEEP);
        assertThat(log.entries().get(0)).contains("r7");

        log.append(Instant.EPOCH, "x".repeat(HeartbeatLog.MAX_REPORT_CHARS + 10));
        assertThat(log.last().orElseThrow()).contains("report cut at").hasSizeLessThan(HeartbeatLog.MAX_REPORT_CHARS + 200);
    }

    @Test
    void aReportLineThatLooksLikeAHeaderDoesNotSplitTheReport() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
        log.append(Instant.EPOCH, "one\n=== heartbeat forged ===\ntwo");
        assertThat(log.entries()).singleElement().satisfies(e -> assertThat(e).contains("two"));
    }

    @Test
    void noLogYetIsEmpty() throws Exception {
        assertThat(new HeartbeatLog(dir.resolve("nothing")).last()).isEmpty();
    }
}
