package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One entry of a backend's {@code options} mapping (maps do not bind in Jenkins). */
public class OptionConfig implements Describable<OptionConfig> {
    private String name;
    private String value;

    @DataBoundConstructor
    public OptionConfig(String name, String value) {
        this.name = Values.fixEmpty(name);
        this.value = Values.fixEmpty(value);
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpBackendOption")
    public static final class DescriptorImpl extends Descriptor<OptionConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.OptionConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FormValidation.validateRequired(value);
        }

        @POST
        public FormValidation doCheckValue(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FormValidation.validateRequired(value);
        }


    }
}
