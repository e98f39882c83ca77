package io.jenkins.plugins.acp.job;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterDefinition;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** "Create worker job" on the management page: POST, Administer and the crumb; the job made from the template. */
@WithJenkins
class CreateWorkerJobITest {
    JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        ProfileConfig demo = new ProfileConfig("id: demo\nrepository: {slug: acme/widgets}\n");
        demo.setEnabled(false);
        AgentControlPlaneConfiguration.get().setProfiles(List.of(demo));
    }

    WebResponse post(JenkinsRule.WebClient wc, boolean crumb) throws Exception {
        WebRequest request = new WebRequest(new URL(r.getURL(), "manage/agent-control-plane-status/createWorkerJob?profile=demo"),
                HttpMethod.POST);
        if (crumb) {
            wc.addCrumb(request);
        }
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        return wc.getPage(request).getWebResponse();
    }

    @Test
    void anAdministratorCreatesTheWorkerJobFromTheTemplate() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("admin");
        String manage = wc.goTo("manage/agent-control-plane-status/").asNormalizedText();
        assertThat(manage).contains("Create worker job").contains("Open the control plane")
                .contains("Last heartbeat").contains("none yet");

        WebResponse created = post(wc, true);
        assertThat(created.getStatusCode()).isEqualTo(302);
        WorkflowJob job = r.jenkins.getItemByFullName("demo-worker", WorkflowJob.class);
        assertThat(job).isNotNull();
        assertThat(((CpsFlowDefinition) job.getDefinition()).getScript()).isEqualTo(WorkerJobs.SCRIPT)
                .contains("acpWorker()").contains("acpReconcile()");
        assertThat(((CpsFlowDefinition) job.getDefinition()).isSandbox()).isTrue();
        assertThat(job.getProperty(ParametersDefinitionProperty.class).getParameterDefinitions())
                .extracting(p -> p.getName() + "=" + java.util.Objects.toString(
                        ((StringParameterDefinition) p).getDefaultValue(), ""))
                .containsExactly("ACP_PROFILE=demo", "ACP_LANE=", "ACP_ITEM=", "ACP_RUN_ID=");
        assertThat(AgentControlPlaneConfiguration.get().profile("demo").orElseThrow().getWorkerJob())
                .isEqualTo("demo-worker");
        assertThat(wc.goTo("manage/agent-control-plane-status/").asNormalizedText()).doesNotContain("Create worker job");

        WebResponse again = post(wc, true);
        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getContentAsString()).contains("demo-worker").contains("already exists; the worker job of profile");
    }

    @Test
    void withoutTheCrumbOrAdministerNothingIsCreated() throws Exception {
        assertThat(post(r.createWebClient().login("admin"), false).getStatusCode()).isEqualTo(403);
        assertThat(post(r.createWebClient().login("reader"), true).getStatusCode()).isEqualTo(403);
        assertThat(r.jenkins.getItemByFullName("demo-worker")).isNull();
    }
}
