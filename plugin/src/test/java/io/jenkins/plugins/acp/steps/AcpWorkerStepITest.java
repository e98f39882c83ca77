package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.util.Secret;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.HeartbeatService;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The worker job end to end: a heartbeat over the GitHub sandbox launches a build of the profile's worker Pipeline
 * job; {@code acpWorker()} prepares the workspace in the node's workspace and runs the {@code command} backend, a
 * scripted agent (a real shell script committing with git and writing {@code result.json}), through the node's
 * launcher; {@code acpReconcile()} pushes the branch and opens the pull request in the sandbox.
 */
@WithJenkins
class AcpWorkerStepITest {
    static final String REPO = "acme/widgets";
    static final String TOKEN = "ghp_SANDBOXtoken0123456789abcdef";

    @TempDir
    Path tmp;
    GitHubSandbox sandbox;
    int issue;

    @BeforeEach
    void sandbox() {
        sandbox = GitHubSandbox.builder().user("acp-bot", TOKEN).repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN).build().start();
        issue = sandbox.repo(REPO).createIssue("acp-bot", "Add a widget", "Please add src/widget.js.", "agent-ready");
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    /** The scripted agent: commits a file, journals a passing check, writes the result, and dumps its environment. */
    Path agent() throws IOException {
        Path script = tmp.resolve("agent.sh");
        Files.writeString(script, """
                #!/bin/sh
                set -e
                env > "$ACP_RUN_DIR/agent-env.txt"
                mkdir -p src
                printf 'export const widget = 1;\\n' > src/widget.js
                git add -A
                git -c user.name=agent -c user.email=agent@example.com commit -q -m 'feat: add a widget'
                printf '%s\\n' '{"timestamp": "2026-01-01T00:00:00Z", "status": "pass", "command": "make test"}' \
                  > "$ACP_RUN_DIR/verification.jsonl"
                printf '%s' '{"outcome": "implemented", "action": "host-publish-issue-pr", "detail": "added the widget"}' \
                  > "$ACP_RESULT_FILE"
                echo "agent done"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    ProfileConfig configure(String workerJob) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "sandbox-token", "GitHub sandbox token", Secret.fromString(TOKEN)));
        SystemCredentialsProvider.getInstance().save();
        ProfileConfig demo = new ProfileConfig("""
                id: demo
                repository:
                  slug: %1$s
                  apiUrl: "%2$s"
                  cloneUrl: "%2$s/%1$s.git"
                agent:
                  backend: command
                  backends:
                    command:
                      command: ["%3$s"]
                      timeoutSeconds: 120
                      stallSeconds: 60
                workspace:
                  root: "%4$s"
                  runsRoot: "%5$s"
                """.formatted(REPO, sandbox.baseUrl(), agent(), tmp.resolve("acp"), tmp.resolve("runs")));
        demo.setCredentialsId("sandbox-token");
        demo.setWorkerJob(workerJob);
        // the periodic heartbeat leaves a disabled profile alone: the test runs the one heartbeat it needs
        demo.setEnabled(false);
        AgentControlPlaneConfiguration.get().setProfiles(List.of(demo));
        return demo;
    }

    static WorkflowJob workerJob(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.addProperty(new ParametersDefinitionProperty(
                new StringParameterDefinition("ACP_PROFILE", ""), new StringParameterDefinition("ACP_LANE", ""),
                new StringParameterDefinition("ACP_ITEM", ""), new StringParameterDefinition("ACP_RUN_ID", "")));
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void aWorkerBuildRunsTheScriptedAgentOnItsNodeAndReconcileOpensThePullRequest(JenkinsRule r) throws Exception {
        WorkflowJob job = workerJob(r, "widgets-worker", """
                def w
                node { w = acpWorker() }
                echo "worker: ${w.status} ${w.outcome} ${w.action} ${w.reason}"
                def c = acpReconcile()
                echo "reconcile: ${c.status}"
                """);
        ProfileConfig demo = configure(job.getFullName());

        var report = new HeartbeatService(new JenkinsFacade()).run(demo, System.out);
        assertThat(report.launched()).as(report.render()).hasSize(1);
        r.waitUntilNoActivity();
        WorkflowRun build = job.getBuildByNumber(1);
        assertThat(build).as("the heartbeat queued a worker build").isNotNull();
        String log = JenkinsRule.getLog(build);
        assertThat(build.getResult()).as(log).isEqualTo(Result.SUCCESS);
        assertThat(log).contains("worker: succeeded implemented host-publish-issue-pr null")
                .contains("reconcile: reconciled").doesNotContain(TOKEN);

        String runId = ((StringParameterValue) build.getAction(ParametersAction.class).getParameter("ACP_RUN_ID"))
                .getValue();
        SandboxRepo repo = sandbox.repo(REPO);
        int number = issue + 1; // issues and pull requests share their numbers
        SandboxRepo.PullView pull = repo.pull(number);
        assertThat(pull.state()).isEqualTo("open");
        assertThat(pull.headRef()).contains("issue-" + issue);
        assertThat(repo.branches()).contains(pull.headRef());
        assertThat(repo.comments(issue).stream().map(SandboxRepo.CommentView::body))
                .anyMatch(b -> b.contains("Opened PR #" + number));

        // the run directory is the build's artifacts; the agent's environment held no token
        VirtualFile artifacts = build.getArtifactManager().root().child("acp-run");
        assertThat(List.of(artifacts.list()).stream().map(VirtualFile::getName).collect(Collectors.toSet()))
                .contains("run.json", "prompt.md", "agent.log", "result.json", "verification.jsonl",
                        "workspace.json", "agent-env.txt");
        String env = read(artifacts.child("agent-env.txt"));
        assertThat(env).contains("ACP_RUN_ID=" + runId).doesNotContain(TOKEN).doesNotContain("GITHUB_TOKEN");
        assertThat(read(artifacts.child("agent.log"))).contains("agent done");
        // the build's page of the run: item link, lane, the launch decision, result, journal, record, prompt
        WorkerRunAction action = build.getAction(WorkerRunAction.class);
        assertThat(action.getItemUrl()).isEqualTo(sandbox.baseUrl() + "/" + REPO + "/issues/" + issue);
        String page = r.createWebClient().getPage(build, "acp-run").asNormalizedText();
        assertThat(page).contains("issue#" + issue).contains("implement").contains(runId)
                .contains("Agent Control Plane: implement issue #" + issue)
                .contains("host-publish-issue-pr").contains("make test").contains("added the widget");
        // the workspace was made in the node's workspace
        assertThat(read(artifacts.child("workspace.json"))).contains(r.jenkins.getWorkspaceFor(job).getRemote());
    }

    @Test
    void onlyTheProfilesWorkerJobMayRunTheSteps(JenkinsRule r) throws Exception {
        configure("widgets-worker");
        WorkflowJob other = workerJob(r, "someone-else", "node { acpWorker(profile: 'demo', run: 'r1') }");
        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, other);
        r.assertLogContains("job 'someone-else' is not the worker job of profile 'demo'", build);
    }

    @Test
    void missingArgumentsNameTheirBuildParameters(JenkinsRule r) throws Exception {
        configure("widgets-worker");
        WorkflowJob job = r.createProject(WorkflowJob.class, "widgets-worker");
        job.setDefinition(new CpsFlowDefinition("acpReconcile()", true));
        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("no profile: give profile: 'id' or the build parameter ACP_PROFILE", build);
        r.assertLogContains("no run: give run: 'run id' or the build parameter ACP_RUN_ID", build);
    }

    private static String read(VirtualFile file) throws IOException {
        try (InputStream in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
