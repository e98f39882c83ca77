package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.Profile;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The profile file's {@code agent} section. */
public class AgentConfig implements Describable<AgentConfig> {
    private String backend = Profile.AgentSettings.defaults().backend();
    private List<BackendConfig> backends;
    private List<PoolConfig> pools;

    @DataBoundConstructor
    public AgentConfig() {

    }

    public String getBackend() {
        return backend;
    }

    @DataBoundSetter
    public void setBackend(String backend) {
        this.backend = Values.fixEmpty(backend);
    }

    public List<BackendConfig> getBackends() {
        return Values.copy(backends);
    }

    @DataBoundSetter
    public void setBackends(List<BackendConfig> backends) {
        this.backends = Values.copy(backends);
    }

    public List<PoolConfig> getPools() {
        return Values.copy(pools);
    }

    @DataBoundSetter
    public void setPools(List<PoolConfig> pools) {
        this.pools = Values.copy(pools);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpAgent")
    public static final class DescriptorImpl extends Descriptor<AgentConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.AgentConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckBackend(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("agent.backend", Values.fixEmpty(value));
        }

        @POST
        public ListBoxModel doFillBackendItems() {
            // a new profile starts at the engine's default backend, not at the first listed
            return jenkins.hasPermission(Jenkins.ADMINISTER)
                    ? FieldValidation.backendItems(new Profile.AgentSettings(null, null, null).backend())
                    : new ListBoxModel();
        }

    }
}
