package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StateStoreCorruptionTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    static final String VALID_RETRY = "{\"attempts\": 1, \"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}";

    @TempDir
    Path dir;

    final List<StateProblem> heard = new ArrayList<>();

    StateStore store() {
        return new StateStore(dir, Clock.fixed(T0, ZoneOffset.UTC), heard::add);
    }

    static Stream<Arguments> corruptFiles() {
        byte[] garbage = {(byte) 0xff, 0x00, (byte) 0xfe, 0x13, 0x37, (byte) 0x80, 'x', '{'};
        return Stream.of(
                Arguments.of("truncated", "retries/issues/5.json",
                        "{\"attempts\": 1, \"nextAttem".getBytes(), "not valid JSON"),
                Arguments.of("empty", "retries/prs/5.json", new byte[0], "empty file"),
                Arguments.of("blank", "retries/prs/6.json", "  \n".getBytes(), "blank"),
                Arguments.of("garbage", "schedules/5.json", garbage, "not valid JSON"),
                Arguments.of("trailing garbage", "retries/issues/6.json", (VALID_RETRY + " }x").getBytes(),
                        "not valid JSON"),
                Arguments.of("array", "retries/providers/p.json", "[1, 2]".getBytes(), "wrong top-level type: expected an object, found a list"),
                Arguments.of("string attempts", "retries/issues/7.json",
                        "{\"attempts\": \"3\", \"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}".getBytes(), "attempts"),
                Arguments.of("fractional attempts", "retries/issues/8.json",
                        "{\"attempts\": 1.5, \"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}".getBytes(), "attempts"),
                Arguments.of("negative attempts", "retries/issues/9.json",
                        "{\"attempts\": -1, \"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}".getBytes(),
                        "attempts must not be negative"),
                Arguments.of("missing field", "retries/github/core-api.json",
                        "{\"nextAttemptAt\": \"2025-01-01T00:00:00Z\"}".getBytes(), "missing required field(s) attempts"),
                Arguments.of("bad instant", "blocked-recovery/5.json", "{\"dueAt\": \"yesterday\"}".getBytes(),
                        "dueAt"),
                Arguments.of("bad lane", "pr-lane-overrides/5.json", "{\"lane\": \"sideways\"}".getBytes(),
                        "unknown PR lane"),
                Arguments.of("enum as number", "pr-lane-overrides/6.json", "{\"lane\": 2}".getBytes(), "lane"),
                Arguments.of("zero pointer", "recurring/last-launched.json", "{\"issue\": 0}".getBytes(),
                        "issue must be positive"),
                Arguments.of("bad schedule", "schedules/6.json",
                        "{\"intervalSeconds\": 0, \"nextDueAt\": \"2025-01-01T00:00:00Z\"}".getBytes(),
                        "intervalSeconds must be positive"),
                Arguments.of("run under the wrong name", "runs/r9.json",
                        runJson("r8", "implement", "issue#1").getBytes(), "holds run r8, not r9"),
                Arguments.of("run lane vs item", "runs/r7.json", runJson("r7", "fix", "issue#1").getBytes(),
                        "does not work on issue#1"),
                Arguments.of("bad item", "runs/r6.json", runJson("r6", "implement", "issue#0").getBytes(),
                        "item number must be positive"),
                Arguments.of("bad budget", "budget/pr-3.json", "\"labelled\"".getBytes(), "expected an object, found a string"),
                Arguments.of("not a number name", "retries/issues/abc.json", VALID_RETRY.getBytes(),
                        "not a record name here"),
                Arguments.of("padded number name", "retries/issues/007.json", VALID_RETRY.getBytes(),
                        "not a positive item number"),
                Arguments.of("bad item name", "budget/issue#3.json", "{}".getBytes(), "issue-12 or pr-7"));
    }

    static String runJson(String id, String lane, String item) {
        return "{\"runId\": \"" + id + "\", \"lane\": \"" + lane + "\", \"item\": \"" + item
                + "\", \"phase\": \"running\", \"startedAt\": \"2025-01-01T00:00:00Z\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void aCorruptFileIsQuarantinedAndReportedWhileTheRestLoads(String label, String relative, byte[] content,
            String expected) throws IOException {
        StateStore s = store();
        s.putRetry(ItemRef.issue(1), new RetryEntry(1, T0, "x", null, T0));
        s.putRetry(ItemRef.pr(1), new RetryEntry(2, T0, "x", null, T0));
        s.putProviderCooldown("good", new RetryEntry(1, T0, null, null, null));
        s.putSchedule(1, new ScheduleEntry(60, null, T0));
        s.putBlockedRecovery(1, T0);
        s.putPrLaneOverride(1, PrLane.FIX);
        s.putRun(WorkerRun.active("good-run", Lane.IMPLEMENT, ItemRef.issue(1), RunPhase.RUNNING, T0));
        s.putBudgetMark(ItemRef.issue(1), new BudgetMark(T0, null));
        Path bad = dir.resolve(relative);
        Files.createDirectories(bad.getParent());
        Files.write(bad, content);

        LoadResult<PlannerState> r = s.loadPlannerState();

        assertThat(r.problems()).as(label).hasSize(1);
        StateProblem problem = r.problems().get(0);
        assertThat(problem.path()).isEqualTo(bad);
        assertThat(problem.message()).contains(expected).contains("moved to quarantine/" + relative + ".");
        // Plain words: no Java type or Jackson wording.
        assertThat(problem.message()).doesNotContain("`", "java.", "Cannot deserialize", "JsonToken", "RetryEntry",
                "Exception");
        assertThat(heard).containsExactly(problem);
        assertThat(bad).doesNotExist();
        Path qdir = dir.resolve("quarantine").resolve(relative).getParent();
        String prefix = bad.getFileName() + ".20250304T050607.000Z";
        assertThat(qdir.resolve(prefix)).hasBinaryContent(content);
        assertThat(Files.readString(qdir.resolve(prefix + ".reason"))).contains(relative, expected);

        PlannerState state = r.value();
        assertThat(state.retries()).containsKeys(ItemRef.issue(1), ItemRef.pr(1));
        assertThat(state.providerCooldowns()).containsKey("good");
        assertThat(state.schedules()).containsKey(1);
        assertThat(state.blockedRecovery()).containsKey(1);
        assertThat(state.prLaneOverrides()).containsKey(1);
        assertThat(state.runs()).extracting(WorkerRun::runId).containsExactly("good-run");
        assertThat(state.budgetMarks()).containsKey(ItemRef.issue(1));

        // quarantined once: the next load is clean
        assertThat(s.loadPlannerState().problems()).isEmpty();
    }

    @Test
    void aSingleReadOfACorruptFileQuarantinesItAndReadsAsAbsent() throws IOException {
        StateStore s = store();
        Files.createDirectories(dir.resolve("claims"));
        Files.writeString(dir.resolve("claims/issue-4.json"), "{\"item\": \"issue#4\"");
        assertThat(s.claim(ItemRef.issue(4))).isEmpty();
        assertThat(heard).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(dir.resolve("claims/issue-4.json"));
            assertThat(p.message()).contains("not valid JSON");
        });
        assertThat(dir.resolve("claims/issue-4.json")).doesNotExist();
        assertThat(s.tryClaim(ItemRef.issue(4), "me")).isPresent();
    }

    @Test
    void twoCorruptVersionsOfOneFileAreBothKept() throws IOException {
        StateStore s = store();
        Path bad = dir.resolve("retries/issues/3.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "first");
        s.loadPlannerState();
        Files.writeString(bad, "second");
        s.loadPlannerState();
        assertThat(heard).hasSize(2);
        Path q = dir.resolve("quarantine/retries/issues");
        assertThat(q.resolve("3.json.20250304T050607.000Z")).hasContent("first");
        assertThat(q.resolve("3.json.20250304T050607.000Z-1")).hasContent("second");
    }

    @Test
    void optionalFieldsMayBeMissing() throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        Files.writeString(dir.resolve("runs/r1.json"), runJson("r1", "implement", "issue#1"));
        Files.createDirectories(dir.resolve("budget"));
        Files.writeString(dir.resolve("budget/issue-2.json"), "{}");
        LoadResult<PlannerState> r = store().loadPlannerState();
        assertThat(r.problems()).isEmpty();
        assertThat(r.value().runs()).singleElement().satisfies(run -> {
            assertThat(run.heavy()).isFalse();
            assertThat(run.endedAt()).isNull();
        });
        assertThat(r.value().budgetMarks()).containsEntry(ItemRef.issue(2), new BudgetMark(null, null));
    }

    @Test
    void filesThatAreNotJsonRecordsAreLeftAlone() throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        Files.writeString(dir.resolve("runs/README.txt"), "notes");
        LoadResult<PlannerState> r = store().loadPlannerState();
        assertThat(r.problems()).isEmpty();
        assertThat(dir.resolve("runs/README.txt")).exists();
    }
}
