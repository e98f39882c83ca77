package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.agentcontrolplane.core.profile.Profile;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The profile file's {@code limits} section; defaults are the engine's. */
public class LimitsConfig implements Describable<LimitsConfig> {
    private static final Profile.Limits DEFAULTS = Profile.Limits.defaults();

    private Integer maxWorkers = DEFAULTS.maxWorkers();
    private Integer maxPrWorkers = DEFAULTS.maxPrWorkers();
    private Integer maxHeavyWorkers = DEFAULTS.maxHeavyWorkers();
    private Integer maxRecurringWorkers = DEFAULTS.maxRecurringWorkers();
    private Integer maxScheduledWorkers = DEFAULTS.maxScheduledWorkers();
    private Integer maxScheduledHeavyWorkers = DEFAULTS.maxScheduledHeavyWorkers();
    private Integer maxBlockedRecoveryWorkers = DEFAULTS.maxBlockedRecoveryWorkers();
    private Integer blockedRecoveryCooldownSeconds = DEFAULTS.blockedRecoveryCooldownSeconds();
    private Integer maxOpenAgentPrsForRecurring = DEFAULTS.maxOpenAgentPrsForRecurring();
    private Integer maxLaunchesPerHeartbeat;
    private Integer doubleCheckFastLaunches = DEFAULTS.doubleCheckFastLaunches();
    private Integer prReservationFloor = DEFAULTS.prReservationFloor();

    @DataBoundConstructor
    public LimitsConfig() {

    }

    public Integer getMaxWorkers() {
        return maxWorkers;
    }

    @DataBoundSetter
    public void setMaxWorkers(Integer maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    public Integer getMaxPrWorkers() {
        return maxPrWorkers;
    }

    @DataBoundSetter
    public void setMaxPrWorkers(Integer maxPrWorkers) {
        this.maxPrWorkers = maxPrWorkers;
    }

    public Integer getMaxHeavyWorkers() {
        return maxHeavyWorkers;
    }

    @DataBoundSetter
    public void setMaxHeavyWorkers(Integer maxHeavyWorkers) {
        this.maxHeavyWorkers = maxHeavyWorkers;
    }

    public Integer getMaxRecurringWorkers() {
        return maxRecurringWorkers;
    }

    @DataBoundSetter
    public void setMaxRecurringWorkers(Integer maxRecurringWorkers) {
        this.maxRecurringWorkers = maxRecurringWorkers;
    }

    public Integer getMaxScheduledWorkers() {
        return maxScheduledWorkers;
    }

    @DataBoundSetter
    public void setMaxScheduledWorkers(Integer maxScheduledWorkers) {
        this.maxScheduledWorkers = maxScheduledWorkers;
    }

    public Integer getMaxScheduledHeavyWorkers() {
        return maxScheduledHeavyWorkers;
    }

    @DataBoundSetter
    public void setMaxScheduledHeavyWorkers(Integer maxScheduledHeavyWorkers) {
        this.maxScheduledHeavyWorkers = maxScheduledHeavyWorkers;
    }

    public Integer getMaxBlockedRecoveryWorkers() {
        return maxBlockedRecoveryWorkers;
    }

    @DataBoundSetter
    public void setMaxBlockedRecoveryWorkers(Integer maxBlockedRecoveryWorkers) {
        this.maxBlockedRecoveryWorkers = maxBlockedRecoveryWorkers;
    }

    public Integer getBlockedRecoveryCooldownSeconds() {
        return blockedRecoveryCooldownSeconds;
    }

    @DataBoundSetter
    public void setBlockedRecoveryCooldownSeconds(Integer blockedRecoveryCooldownSeconds) {
        this.blockedRecoveryCooldownSeconds = blockedRecoveryCooldownSeconds;
    }

    public Integer getMaxOpenAgentPrsForRecurring() {
        return maxOpenAgentPrsForRecurring;
    }

    @DataBoundSetter
    public void setMaxOpenAgentPrsForRecurring(Integer maxOpenAgentPrsForRecurring) {
        this.maxOpenAgentPrsForRecurring = maxOpenAgentPrsForRecurring;
    }

    public Integer getMaxLaunchesPerHeartbeat() {
        return maxLaunchesPerHeartbeat;
    }

    @DataBoundSetter
    public void setMaxLaunchesPerHeartbeat(Integer maxLaunchesPerHeartbeat) {
        this.maxLaunchesPerHeartbeat = maxLaunchesPerHeartbeat;
    }

    public Integer getDoubleCheckFastLaunches() {
        return doubleCheckFastLaunches;
    }

    @DataBoundSetter
    public void setDoubleCheckFastLaunches(Integer doubleCheckFastLaunches) {
        this.doubleCheckFastLaunches = doubleCheckFastLaunches;
    }

    public Integer getPrReservationFloor() {
        return prReservationFloor;
    }

    @DataBoundSetter
    public void setPrReservationFloor(Integer prReservationFloor) {
        this.prReservationFloor = prReservationFloor;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpLimits")
    public static final class DescriptorImpl extends Descriptor<LimitsConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.LimitsConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckMaxWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxPrWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxPrWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxHeavyWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxHeavyWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxRecurringWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxRecurringWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxScheduledWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxScheduledWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxScheduledHeavyWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxScheduledHeavyWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxBlockedRecoveryWorkers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxBlockedRecoveryWorkers", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckBlockedRecoveryCooldownSeconds(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.blockedRecoveryCooldownSeconds", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxOpenAgentPrsForRecurring(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxOpenAgentPrsForRecurring", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxLaunchesPerHeartbeat(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.maxLaunchesPerHeartbeat", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckDoubleCheckFastLaunches(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.doubleCheckFastLaunches", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckPrReservationFloor(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("limits.prReservationFloor", FieldValidation.number(value));
        }


    }
}
