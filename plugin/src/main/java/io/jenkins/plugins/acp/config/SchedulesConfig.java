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

/** The profile file's {@code schedules} section. */
public class SchedulesConfig implements Describable<SchedulesConfig> {
    private List<Integer> retryCooldowns = Profile.Schedules.DEFAULT_COOLDOWNS;
    private List<Integer> providerCooldowns = Profile.Schedules.DEFAULT_COOLDOWNS;

    @DataBoundConstructor
    public SchedulesConfig() {

    }

    public List<Integer> getRetryCooldowns() {
        return Values.copy(retryCooldowns);
    }

    @DataBoundSetter
    public void setRetryCooldowns(List<Integer> retryCooldowns) {
        this.retryCooldowns = Values.copy(retryCooldowns);
    }

    public List<Integer> getProviderCooldowns() {
        return Values.copy(providerCooldowns);
    }

    @DataBoundSetter
    public void setProviderCooldowns(List<Integer> providerCooldowns) {
        this.providerCooldowns = Values.copy(providerCooldowns);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpSchedules")
    public static final class DescriptorImpl extends Descriptor<SchedulesConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.SchedulesConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckRetryCooldowns(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("schedules.retryCooldowns", FieldValidation.numbers(value));
        }

        @POST
        public FormValidation doCheckProviderCooldowns(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("schedules.providerCooldowns", FieldValidation.numbers(value));
        }


    }
}
