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

/** The profile file's {@code labels} section; defaults are the engine's. */
public class LabelsConfig implements Describable<LabelsConfig> {
    private static final Profile.Labels DEFAULTS = Profile.Labels.defaults();

    private String running = DEFAULTS.running();
    private String blocked = DEFAULTS.blocked();
    private String keepOpen = DEFAULTS.keepOpen();
    private String heavy = DEFAULTS.heavy();
    private String exclusive = DEFAULTS.exclusive();
    private String automerge = DEFAULTS.automerge();
    private String repairQueued = DEFAULTS.repairQueued();
    private String manualFixOverride = DEFAULTS.manualFixOverride();
    private String ciRefresh = DEFAULTS.ciRefresh();
    private String ciBypassed = DEFAULTS.ciBypassed();
    private String doubleCheck1 = DEFAULTS.doubleCheck1();
    private String doubleCheck2 = DEFAULTS.doubleCheck2();
    private String humanReview = DEFAULTS.humanReview();
    private String humanApproved = DEFAULTS.humanApproved();
    private String handoff = DEFAULTS.handoff();
    private String scheduled = DEFAULTS.scheduled();
    private String schedulePrefix = DEFAULTS.schedulePrefix();
    private String needsHuman = DEFAULTS.needsHuman();

    @DataBoundConstructor
    public LabelsConfig() {

    }

    public String getRunning() {
        return running;
    }

    @DataBoundSetter
    public void setRunning(String running) {
        this.running = Values.fixEmpty(running);
    }

    public String getBlocked() {
        return blocked;
    }

    @DataBoundSetter
    public void setBlocked(String blocked) {
        this.blocked = Values.fixEmpty(blocked);
    }

    public String getKeepOpen() {
        return keepOpen;
    }

    @DataBoundSetter
    public void setKeepOpen(String keepOpen) {
        this.keepOpen = Values.fixEmpty(keepOpen);
    }

    public String getHeavy() {
        return heavy;
    }

    @DataBoundSetter
    public void setHeavy(String heavy) {
        this.heavy = Values.fixEmpty(heavy);
    }

    public String getExclusive() {
        return exclusive;
    }

    @DataBoundSetter
    public void setExclusive(String exclusive) {
        this.exclusive = Values.fixEmpty(exclusive);
    }

    public String getAutomerge() {
        return automerge;
    }

    @DataBoundSetter
    public void setAutomerge(String automerge) {
        this.automerge = Values.fixEmpty(automerge);
    }

    public String getRepairQueued() {
        return repairQueued;
    }

    @DataBoundSetter
    public void setRepairQueued(String repairQueued) {
        this.repairQueued = Values.fixEmpty(repairQueued);
    }

    public String getManualFixOverride() {
        return manualFixOverride;
    }

    @DataBoundSetter
    public void setManualFixOverride(String manualFixOverride) {
        this.manualFixOverride = Values.fixEmpty(manualFixOverride);
    }

    public String getCiRefresh() {
        return ciRefresh;
    }

    @DataBoundSetter
    public void setCiRefresh(String ciRefresh) {
        this.ciRefresh = Values.fixEmpty(ciRefresh);
    }

    public String getCiBypassed() {
        return ciBypassed;
    }

    @DataBoundSetter
    public void setCiBypassed(String ciBypassed) {
        this.ciBypassed = Values.fixEmpty(ciBypassed);
    }

    public String getDoubleCheck1() {
        return doubleCheck1;
    }

    @DataBoundSetter
    public void setDoubleCheck1(String doubleCheck1) {
        this.doubleCheck1 = Values.fixEmpty(doubleCheck1);
    }

    public String getDoubleCheck2() {
        return doubleCheck2;
    }

    @DataBoundSetter
    public void setDoubleCheck2(String doubleCheck2) {
        this.doubleCheck2 = Values.fixEmpty(doubleCheck2);
    }

    public String getHumanReview() {
        return humanReview;
    }

    @DataBoundSetter
    public void setHumanReview(String humanReview) {
        this.humanReview = Values.fixEmpty(humanReview);
    }

    public String getHumanApproved() {
        return humanApproved;
    }

    @DataBoundSetter
    public void setHumanApproved(String humanApproved) {
        this.humanApproved = Values.fixEmpty(humanApproved);
    }

    public String getHandoff() {
        return handoff;
    }

    @DataBoundSetter
    public void setHandoff(String handoff) {
        this.handoff = Values.fixEmpty(handoff);
    }

    public String getScheduled() {
        return scheduled;
    }

    @DataBoundSetter
    public void setScheduled(String scheduled) {
        this.scheduled = Values.fixEmpty(scheduled);
    }

    public String getSchedulePrefix() {
        return schedulePrefix;
    }

    @DataBoundSetter
    public void setSchedulePrefix(String schedulePrefix) {
        this.schedulePrefix = Values.fixEmpty(schedulePrefix);
    }

    public String getNeedsHuman() {
        return needsHuman;
    }

    @DataBoundSetter
    public void setNeedsHuman(String needsHuman) {
        this.needsHuman = Values.fixEmpty(needsHuman);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpLabels")
    public static final class DescriptorImpl extends Descriptor<LabelsConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.LabelsConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckRunning(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.running", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckBlocked(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.blocked", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckKeepOpen(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.keepOpen", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckHeavy(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.heavy", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckExclusive(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.exclusive", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckAutomerge(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.automerge", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckRepairQueued(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.repairQueued", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckManualFixOverride(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.manualFixOverride", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckCiRefresh(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.ciRefresh", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckCiBypassed(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.ciBypassed", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckDoubleCheck1(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.doubleCheck1", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckDoubleCheck2(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.doubleCheck2", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckHumanReview(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.humanReview", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckHumanApproved(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.humanApproved", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckHandoff(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.handoff", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckScheduled(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.scheduled", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckSchedulePrefix(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.schedulePrefix", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckNeedsHuman(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("labels.needsHuman", Values.fixEmpty(value));
        }


    }
}
