package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.Backends;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One entry of {@code agent.backends}, named by its backend (maps do not bind in Jenkins). */
public class BackendConfig implements Describable<BackendConfig> {
    private String name;
    private String model;
    private String effort;
    private Integer timeoutSeconds;
    private Integer stallSeconds;
    private Integer maxAttempts;
    private Integer retryBackoffSeconds;
    private List<String> command;
    private List<OptionConfig> options;

    @DataBoundConstructor
    public BackendConfig(String name) {
        this.name = Values.fixEmpty(name);
    }

    public String getName() {
        return name;
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = Values.fixEmpty(model);
    }

    public String getEffort() {
        return effort;
    }

    @DataBoundSetter
    public void setEffort(String effort) {
        this.effort = Values.fixEmpty(effort);
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @DataBoundSetter
    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getStallSeconds() {
        return stallSeconds;
    }

    @DataBoundSetter
    public void setStallSeconds(Integer stallSeconds) {
        this.stallSeconds = stallSeconds;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    @DataBoundSetter
    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Integer getRetryBackoffSeconds() {
        return retryBackoffSeconds;
    }

    @DataBoundSetter
    public void setRetryBackoffSeconds(Integer retryBackoffSeconds) {
        this.retryBackoffSeconds = retryBackoffSeconds;
    }

    public List<String> getCommand() {
        return Values.copy(command);
    }

    @DataBoundSetter
    public void setCommand(List<String> command) {
        this.command = Values.copy(command);
    }

    public List<OptionConfig> getOptions() {
        return Values.copy(options);
    }

    @DataBoundSetter
    public void setOptions(List<OptionConfig> options) {
        this.options = Values.copy(options);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpBackend")
    public static final class DescriptorImpl extends Descriptor<BackendConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.BackendConfig_DisplayName();
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
            return Values.fixEmpty(value) == null ? FormValidation.validateRequired(value)
                    : FieldValidation.check("agent.backends." + value.trim(), FieldValidation.emptyMapping());
        }

        @POST
        public FormValidation doCheckModel(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".model", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckEffort(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".effort", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckTimeoutSeconds(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".timeoutSeconds", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckStallSeconds(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".stallSeconds", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckMaxAttempts(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".maxAttempts", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckRetryBackoffSeconds(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".retryBackoffSeconds", FieldValidation.number(value));
        }

        @POST
        public FormValidation doCheckCommand(@QueryParameter String value, @QueryParameter("name") String name) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backends." + FieldValidation.key(name) + ".command", Values.lines(value));
        }

        @POST
        public ListBoxModel doFillNameItems() {
            ListBoxModel items = new ListBoxModel();
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return items;
            }
            for (String backend : Backends.SUPPORTED) {
                items.add(backend, backend);
            }
            return items;
        }

    }
}
