package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import hudson.model.Job;
import hudson.model.ParametersAction;
import hudson.model.Queue;
import hudson.model.Run;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.RunPhase;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The periodic heartbeat and HeartbeatService in a real Jenkins, against the GitHub sandbox. */
@WithJenkins
class HeartbeatServiceITest {
    private AcpSandboxSupport gh;

    @BeforeEach
    void sandbox() {
        gh = new AcpSandboxSupport();
    }

    @AfterEach
    void close() {
        gh.close();
    }

    @Test
    void thePeriodicHeartbeatQueuesTheWorkerOnceWithItsParametersAndCause(JenkinsRule r) throws Exception {
        Job<?, ?> worker = AcpSandboxSupport.worker(r, "worker", 3600); // stays queued
        gh.configure("worker");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // (a) through the periodic work; an hour ahead, so the profile is due whatever the timer did meanwhile
        List<HeartbeatReport> reports = ExtensionList.lookupSingleton(AcpHeartbeatWork.class)
                .runDue(new PrintStream(log, true, StandardCharsets.UTF_8), Instant.now().plus(Duration.ofHours(1)));

        assertThat(reports).singleElement().satisfies(rep -> assertThat(rep.outcome()).as(rep.render())
                .isEqualTo("completed"));
        List<Queue.Item> queued = new JenkinsFacade().queueItems(worker);
        assertThat(queued).singleElement().satisfies(item -> {
            AcpCause cause = AcpSandboxSupport.cause(item);
            assertThat(cause).isNotNull();
            assertThat(cause.getShortDescription()).isEqualTo("Agent Control Plane: implement issue #" + gh.issue);
            Map<String, String> params = AcpSandboxSupport.parameters(item.getAction(ParametersAction.class));
            assertThat(params).containsEntry("ACP_PROFILE", "demo").containsEntry("ACP_LANE", "implement")
                    .containsEntry("ACP_ITEM", "issue#" + gh.issue).containsEntry("ACP_RUN_ID", cause.getRunId());
        });
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Heartbeat of profile demo: completed")
                .contains("launched ").doesNotContain(AcpSandboxSupport.TOKEN);

        // (c) a second heartbeat while the worker build is queued schedules nothing more
        HeartbeatReport second = new HeartbeatService(new JenkinsFacade())
                .run(AgentControlPlaneConfiguration.get().profile("demo").orElseThrow(), null);
        assertThat(second.outcome()).as(second.render()).isEqualTo("completed");
        assertThat(second.launched()).isEmpty();
        assertThat(new JenkinsFacade().queueItems(worker)).hasSize(1);

        Path heartbeatLog = r.jenkins.getRootDir().toPath().resolve("agent-control-plane/demo/heartbeat.log");
        assertThat(new HeartbeatLog(heartbeatLog.getParent()).entries()).hasSize(2);
        assertThat(Files.readString(heartbeatLog)).doesNotContain(AcpSandboxSupport.TOKEN);
    }

    @Test
    void aWorkerBuildThatFinishesIsRecordedAsSucceededByTheNextHeartbeat(JenkinsRule r) throws Exception {
        Job<?, ?> worker = AcpSandboxSupport.worker(r, "worker", 0);
        gh.configure("worker");
        HeartbeatService service = new HeartbeatService(new JenkinsFacade());
        ProfileConfig demo = AgentControlPlaneConfiguration.get().profile("demo").orElseThrow();

        HeartbeatReport first = service.run(demo, null);
        assertThat(first.launched()).as(first.render()).hasSize(1);
        r.waitUntilNoActivity();
        Run<?, ?> build = r.assertBuildStatusSuccess(worker.getLastBuild());
        String runId = build.getCause(AcpCause.class).getRunId();

        HeartbeatReport next = service.run(demo, null);

        assertThat(next.outcome()).as(next.render()).isEqualTo("completed");
        StateStore store = StateStore.open(service.stateDir("demo"));
        assertThat(store.run(runId)).hasValueSatisfying(run -> {
            assertThat(run.phase()).isEqualTo(RunPhase.SUCCEEDED);
            assertThat(run.endedAt()).isEqualTo(Instant.ofEpochMilli(build.getStartTimeInMillis() + build.getDuration()));
        });
        r.waitUntilNoActivity(); // whatever the next heartbeat launched ends before Jenkins stops
    }

    @Test
    void aMissingWorkerJobIsAFailedReportNamingIt(JenkinsRule r) throws Exception {
        gh.configure("no-such-job");

        HeartbeatReport report = new HeartbeatService(new JenkinsFacade())
                .run(AgentControlPlaneConfiguration.get().profile("demo").orElseThrow(), null);

        assertThat(report.outcome()).isEqualTo("failed");
        assertThat(report.detail()).contains("worker job 'no-such-job'").contains("does not exist");
    }
}
