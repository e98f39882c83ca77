package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One entry of {@code agent.pools}: a provider pool, tried in failover order. */
public class PoolConfig implements Describable<PoolConfig> {
    private String name;
    private String backend;
    private String model;

    @DataBoundConstructor
    public PoolConfig(String name, String backend) {
        this.name = Values.fixEmpty(name);
        this.backend = Values.fixEmpty(backend);
    }

    public String getName() {
        return name;
    }

    public String getBackend() {
        return backend;
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = Values.fixEmpty(model);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpPool")
    public static final class DescriptorImpl extends Descriptor<PoolConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.PoolConfig_DisplayName();
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
        public FormValidation doCheckBackend(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.pools[0].backend", Values.fixEmpty(value));
        }

        @POST
        public ListBoxModel doFillBackendItems() {
            return jenkins.hasPermission(Jenkins.ADMINISTER) ? FieldValidation.backendItems(null) : new ListBoxModel();
        }

    }
}
