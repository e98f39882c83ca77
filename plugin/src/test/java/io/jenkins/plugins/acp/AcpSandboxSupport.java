package io.jenkins.plugins.acp;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.ExtensionList;
import hudson.model.Job;
import hudson.model.ParametersAction;
import hudson.model.Queue;
import hudson.model.StringParameterValue;
import hudson.util.Secret;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * What the heartbeat ITests share: the GitHub sandbox with one ready issue, a secret-text credential holding the
 * sandbox token, a profile {@code demo} pointing its API URL at the sandbox, and Pipeline jobs. Not a test itself.
 */
final class AcpSandboxSupport implements AutoCloseable {
    static final String REPO = "acme/widgets";
    static final String TOKEN = "ghp_SANDBOXtoken0123456789abcdef";
    static final String CREDENTIALS_ID = "sandbox-token";

    final GitHubSandbox sandbox;
    final int issue;

    AcpSandboxSupport() {
        sandbox = GitHubSandbox.builder().user("acp-bot", TOKEN).repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN).build().start();
        issue = sandbox.repo(REPO).createIssue("acp-bot", "Add a widget", "Please.", "agent-ready");
    }

    /**
     * The credential, the profile {@code demo} for worker job {@code workerJob}, saved in the configuration; the
     * periodic heartbeat is kept off the profile so that only the test's heartbeats run.
     */
    void configure(String workerJob) throws Exception {
        // the timer's heartbeats stay away for a minute (the default interval): the test runs its own
        ExtensionList.lookupSingleton(AcpHeartbeatWork.class).started("demo", Instant.now());
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL,
                CREDENTIALS_ID, "GitHub sandbox token", Secret.fromString(TOKEN)));
        SystemCredentialsProvider.getInstance().save();
        ProfileConfig demo = new ProfileConfig("""
                id: demo
                repository: {slug: %s, apiUrl: "%s"}
                """.formatted(REPO, sandbox.baseUrl()));
        demo.setCredentialsId(CREDENTIALS_ID);
        demo.setWorkerJob(workerJob);
        AgentControlPlaneConfiguration.get().setProfiles(List.of(demo));
    }

    /** A Pipeline job from workflow-job's XML; with the four worker string parameters when {@code worker}. */
    static Job<?, ?> pipeline(JenkinsRule r, String name, String script, boolean worker, int quietPeriod)
            throws Exception {
        StringBuilder params = new StringBuilder();
        if (worker) {
            params.append("<hudson.model.ParametersDefinitionProperty><parameterDefinitions>");
            for (String p : WorkerParameters.NAMES) {
                params.append("<hudson.model.StringParameterDefinition><name>").append(p)
                        .append("</name><trim>false</trim></hudson.model.StringParameterDefinition>");
            }
            params.append("</parameterDefinitions></hudson.model.ParametersDefinitionProperty>");
        }
        String xml = "<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">"
                + "<properties>" + params + "</properties>"
                + "<quietPeriod>" + quietPeriod + "</quietPeriod>"
                + "<definition class=\"org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition\" plugin=\"workflow-cps\">"
                + "<script>" + script.replace("&", "&amp;").replace("<", "&lt;") + "</script>"
                + "<sandbox>true</sandbox></definition><disabled>false</disabled></flow-definition>";
        return (Job<?, ?>) r.jenkins.createProjectFromXML(name,
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** A worker job that echoes its parameters. */
    static Job<?, ?> worker(JenkinsRule r, String name, int quietPeriod) throws Exception {
        return pipeline(r, name,
                "echo \"ACP ${params.ACP_PROFILE} ${params.ACP_LANE} ${params.ACP_ITEM} ${params.ACP_RUN_ID}\"",
                true, quietPeriod);
    }

    /** The worker parameters of a queue item or build's ParametersAction, by name. */
    static Map<String, String> parameters(ParametersAction action) {
        Map<String, String> out = new TreeMap<>();
        for (String name : WorkerParameters.NAMES) {
            if (action.getParameter(name) instanceof StringParameterValue v) {
                out.put(name, v.getValue());
            }
        }
        return out;
    }

    /** The AcpCause of a queue item, or null. */
    static AcpCause cause(Queue.Item item) {
        return item.getCauses().stream().filter(AcpCause.class::isInstance).map(AcpCause.class::cast).findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
