package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.agentcontrolplane.core.profile.Profile;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The profile file's {@code workspace.retention}: how many finished run workspaces are kept, and for how long; how
 * long run records and done outbox intents are kept.
 */
public class RetentionConfig implements Describable<RetentionConfig> {
    private static final Profile.Retention DEFAULTS = Profile.Retention.defaults();

    private Integer maxWorkspaces = DEFAULTS.maxWorkspaces();
    private Integer maxAgeHours = DEFAULTS.maxAgeHours();
    private Integer maxDiskMb = DEFAULTS.maxDiskMb();
    private Integer residentMaxTasks = DEFAULTS.residentMaxTasks();
    private Integer residentMaxHours = DEFAULTS.residentMaxHours();
    private Integer runRecordDays = DEFAULTS.runRecordDays();
    private Integer outboxDays = DEFAULTS.outboxDays();

    @DataBoundConstructor
    public RetentionConfig() {
    }

    public Integer getMaxWorkspaces() {
        return maxWorkspaces;
    }

    @DataBoundSetter
    public void setMaxWorkspaces(Integer maxWorkspaces) {
        this.maxWorkspaces = maxWorkspaces;
    }

    public Integer getMaxAgeHours() {
        return maxAgeHours;
    }

    @DataBoundSetter
    public void setMaxAgeHours(Integer maxAgeHours) {
        this.maxAgeHours = maxAgeHours;
    }

    public Integer getMaxDiskMb() {
        return maxDiskMb;
    }

    @DataBoundSetter
    public void setMaxDiskMb(Integer maxDiskMb) {
        this.maxDiskMb = maxDiskMb;
    }

    public Integer getResidentMaxTasks() {
        return residentMaxTasks;
    }

    @DataBoundSetter
    public void setResidentMaxTasks(Integer residentMaxTasks) {
        this.residentMaxTasks = residentMaxTasks;
    }

    public Integer getResidentMaxHours() {
        return residentMaxHours;
    }

    @DataBoundSetter
    public void setResidentMaxHours(Integer residentMaxHours) {
        this.residentMaxHours = residentMaxHours;
    }

    public Integer getRunRecordDays() {
        return runRecordDays;
    }

    @DataBoundSetter
    public void setRunRecordDays(Integer runRecordDays) {
        this.runRecordDays = runRecordDays;
    }

    public Integer getOutboxDays() {
        return outboxDays;
    }

    @DataBoundSetter
    public void setOutboxDays(Integer outboxDays) {
        this.outboxDays = outboxDays;
    }

    /** The descriptor. */
    @Extension
    @Symbol("acpRetention")
    public static final class DescriptorImpl extends Descriptor<RetentionConfig> {
        @Override
        public String getDisplayName() {
            return Messages.RetentionConfig_DisplayName();
        }
    }
}
