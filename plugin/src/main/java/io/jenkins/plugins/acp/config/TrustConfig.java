package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.Profile;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The profile file's {@code trust} section. */
public class TrustConfig implements Describable<TrustConfig> {
    private static final Profile.Trust DEFAULTS = Profile.Trust.defaults();

    private String minimumPermission = DEFAULTS.minimumPermission().wireName();
    private String optInLabel = DEFAULTS.optInLabel();

    @DataBoundConstructor
    public TrustConfig() {

    }

    public String getMinimumPermission() {
        return minimumPermission;
    }

    @DataBoundSetter
    public void setMinimumPermission(String minimumPermission) {
        this.minimumPermission = Values.fixEmpty(minimumPermission);
    }

    public String getOptInLabel() {
        return optInLabel;
    }

    @DataBoundSetter
    public void setOptInLabel(String optInLabel) {
        this.optInLabel = Values.fixEmpty(optInLabel);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpTrust")
    public static final class DescriptorImpl extends Descriptor<TrustConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.TrustConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckMinimumPermission(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("trust.minimumPermission", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckOptInLabel(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("trust.optInLabel", Values.fixEmpty(value));
        }

        @POST
        public ListBoxModel doFillMinimumPermissionItems() {
            ListBoxModel items = new ListBoxModel();
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return items;
            }
            // A new profile's select shows the option marked selected: the engine's default, never the first (none).
            for (Permission p : Permission.values()) {
                items.add(new ListBoxModel.Option(p.wireName(), p.wireName(), p == DEFAULTS.minimumPermission()));
            }
            return items;
        }

    }
}
