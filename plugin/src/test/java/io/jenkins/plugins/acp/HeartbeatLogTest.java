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
    void appendsEachReportUnderItsHeaderOldestFirst() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 1; i <= 3; i++) {
            log.append(t.plusSeconds(i), "report " + i + "\nsecond line\n\nafter a blank line\n");
        }

        List<String> entries = log.entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isEqualTo("=== heartbeat 2025-01-01T00:00:01Z ===\nreport 1\nsecond line\n\n"
                + "after a blank line\n");
        assertThat(log.last()).hasValueSatisfying(l -> assertThat(l).startsWith(
                "=== heartbeat 2025-01-01T00:00:03Z ===\nreport 3\n"));
        assertThat(log.file()).isEqualTo(dir.resolve("heartbeat.log"));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("heartbeat.log");
    }

    @Test
    void aReportIsAppendedNotTheLogRewritten() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
        log.append(Instant.EPOCH, "first");
        Files.writeString(log.file(), Files.readString(log.file()) + "(an operator's note)\n");

        log.append(Instant.EPOCH.plusSeconds(1), "second");

        assertThat(Files.readString(log.file())).startsWith("=== heartbeat 1970-01-01T00:00:00Z ===\nfirst\n(an operator's note)\n")
                .endsWith("second\n");
    }

    @Test
    void aFullLogIsRotatedSoItsSizeStaysBounded() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir, 200);
        for (int i = 0; i < 40; i++) {
            log.append(Instant.EPOCH.plusSeconds(i), "report number " + i);
        }

        assertThat(Files.size(log.file())).isLessThan(200 + 100);
        assertThat(Files.size(dir.resolve(HeartbeatLog.ROTATED_NAME))).isLessThan(200 + 100);
        List<String> entries = log.entries();
        assertThat(entries.get(entries.size() - 1)).contains("report number 39");
        assertThat(entries).hasSizeLessThan(40).allSatisfy(e -> assertThat(e).startsWith("=== heartbeat "));
        assertThat(String.join("", entries)).doesNotContain("report number 0\n");
    }

    @Test
    void aReportCutShortByACrashDoesNotSwallowTheNext() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
        Files.writeString(log.file(), "=== heartbeat 1970-01-01T00:00:00Z ===\nhalf a rep");

        log.append(Instant.EPOCH.plusSeconds(1), "whole");

        assertThat(log.entries()).hasSize(2).last().asString().startsWith("=== heartbeat 1970-01-01T00:00:01Z ===\nwhole");
    }

    @Test
    void hugeReportsAreCut() throws Exception {
        HeartbeatLog log = new HeartbeatLog(dir);
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
