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

/** The profile file's {@code heavy} section. */
public class HeavyConfig implements Describable<HeavyConfig> {
    private List<String> labels = Profile.HeavyRules.DEFAULT_LABELS;
    private String titlePattern = Profile.HeavyRules.DEFAULT_TITLE_PATTERN;
    private String bodyPattern = Profile.HeavyRules.DEFAULT_BODY_PATTERN;

    @DataBoundConstructor
    public HeavyConfig() {

    }

    public List<String> getLabels() {
        return Values.copy(labels);
    }

    @DataBoundSetter
    public void setLabels(List<String> labels) {
        this.labels = Values.copy(labels);
    }

    public String getTitlePattern() {
        return titlePattern;
    }

    @DataBoundSetter
    public void setTitlePattern(String titlePattern) {
        this.titlePattern = Values.fixEmpty(titlePattern);
    }

    public String getBodyPattern() {
        return bodyPattern;
    }

    @DataBoundSetter
    public void setBodyPattern(String bodyPattern) {
        this.bodyPattern = Values.fixEmpty(bodyPattern);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpHeavy")
    public static final class DescriptorImpl extends Descriptor<HeavyConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.HeavyConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckLabels(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("heavy.labels", Values.lines(value));
        }

        @POST
        public FormValidation doCheckTitlePattern(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("heavy.titlePattern", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckBodyPattern(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("heavy.bodyPattern", Values.fixEmpty(value));
        }


    }
}
