package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.ProfileKeys;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One entry of the profile file's {@code templates} mapping: a lane and its template path. */
public class TemplateConfig implements Describable<TemplateConfig> {
    private String lane;
    private String path;

    @DataBoundConstructor
    public TemplateConfig(String lane, String path) {
        this.lane = Values.fixEmpty(lane);
        this.path = Values.fixEmpty(path);
    }

    public String getLane() {
        return lane;
    }

    public String getPath() {
        return path;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpTemplate")
    public static final class DescriptorImpl extends Descriptor<TemplateConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.TemplateConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckLane(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return Values.fixEmpty(value) == null ? FormValidation.validateRequired(value)
                    : FieldValidation.check("templates." + value.trim(), "x");
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FormValidation.validateRequired(value);
        }

        @POST
        public ListBoxModel doFillLaneItems() {
            ListBoxModel items = new ListBoxModel();
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return items;
            }
            for (String lane : ProfileKeys.TEMPLATE_LANES) {
                items.add(lane, lane);
            }
            return items;
        }

    }
}
