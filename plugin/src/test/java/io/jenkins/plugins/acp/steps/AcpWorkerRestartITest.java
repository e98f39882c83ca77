package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.StringParameterValue;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.HeartbeatService;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while {@code acpWorker} runs (the harness stops Jenkins with the build running, its Pipeline
 * saved, and starts it again on the same home): the step does not resume; it fails the build saying why, and the
 * heartbeat records the run failed with a retry for its item, publishing nothing; the next attempt is a new build.
 */
class AcpWorkerRestartITest {
    @RegisterExtension
    JenkinsSessionExtension sessions = new JenkinsSessionExtension();
    @TempDir
    Path tmp;
    GitHubSandbox sandbox;
    int issue;

    @BeforeEach
    void sandbox() {
        sandbox = GitHubSandbox.builder().user("acp-bot", AcpWorkerStepITest.TOKEN).repo(AcpWorkerStepITest.REPO)
                .permission(AcpWorkerStepITest.REPO, "acp-bot", Permission.ADMIN).build().start();
        issue = sandbox.repo(AcpWorkerStepITest.REPO).createIssue("acp-bot", "Add a widget",
                "Please add src/widget.js.", "agent-ready");
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void aRestartDuringTheStepFailsTheBuildAndTheHeartbeatRecordsTheRetry() throws Throwable {
        Path started = tmp.resolve("agent-started");
        // an agent still running when the first Jenkins stops: it says it started, then waits. (On the built-in node
        // the harness's stop leaves the step's thread in this JVM: that leftover worker ends when the script does.)
        String slowAgent = "#!/bin/sh\ntouch '" + started + "'\nsleep 20\n";
        String[] runId = new String[1];
        sessions.then(r -> {
            WorkflowJob job = AcpWorkerStepITest.workerJob(r, "widgets-worker",
                    "node { acpWorker() }\nacpReconcile()");
            ProfileConfig demo = AcpWorkerStepITest.configure(sandbox, tmp, slowAgent, job.getFullName());
            assertThat(new HeartbeatService(new JenkinsFacade()).run(demo, System.out).launched()).hasSize(1);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.exists(started) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(started).as("the agent started").exists();
            WorkflowRun build = job.getBuildByNumber(1);
            assertThat(build.isBuilding()).isTrue();
            runId[0] = ((StringParameterValue) build.getAction(ParametersAction.class).getParameter("ACP_RUN_ID"))
                    .getValue();
        });
        sessions.then(r -> {
            WorkflowJob job = r.jenkins.getItemByFullName("widgets-worker", WorkflowJob.class);
            WorkflowRun build = job.getBuildByNumber(1);
            r.waitForCompletion(build);
            assertThat(build.getResult()).isEqualTo(Result.FAILURE);
            r.assertLogContains("acpWorker: Jenkins restarted while run " + runId[0] + " was in progress", build);
            assertThat(build.getAction(WorkerRunAction.class)).isNull();

            ProfileConfig demo = AgentControlPlaneConfiguration.get().profile("demo").orElseThrow();
            new HeartbeatService(new JenkinsFacade()).run(demo, System.out);
            StateStore store = StateStore.open(HeartbeatService.stateDir(
                    HeartbeatService.stateRoot(new JenkinsFacade()), "demo"));
            WorkerRun run = store.run(runId[0]).orElseThrow();
            assertThat(run.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(run.reason()).isEqualTo("build-failure");
            assertThat(store.retry(ItemRef.issue(issue))).as("the retry is recorded").isPresent();
            SandboxRepo repo = sandbox.repo(AcpWorkerStepITest.REPO);
            assertThat(repo.issues().stream().filter(SandboxRepo.IssueView::pullRequest)).isEmpty();
        });
    }
}
