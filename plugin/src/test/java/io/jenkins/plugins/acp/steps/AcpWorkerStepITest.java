package io.jenkins.plugins.acp.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.slaves.DumbSlave;
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
import jenkins.security.MasterToSlaveCallable;
import jenkins.util.VirtualFile;
import org.htmlunit.html.HtmlPage;
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
    static final String AGENT = """
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
            """;

    ProfileConfig configure(String workerJob) throws Exception {
        return configure(sandbox, tmp, AGENT, workerJob);
    }

    /**
     * The profile {@code demo} on the sandbox (disabled, so that the periodic heartbeat leaves it to the test), its
     * {@code command} backend running {@code script}, its workspace and run directories under {@code tmp}.
     */
    static ProfileConfig configure(GitHubSandbox sandbox, Path tmp, String script, String workerJob)
            throws Exception {
        Path agent = tmp.resolve("agent.sh");
        Files.writeString(agent, script);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
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
                """.formatted(REPO, sandbox.baseUrl(), agent, tmp.resolve("acp"), tmp.resolve("runs")));
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

    /**
     * The same on a separate agent JVM (launched by the harness through a command launcher): the engine's worker
     * runs there (its run record names the agent JVM's process), in the agent's workspace, and its run directory
     * comes back to the controller, where reconcile opens the pull request.
     */
    @Test
    void onARealAgentTheWorkerRunsInTheAgentsJvmAndReconcileOpensThePullRequest(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("acp-worker"));
        long agentPid = agent.getChannel().call(new Pid());
        assertThat(agentPid).isNotEqualTo(ProcessHandle.current().pid());
        WorkflowJob job = workerJob(r, "widgets-worker", """
                def w
                node('acp-worker') { w = acpWorker() }
                echo "worker: ${w.status} ${w.outcome} ${w.action} ${w.reason}"
                def c = acpReconcile()
                echo "reconcile: ${c.status}"
                """);
        ProfileConfig demo = configure(job.getFullName());

        var report = new HeartbeatService(new JenkinsFacade()).run(demo, System.out);
        assertThat(report.launched()).as(report.render()).hasSize(1);
        r.waitUntilNoActivity();
        WorkflowRun build = job.getBuildByNumber(1);
        String log = JenkinsRule.getLog(build);
        assertThat(build.getResult()).as(log).isEqualTo(Result.SUCCESS);
        assertThat(log).contains("on agent '" + agent.getNodeName() + "'")
                .contains("worker: succeeded implemented host-publish-issue-pr null")
                .contains("reconcile: reconciled").doesNotContain(TOKEN);

        String runId = ((StringParameterValue) build.getAction(ParametersAction.class).getParameter("ACP_RUN_ID"))
                .getValue();
        VirtualFile artifacts = build.getArtifactManager().root().child("acp-run");
        String record = read(artifacts.child("run.json"));
        assertThat(record).as("the worker ran in the agent's JVM").containsPattern("\"pid\"\\s*:\\s*" + agentPid + "\\b");
        String workspace = agent.getWorkspaceFor(job).getRemote();
        assertThat(read(artifacts.child("workspace.json"))).contains(workspace);
        assertThat(read(artifacts.child("agent-env.txt"))).contains("ACP_RUN_ID=" + runId).doesNotContain(TOKEN);
        // the run directory is back on the controller, where reconcile and the dashboard read it, its workspace
        // being the controller's repository that received the run's commits from the agent
        assertThat(tmp.resolve("runs").resolve(runId).resolve("run.json")).exists();
        Path commits = r.jenkins.getRootDir().toPath().resolve("agent-control-plane/demo/node-commits");
        assertThat(Files.readString(tmp.resolve("runs").resolve(runId).resolve("workspace.json")))
                .contains(commits.toString()).doesNotContain(workspace);

        SandboxRepo repo = sandbox.repo(REPO);
        SandboxRepo.PullView pull = repo.pull(issue + 1);
        assertThat(pull.state()).isEqualTo("open");
        assertThat(repo.branches()).contains(pull.headRef());
        // the agent's own commit was pushed (not a replay of the patch, which would be another commit)
        assertThat(read(artifacts.child("workspace.json"))).contains("\"headSha\" : \"" + pull.headSha() + "\"");
    }

    /**
     * A worker build that ends before {@code acpReconcile} (here its Pipeline has none): the heartbeat records the
     * worker's end and reconciles it with the step's reconciler, opening the pull request once; further heartbeats
     * and a later {@code acpReconcile} of the run change nothing.
     */
    @Test
    void theHeartbeatReconcilesARunWhoseBuildNeverReachedAcpReconcileExactlyOnce(JenkinsRule r) throws Exception {
        // the build fails after its worker succeeded, as one aborted between the two steps
        WorkflowJob job = workerJob(r, "widgets-worker", "node { acpWorker() }\nerror 'stopped before acpReconcile'");
        ProfileConfig demo = configure(job.getFullName());
        HeartbeatService heartbeat = new HeartbeatService(new JenkinsFacade());
        assertThat(heartbeat.run(demo, System.out).launched()).hasSize(1);
        r.waitUntilNoActivity();
        WorkflowRun build = job.getBuildByNumber(1);
        assertThat(build.getResult()).as(JenkinsRule.getLog(build)).isEqualTo(Result.FAILURE);
        r.assertLogContains("Agent Control Plane: run ", build);
        String runId = ((StringParameterValue) build.getAction(ParametersAction.class).getParameter("ACP_RUN_ID"))
                .getValue();
        SandboxRepo repo = sandbox.repo(REPO);
        assertThat(pullRequests(repo)).as("nothing is published by the build").isEmpty();

        for (int i = 0; i < 4 && pullRequests(repo).isEmpty(); i++) {
            heartbeat.run(demo, System.out);
        }
        assertThat(pullRequests(repo)).hasSize(1);
        int number = pullRequests(repo).get(0).number();
        assertThat(repo.pull(number).headRef()).contains("issue-" + issue);
        heartbeat.run(demo, System.out);
        heartbeat.run(demo, System.out);

        job.setDefinition(new CpsFlowDefinition("echo \"reconcile: ${acpReconcile().status}\"", true));
        WorkflowRun again = r.assertBuildStatusSuccess(job.scheduleBuild2(0, new ParametersAction(
                new StringParameterValue("ACP_PROFILE", "demo"), new StringParameterValue("ACP_RUN_ID", runId))));
        r.assertLogContains("reconcile: already-reconciled", again);
        assertThat(pullRequests(repo)).hasSize(1);
        assertThat(repo.comments(issue).stream().filter(c -> c.body().contains("Opened PR #" + number))).hasSize(1);
        assertThat(tmp.resolve("runs").resolve(runId).resolve("reconciled.json")).exists();

        // the management page links the control plane and shows the profile's health from the same snapshot
        HtmlPage manage = r.createWebClient().goTo("manage/agent-control-plane-status/");
        assertThat(manage.getAnchorByHref(r.contextPath + "/agent-control-plane/").getTextContent())
                .isEqualTo("Open the control plane");
        assertThat(manage.asNormalizedText()).containsPattern("demo\\s+completed at \\S+\\s+\\d+\\s+");
    }

    private static List<SandboxRepo.IssueView> pullRequests(SandboxRepo repo) {
        return repo.issues().stream().filter(SandboxRepo.IssueView::pullRequest).toList();
    }

    /** The process id of the JVM it runs in. */
    static final class Pid extends MasterToSlaveCallable<Long, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long call() {
            return ProcessHandle.current().pid();
        }
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
