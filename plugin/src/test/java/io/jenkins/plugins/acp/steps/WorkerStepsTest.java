package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.agentcontrolplane.core.run.RunDirectory;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps' decisions that need no Jenkins: arguments and parameters, the agent's environment, a run's end. */
class WorkerStepsTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final WorkerRun RUN = WorkerRun.active("r1", Lane.IMPLEMENT, ItemRef.issue(12), RunPhase.RUNNING, T0);

    @Test
    void argumentsWinOverTheBuildParametersAndBlankCountsAsAbsent() {
        Map<String, String> env = Map.of("ACP_PROFILE", "widgets", "ACP_LANE", "implement", "ACP_ITEM", "issue#12",
                "ACP_RUN_ID", "r1");
        assertThat(WorkerArguments.resolve(null, " ", null, null, env))
                .isEqualTo(new WorkerArguments("widgets", "implement", "issue#12", "r1"));
        assertThat(WorkerArguments.resolve("other", null, "pr#7", " r2 ", env))
                .isEqualTo(new WorkerArguments("other", "implement", "pr#7", "r2"));
    }

    @Test
    void eachProblemNamesTheArgumentAndItsParameter() {
        WorkerArguments none = WorkerArguments.resolve(null, null, "issue 12", null, Map.of());
        assertThat(none.problems("acpWorker", null)).containsExactly(
                "acpWorker: no profile: give profile: 'id' or the build parameter ACP_PROFILE",
                "acpWorker: no run: give run: 'run id' or the build parameter ACP_RUN_ID",
                "acpWorker: item 'issue 12' is not an issue or pull request (issue#12, pr#7)");
    }

    @Test
    void aLaneOrItemOtherThanTheRecordedOnesIsRefused() {
        assertThat(new WorkerArguments("w", "implement", "issue#12", "r1").problems("acpWorker", RUN)).isEmpty();
        assertThat(new WorkerArguments("w", "fix", "issue#13", "r1").problems("acpWorker", RUN)).containsExactly(
                "acpWorker: lane 'fix' is not the lane of run r1 (implement)",
                "acpWorker: item 'issue#13' is not the item of run r1 (issue#12)");
    }

    @Test
    void everyVariableOfTheNodeTheEngineDidNotPassIsBlankedOut() {
        Map<String, String> out = LauncherProcesses.overrides(Map.of("PATH", "/usr/bin", "ACP_RUN_ID", "r1"),
                Set.of("PATH", "GITHUB_TOKEN", "JENKINS_SECRET"));
        assertThat(out).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin", "ACP_RUN_ID", "r1",
                "GITHUB_TOKEN", "", "JENKINS_SECRET", ""));
    }

    @Test
    void aRunEndsAsItsWorkersTerminalRecordSays(@TempDir Path dir) throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("r1"));
        assertThatThrownBy(() -> AcpReconcileStep.ended(RUN, runDir)).isInstanceOf(AbortException.class)
                .hasMessageContaining("run r1 has not ended (no run.json in");
        RunRecord running = RunRecord.running("r1", "w", Lane.IMPLEMENT, ItemRef.issue(12), "command", T0,
                ProcessHandle.current());
        runDir.writeRecord(running);
        assertThatThrownBy(() -> AcpReconcileStep.ended(RUN, runDir)).hasMessageContaining("run.json says running");
        runDir.writeRecord(running.failed("timeout", "too slow", T0.plusSeconds(60), 1));
        WorkerRun ended = AcpReconcileStep.ended(RUN, runDir);
        assertThat(ended.phase()).isEqualTo(RunPhase.FAILED);
        assertThat(ended.reason()).isEqualTo("timeout");
        assertThat(ended.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(ended.item()).isEqualTo(ItemRef.issue(12));
    }
}
