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

/** The profile file's {@code repository} section. */
public class RepositoryConfig implements Describable<RepositoryConfig> {
    private String slug;
    private String defaultBranch = "main";
    private String apiUrl = Profile.RepositorySettings.GITHUB_API;
    private String cloneUrl;
    private List<String> verifyCommands = List.of();

    @DataBoundConstructor
    public RepositoryConfig(String slug) {
        this.slug = Values.fixEmpty(slug);
    }

    public String getSlug() {
        return slug;
    }

    public String getDefaultBranch() {
        return defaultBranch;
    }

    @DataBoundSetter
    public void setDefaultBranch(String defaultBranch) {
        this.defaultBranch = Values.fixEmpty(defaultBranch);
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = Values.fixEmpty(apiUrl);
    }

    public String getCloneUrl() {
        return cloneUrl;
    }

    @DataBoundSetter
    public void setCloneUrl(String cloneUrl) {
        this.cloneUrl = Values.fixEmpty(cloneUrl);
    }

    public List<String> getVerifyCommands() {
        return Values.copy(verifyCommands);
    }

    @DataBoundSetter
    public void setVerifyCommands(List<String> verifyCommands) {
        this.verifyCommands = Values.copy(verifyCommands);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpRepository")
    public static final class DescriptorImpl extends Descriptor<RepositoryConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.RepositoryConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckSlug(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("repository.slug", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckDefaultBranch(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("repository.defaultBranch", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckApiUrl(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("repository.apiUrl", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckCloneUrl(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("repository.cloneUrl", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckVerifyCommands(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("repository.verifyCommands", Values.lines(value));
        }


    }
}
