package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.agentcontrolplane.core.heartbeat.FinishedRun;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker build receives for a launch, and how its cause reads back as a worker run. */
class WorkerLaunchMappingTest {
    private static final WorkerLaunch LAUNCH = new WorkerLaunch("widgets", "run-42", Lane.IMPLEMENT, ItemRef.issue(12),
            "claude-sonnet", "implement", List.of("heavy", "exclusive"));

    @Test
    void theFourParametersCarryProfileLaneItemAndRunId() {
        assertThat(WorkerParameters.of(LAUNCH)).containsExactly(
                entry("ACP_PROFILE", "widgets"), entry("ACP_LANE", "implement"), entry("ACP_ITEM", "issue#12"),
                entry("ACP_RUN_ID", "run-42"));
        WorkerLaunch review = new WorkerLaunch("widgets", "r", Lane.DOUBLE_CHECK_1, ItemRef.pr(7), null, null, null);
        assertThat(WorkerParameters.of(review)).containsEntry("ACP_LANE", "double-check-1").containsEntry("ACP_ITEM", "pr#7");
    }

    @Test
    void missingParametersAreNamed() {
        assertThat(WorkerParameters.missingParameters(List.of("ACP_PROFILE", "ACP_LANE", "OTHER")))
                .containsExactly("ACP_ITEM", "ACP_RUN_ID");
        assertThat(WorkerParameters.missingParameters(WorkerParameters.NAMES)).isEmpty();
    }

    @Test
    void theCauseDescribesTheLaunchAndReadsBackAsItsRun() {
        AcpCause cause = new AcpCause(LAUNCH);
        assertThat(cause.getShortDescription()).isEqualTo("Agent Control Plane: implement issue #12");
        assertThat(cause).isEqualTo(new AcpCause(LAUNCH));

        Instant queued = Instant.parse("2026-11-24T12:00:00Z");
        WorkerRun run = cause.toWorkerRun(RunPhase.PENDING, queued).orElseThrow();

        assertThat(run.runId()).isEqualTo("run-42");
        assertThat(run.lane()).isEqualTo(Lane.IMPLEMENT);
        assertThat(run.item()).isEqualTo(ItemRef.issue(12));
        assertThat(run.phase()).isEqualTo(RunPhase.PENDING);
        assertThat(run.startedAt()).isEqualTo(queued);
        assertThat(run.heavy()).isTrue();
        assertThat(run.exclusive()).isTrue();
        assertThat(run.recurring()).isFalse();
        assertThat(run.provider()).isEqualTo("claude-sonnet");
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }

    @Test
    void aFinishedBuildsResultIsTheRunsEnd() {
        Instant end = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(JenkinsDispatcher.finished("r1", Result.SUCCESS, end))
                .isEqualTo(new FinishedRun("r1", RunPhase.SUCCEEDED, end, null, null));
        assertThat(JenkinsDispatcher.finished("r2", Result.ABORTED, end))
                .isEqualTo(new FinishedRun("r2", RunPhase.CANCELLED, end, null, "build-aborted"));
        assertThat(JenkinsDispatcher.finished("r3", Result.FAILURE, end).reason()).isEqualTo("build-failure");
        assertThat(JenkinsDispatcher.finished("r4", Result.NOT_BUILT, end).reason()).isEqualTo("build-not-built");
        assertThat(JenkinsDispatcher.finished("r5", null, end).phase()).isEqualTo(RunPhase.FAILED);
    }

    @Test
    void aBuildWhoseWorkerEndedIsRecordedAsTheWorkerEndedItWhateverTheBuildBecame() {
        Instant end = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(JenkinsDispatcher.finished(end("r1", "succeeded", "implemented", null), end))
                .isEqualTo(new FinishedRun("r1", RunPhase.SUCCEEDED, end, "implemented", null));
        assertThat(JenkinsDispatcher.finished(end("r2", "failed", null, "agent-timeout"), end))
                .isEqualTo(new FinishedRun("r2", RunPhase.FAILED, end, null, "agent-timeout"));
        // its item was merged or closed meanwhile: not a failure, so no retry and no attempt burned
        assertThat(JenkinsDispatcher.finished(end("r3", "cancelled", null, "no-longer-needed"), end))
                .isEqualTo(new FinishedRun("r3", RunPhase.CANCELLED, end, null, "no-longer-needed"));
        // a status the worker never writes as an end is no success
        assertThat(JenkinsDispatcher.finished(end("r4", "running", null, null), end).phase())
                .isEqualTo(RunPhase.FAILED);
        assertThat(JenkinsDispatcher.finished(end("r5", "done?", null, null), end).phase())
                .isEqualTo(RunPhase.FAILED);
    }

    private static WorkerEnd end(String runId, String status, String outcome, String reason) {
        return new WorkerEnd() {
            @Override
            public String getRunId() {
                return runId;
            }

            @Override
            public String getStatus() {
                return status;
            }

            @Override
            public String getOutcome() {
                return outcome;
            }

            @Override
            public String getReason() {
                return reason;
            }

            @Override
            public String getIconFileName() {
                return null;
            }

            @Override
            public String getDisplayName() {
                return null;
            }

            @Override
            public String getUrlName() {
                return null;
            }
        };
    }
}
