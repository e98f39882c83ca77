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

/** The profile file's {@code workspace} section; empty fields derive from the root. */
public class WorkspaceConfig implements Describable<WorkspaceConfig> {
    private String root;
    private String stateDir;
    private String worktreeRoot;
    private String runsRoot;

    @DataBoundConstructor
    public WorkspaceConfig() {

    }

    public String getRoot() {
        return root;
    }

    @DataBoundSetter
    public void setRoot(String root) {
        this.root = Values.fixEmpty(root);
    }

    public String getStateDir() {
        return stateDir;
    }

    @DataBoundSetter
    public void setStateDir(String stateDir) {
        this.stateDir = Values.fixEmpty(stateDir);
    }

    public String getWorktreeRoot() {
        return worktreeRoot;
    }

    @DataBoundSetter
    public void setWorktreeRoot(String worktreeRoot) {
        this.worktreeRoot = Values.fixEmpty(worktreeRoot);
    }

    public String getRunsRoot() {
        return runsRoot;
    }

    @DataBoundSetter
    public void setRunsRoot(String runsRoot) {
        this.runsRoot = Values.fixEmpty(runsRoot);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpWorkspace")
    public static final class DescriptorImpl extends Descriptor<WorkspaceConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.WorkspaceConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckRoot(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("workspace.root", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckStateDir(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("workspace.stateDir", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckWorktreeRoot(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("workspace.worktreeRoot", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckRunsRoot(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("workspace.runsRoot", Values.fixEmpty(value));
        }


    }
}
