package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The worker steps as Pipeline and the Snippet Generator see them: their symbols, the context each requires (the
 * worker a node, reconcile none), the Groovy the generator writes, and a help page for every argument and step.
 */
@WithJenkins
class StepDescriptorsITest {
    static final Map<String, List<String>> ARGUMENTS = Map.of(
            "acpWorker", List.of("profile", "lane", "item", "run"),
            "acpReconcile", List.of("profile", "run"));

    @Test
    void symbolsAndRequiredContext(JenkinsRule r) {
        StepDescriptor worker = StepDescriptor.byFunctionName("acpWorker");
        StepDescriptor reconcile = StepDescriptor.byFunctionName("acpReconcile");
        assertThat(worker).isInstanceOf(AcpWorkerStep.DescriptorImpl.class);
        assertThat(reconcile).isInstanceOf(AcpReconcileStep.DescriptorImpl.class);
        assertThat(Set.<Class<?>>copyOf(worker.getRequiredContext())).isEqualTo(Set.of(FilePath.class,
                Launcher.class, Computer.class, Run.class, TaskListener.class, EnvVars.class));
        assertThat(Set.<Class<?>>copyOf(reconcile.getRequiredContext())).isEqualTo(Set.of(Run.class,
                TaskListener.class, EnvVars.class));
        assertThat(worker.takesImplicitBlockArgument()).isFalse();
    }

    @Test
    void theSnippetGeneratorWritesTheStepsWithTheirArguments(JenkinsRule r) {
        assertThat(Snippetizer.object2Groovy(new AcpWorkerStep())).isEqualTo("acpWorker()");
        AcpWorkerStep worker = new AcpWorkerStep();
        worker.setProfile("widgets");
        worker.setLane(" ");
        worker.setItem("issue#12");
        worker.setRun("r1");
        assertThat(Snippetizer.object2Groovy(worker))
                .isEqualTo("acpWorker item: 'issue#12', profile: 'widgets', run: 'r1'");
        AcpReconcileStep reconcile = new AcpReconcileStep();
        reconcile.setRun("r1");
        assertThat(Snippetizer.object2Groovy(reconcile)).isEqualTo("acpReconcile run: 'r1'");
    }

    @Test
    void everyArgumentAndStepHasItsHelp(JenkinsRule r) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        for (Map.Entry<String, List<String>> step : ARGUMENTS.entrySet()) {
            String base = StepDescriptor.byFunctionName(step.getKey()).getDescriptorUrl() + "/help";
            assertThat(wc.goTo(base, null).getWebResponse().getStatusCode()).as(step.getKey()).isEqualTo(200);
            for (String argument : step.getValue()) {
                WebResponse help = wc.goTo(base + "/" + argument, null).getWebResponse();
                assertThat(help.getStatusCode()).as(step.getKey() + " " + argument).isEqualTo(200);
                assertThat(help.getContentAsString()).as(step.getKey() + " " + argument).contains("<div>");
            }
            // the check fails for an argument without help
            assertThat(wc.goTo(base + "/nonesuch", null).getWebResponse().getStatusCode()).isEqualTo(404);
        }
    }
}
