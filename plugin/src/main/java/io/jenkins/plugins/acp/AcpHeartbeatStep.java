package io.jenkins.plugins.acp;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.PrintStream;
import java.io.Serial;
import java.util.Optional;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code acpHeartbeat(profile: 'id')}: runs one heartbeat of a configured profile now, prints its report to the build
 * log and returns a short summary ({@code "completed: 2 launched"}, or {@code "skipped: ..."} when another heartbeat
 * of the profile holds its lock). Fails the step for an unknown or disabled profile and for a failed heartbeat.
 *
 * <p>Profiles are global and the heartbeat uses their credentials, so the step runs with the build's authentication
 * and requires it to have Overall/Administer: it is meant for admin-owned jobs (a cron or webhook job). Without an
 * authorization plugin, builds run as SYSTEM.
 */
public class AcpHeartbeatStep extends Step {
    private final String profile;

    @DataBoundConstructor
    public AcpHeartbeatStep(String profile) {
        this.profile = profile;
    }

    public String getProfile() {
        return profile;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, profile);
    }

    /** Runs off the CPS VM thread; holds only the profile id, so it serializes (it cannot resume after a restart). */
    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String profile;

        Execution(StepContext context, String profile) {
            super(context);
            this.profile = profile;
        }

        @Override
        protected String run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            PrintStream out = listener.getLogger();
            JenkinsFacade jenkins = new JenkinsFacade();
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                throw new AbortException("acpHeartbeat: the build's authentication lacks Overall/Administer;"
                        + " Agent Control Plane profiles are global and meant for admin-owned jobs");
            }
            ProfileConfig config = find(AgentControlPlaneConfiguration.get(), profile);
            out.println("Agent Control Plane: heartbeat of profile '" + profile + "'");
            HeartbeatReport report = new HeartbeatService(jenkins).run(config, out);
            return summary(report);
        }
    }

    /** The enabled profile with this id; AbortException naming the problem otherwise. */
    static ProfileConfig find(AgentControlPlaneConfiguration configuration, String id) throws AbortException {
        if (id == null || id.isBlank()) {
            throw new AbortException("acpHeartbeat: no profile given (acpHeartbeat(profile: 'id'))");
        }
        Optional<ProfileConfig> config = configuration.profile(id);
        if (config.isEmpty()) {
            throw new AbortException("acpHeartbeat: unknown Agent Control Plane profile '" + id + "' (configured: "
                    + configuration.getProfiles().stream().map(ProfileConfig::getId).toList() + ")");
        }
        if (!config.get().isEnabled()) {
            throw new AbortException("acpHeartbeat: Agent Control Plane profile '" + id + "' is disabled");
        }
        return config.get();
    }

    /** The step's value for a report; AbortException for a failed heartbeat. */
    static String summary(HeartbeatReport report) throws AbortException {
        switch (report.outcome()) {
            case "completed":
                return "completed: " + report.launched().size() + " launched"
                        + (report.failures().isEmpty() ? "" : ", " + report.failures().size() + " failed");
            case "skipped":
                return "skipped: " + report.detail();
            default:
                throw new AbortException("acpHeartbeat: the heartbeat of profile '" + report.profileId() + "' "
                        + report.outcome() + (report.detail() == null ? "" : ": " + report.detail()));
        }
    }

    @Extension
    @Symbol("acpHeartbeat")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, Run.class);
        }

        @Override
        public String getFunctionName() {
            return "acpHeartbeat";
        }

        @Override
        public String getDisplayName() {
            return Messages.AcpHeartbeatStep_DisplayName();
        }
    }
}
