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

/** The profile file's {@code budget} section. */
public class BudgetConfig implements Describable<BudgetConfig> {
    private static final Profile.Budget DEFAULTS = Profile.Budget.defaults();

    private Integer maxAttempts = DEFAULTS.maxAttempts();
    private Integer maxAgentMinutes = DEFAULTS.maxAgentMinutes();

    @DataBoundConstructor
    public BudgetConfig() {

    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    @DataBoundSetter
    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Integer getMaxAgentMinutes() {
        return maxAgentMinutes;
    }

    @DataBoundSetter
    public void setMaxAgentMinutes(Integer maxAgentMinutes) {
        this.maxAgentMinutes = maxAgentMinutes;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpBudget")
    public static final class DescriptorImpl extends Descriptor<BudgetConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.BudgetConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckMaxAttempts(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("budget.maxAttempts", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxAgentMinutes(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("budget.maxAgentMinutes", FieldValidation.number(value));
        }


    }
}
