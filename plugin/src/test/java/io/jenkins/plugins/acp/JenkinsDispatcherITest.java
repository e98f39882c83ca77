package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Job;
import hudson.model.ParameterDefinition;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Run;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import io.agentcontrolplane.core.heartbeat.Dispatcher.DispatchException;
import io.agentcontrolplane.core.heartbeat.WorkerLaunch;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The dispatcher against a real Pipeline worker job. */
@WithJenkins
class JenkinsDispatcherITest {
    private static final WorkerLaunch LAUNCH = new WorkerLaunch("widgets", "run-1", Lane.IMPLEMENT, ItemRef.issue(12),
            "claude-sonnet", "implement", List.of("heavy"));

    /** A Pipeline job taking the four worker parameters (or none) that echoes them. */
    private static Job<?, ?> pipeline(JenkinsRule r, String name, boolean parameters, int quietPeriod) throws Exception {
        return AcpSandboxSupport.pipeline(r, name,
                "echo \"ACP ${params.ACP_PROFILE} ${params.ACP_LANE} ${params.ACP_ITEM} ${params.ACP_RUN_ID}\"",
                parameters, quietPeriod);
    }

    @Test
    void aLaunchBuildsTheWorkerJobWithItsParametersAndCause(JenkinsRule r) throws Exception {
        Job<?, ?> job = pipeline(r, "worker", true, 0);
        JenkinsDispatcher dispatcher = new JenkinsDispatcher("widgets", "worker", new JenkinsFacade());

        dispatcher.dispatch(LAUNCH);
        r.waitUntilNoActivity();

        Run<?, ?> build = r.assertBuildStatusSuccess(job.getLastBuild());
        r.assertLogContains("ACP widgets implement issue#12 run-1", build);
        AcpCause cause = build.getCause(AcpCause.class);
        assertThat(cause).isNotNull();
        assertThat(cause.getShortDescription()).isEqualTo("Agent Control Plane: implement issue #12");
        assertThat(cause.getRunId()).isEqualTo("run-1");
        ParametersAction parameters = build.getAction(ParametersAction.class);
        assertThat(((StringParameterValue) parameters.getParameter("ACP_ITEM")).getValue()).isEqualTo("issue#12");
        assertThat(((StringParameterValue) parameters.getParameter("ACP_LANE")).getValue()).isEqualTo("implement");
        assertThat(dispatcher.activeRuns()).isEmpty();
    }

    @Test
    void aQueuedLaunchIsAPendingRunAndIsNotQueuedTwice(JenkinsRule r) throws Exception {
        Job<?, ?> job = pipeline(r, "slow-worker", true, 3600);
        JenkinsDispatcher dispatcher = new JenkinsDispatcher("widgets", "slow-worker", new JenkinsFacade());

        dispatcher.dispatch(LAUNCH);
        dispatcher.dispatch(LAUNCH);

        assertThat(new JenkinsFacade().queueItems(job)).hasSize(1);
        List<WorkerRun> active = dispatcher.activeRuns();
        assertThat(active).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo("run-1");
            assertThat(run.phase()).isEqualTo(RunPhase.PENDING);
            assertThat(run.heavy()).isTrue();
        });
        assertThat(new JenkinsDispatcher("other", "slow-worker", new JenkinsFacade()).activeRuns())
                .as("another profile's runs").isEmpty();
    }

    @Test
    void aMissingWorkerJobIsAClearDispatchError(JenkinsRule r) {
        assertThatThrownBy(() -> new JenkinsDispatcher("widgets", "nope", new JenkinsFacade()).dispatch(LAUNCH))
                .isInstanceOf(DispatchException.class).hasMessageContaining("'nope'").hasMessageContaining("does not exist");
    }

    /** A Jenkinsfile declaring its parameters in parameters {}: the job defines none before its first build. */
    @Test
    void aWorkerJobWithoutParameterDefinitionsIsDispatchedBeforeItsFirstBuild(JenkinsRule r) throws Exception {
        Job<?, ?> job = AcpSandboxSupport.pipeline(r, "fresh",
                "echo \"ACP ${env.ACP_PROFILE} ${env.ACP_LANE} ${env.ACP_ITEM} ${env.ACP_RUN_ID}\"", false, 0);

        new JenkinsDispatcher("widgets", "fresh", new JenkinsFacade()).dispatch(LAUNCH);

        Run<?, ?> build = waitForBuild(r, job);
        r.assertBuildStatusSuccess(build);
        r.assertLogContains("ACP widgets implement issue#12 run-1", build);
    }

    @Test
    void theJobsOtherParametersKeepTheirDefaults(JenkinsRule r) throws Exception {
        Job<?, ?> job = pipeline(r, "with-extra", true, 0);
        List<ParameterDefinition> definitions = new ArrayList<>(
                job.getProperty(ParametersDefinitionProperty.class).getParameterDefinitions());
        definitions.add(new StringParameterDefinition("MODEL_HINT", "fast", ""));
        job.removeProperty(ParametersDefinitionProperty.class);
        job.addProperty(new ParametersDefinitionProperty(definitions));

        new JenkinsDispatcher("widgets", "with-extra", new JenkinsFacade()).dispatch(LAUNCH);

        Run<?, ?> build = waitForBuild(r, job);
        r.assertBuildStatusSuccess(build);
        ParametersAction action = build.getAction(ParametersAction.class);
        assertThat(action.getParameter("MODEL_HINT")).isInstanceOf(StringParameterValue.class)
                .satisfies(v -> assertThat(((StringParameterValue) v).getValue()).isEqualTo("fast"));
        assertThat(AcpSandboxSupport.parameters(action)).containsEntry("ACP_RUN_ID", "run-1");
    }

    private static Run<?, ?> waitForBuild(JenkinsRule r, Job<?, ?> job) throws Exception {
        for (int i = 0; i < 600 && job.getLastBuild() == null; i++) {
            Thread.sleep(100);
        }
        assertThat(job.getLastBuild()).as("a build of " + job.getFullName()).isNotNull();
        return r.waitForCompletion(job.getLastBuild());
    }
}
