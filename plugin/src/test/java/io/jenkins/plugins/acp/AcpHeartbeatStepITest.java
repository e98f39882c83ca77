package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Job;
import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.Run;
import jenkins.model.ParameterizedJobMixIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code acpHeartbeat} in a real Pipeline (workflow-cps), against the GitHub sandbox. */
@WithJenkins
class AcpHeartbeatStepITest {
    private AcpSandboxSupport gh;

    @BeforeEach
    void sandbox() {
        gh = new AcpSandboxSupport();
    }

    @AfterEach
    void close() {
        gh.close();
    }

    private static Run<?, ?> build(JenkinsRule r, Job<?, ?> job) throws Exception {
        assertThat(ParameterizedJobMixIn.scheduleBuild2(job, 0)).isNotNull();
        r.waitUntilNoActivity();
        Run<?, ?> build = job.getLastBuild();
        assertThat(build).as("a build of " + job.getFullName()).isNotNull();
        return build;
    }

    @Test
    void theStepPrintsThePlanAndSchedulesTheWorker(JenkinsRule r) throws Exception {
        Job<?, ?> worker = AcpSandboxSupport.worker(r, "worker", 0);
        gh.configure("worker");
        Job<?, ?> heartbeat = AcpSandboxSupport.pipeline(r, "heartbeat",
                "def summary = acpHeartbeat(profile: 'demo')\necho \"summary=${summary}\"", false, 0);

        Run<?, ?> build = r.assertBuildStatusSuccess(build(r, heartbeat));

        r.assertLogContains("Heartbeat of profile demo: completed", build);
        r.assertLogContains("launched ", build);
        r.assertLogContains("summary=completed: 1 launched", build);
        r.assertLogNotContains(AcpSandboxSupport.TOKEN, build);
        Run<?, ?> workerBuild = r.assertBuildStatusSuccess(worker.getLastBuild());
        AcpCause cause = workerBuild.getCause(AcpCause.class);
        assertThat(cause).isNotNull();
        assertThat(cause.getShortDescription()).isEqualTo("Agent Control Plane: implement issue #" + gh.issue);
        assertThat(AcpSandboxSupport.parameters(workerBuild.getAction(ParametersAction.class)))
                .containsEntry("ACP_ITEM", "issue#" + gh.issue).containsEntry("ACP_PROFILE", "demo");
        r.assertLogContains("ACP demo implement issue#" + gh.issue + " " + cause.getRunId(), workerBuild);
    }

    @Test
    void anUnknownProfileFailsTheStepWithAClearMessage(JenkinsRule r) throws Exception {
        AcpSandboxSupport.worker(r, "worker", 0);
        gh.configure("worker");
        Job<?, ?> heartbeat = AcpSandboxSupport.pipeline(r, "heartbeat", "acpHeartbeat(profile: 'nope')", false, 0);

        Run<?, ?> build = r.assertBuildStatus(Result.FAILURE, build(r, heartbeat));

        r.assertLogContains("unknown Agent Control Plane profile 'nope' (configured: [demo])", build);
    }
}
