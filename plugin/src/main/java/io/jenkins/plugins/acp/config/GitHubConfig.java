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

/** The profile file's {@code github} section: how the GitHub API budget is spent. */
public class GitHubConfig implements Describable<GitHubConfig> {
    private static final Profile.GitHubSettings DEFAULTS = Profile.GitHubSettings.defaults();

    private Integer reserve = DEFAULTS.reserve();
    private Integer readReserve = DEFAULTS.readReserve();
    private Integer writesPerMinute = DEFAULTS.writesPerMinute();

    @DataBoundConstructor
    public GitHubConfig() {

    }

    public Integer getReserve() {
        return reserve;
    }

    @DataBoundSetter
    public void setReserve(Integer reserve) {
        this.reserve = reserve;
    }

    public Integer getReadReserve() {
        return readReserve;
    }

    @DataBoundSetter
    public void setReadReserve(Integer readReserve) {
        this.readReserve = readReserve;
    }

    public Integer getWritesPerMinute() {
        return writesPerMinute;
    }

    @DataBoundSetter
    public void setWritesPerMinute(Integer writesPerMinute) {
        this.writesPerMinute = writesPerMinute;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpGitHub")
    public static final class DescriptorImpl extends Descriptor<GitHubConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.GitHubConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckReserve(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("github.reserve", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckReadReserve(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("github.readReserve", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckWritesPerMinute(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("github.writesPerMinute", FieldValidation.number(value));
        }


    }
}
