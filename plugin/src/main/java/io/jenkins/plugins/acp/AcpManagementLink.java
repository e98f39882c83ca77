package io.jenkins.plugins.acp;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * "Agent Control Plane" on Manage Jenkins ({@code JENKINS_URL/manage/agent-control-plane-status/}): for each profile, the
 * last heartbeat report from its heartbeat log. Administer only: the link asks for it, and so does every getter the
 * page reads (the page's URL is reachable by anyone who guesses it).
 */
@Extension
public class AcpManagementLink extends ManagementLink {
    private final JenkinsFacade jenkins;

    public AcpManagementLink() {
        this(new JenkinsFacade());
    }

    AcpManagementLink(JenkinsFacade jenkins) {
        this.jenkins = jenkins;
    }

    @Override
    public String getIconFileName() {
        return "symbol-details";
    }

    @Override
    public String getDisplayName() {
        return Messages.AcpManagementLink_DisplayName();
    }

    @Override
    public String getUrlName() {
        // not "agent-control-plane": /manage/ resolves root actions first, and that is the control plane's URL
        return "agent-control-plane-status";
    }

    /** Under "Status Information": the page shows each profile's last heartbeat; it configures nothing. */
    @NonNull
    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    @Override
    public String getDescription() {
        return Messages.AcpManagementLink_Description();
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    /** How much of each profile's heartbeat log is kept, in MiB (the current file, then the rotated one). */
    public long getKeptMebibytes() {
        return 2 * HeartbeatLog.ROTATE_BYTES / (1024 * 1024);
    }

    /** Every configured profile with its last report, in configuration order. Administer only. */
    public List<ProfileStatus> getProfiles() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        Path root = HeartbeatService.stateRoot(jenkins);
        List<ProfileStatus> out = new ArrayList<>();
        for (ProfileConfig p : AgentControlPlaneConfiguration.get().getProfiles()) {
            out.add(ProfileStatus.of(root, p.getId(), p.isEnabled()));
        }
        return out;
    }

    /** Each profile's health (last heartbeat, GitHub budget, alerts) from the dashboard's snapshot. Administer only. */
    public List<io.jenkins.plugins.acp.view.ProfileHealth> getHealth() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return io.jenkins.plugins.acp.view.ProfileHealth.all();
    }

    /** Whether the profile's worker job is missing, so the page offers to create it. Administer only. */
    public boolean workerJobMissing(String profileId) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return io.jenkins.plugins.acp.job.WorkerJobs.missing(profileId);
    }

    /** "Create worker job" (POST with the crumb, Administer): the profile's worker job from the template. */
    @org.kohsuke.stapler.verb.POST
    public org.kohsuke.stapler.HttpResponse doCreateWorkerJob(@org.kohsuke.stapler.QueryParameter String profile) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return io.jenkins.plugins.acp.job.WorkerJobs.createFor(profile);
    }

    /** One profile's row on the page. */
    public static final class ProfileStatus {
        private final String id;
        private final boolean enabled;
        private final String logFile;
        private final String lastReport;

        ProfileStatus(String id, boolean enabled, String logFile, String lastReport) {
            this.id = id;
            this.enabled = enabled;
            this.logFile = logFile;
            this.lastReport = lastReport;
        }

        /** The status of a profile read from its heartbeat log under a state root. */
        static ProfileStatus of(Path root, String id, boolean enabled) {
            try {
                HeartbeatLog log = new HeartbeatLog(HeartbeatService.stateDir(root, id));
                return new ProfileStatus(id, enabled, log.file().toString(), log.last().orElse(null));
            } catch (IOException | RuntimeException e) {
                return new ProfileStatus(id, enabled, null, "cannot read the heartbeat log: " + e.getMessage());
            }
        }

        public String getId() {
            return id;
        }

        public boolean isEnabled() {
            return enabled;
        }

        /** Where the profile's heartbeat log is; null when the id cannot name a directory. */
        public String getLogFile() {
            return logFile;
        }

        /** The last report with its header line; null before the first heartbeat. */
        public String getLastReport() {
            return lastReport;
        }
    }
}
