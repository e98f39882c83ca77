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

/** The profile file's {@code naming} section; empty fields derive from the profile id. */
public class NamingConfig implements Describable<NamingConfig> {
    private String issueBranchPrefix;
    private String prBranchPrefix;
    private String issueSessionPrefix;
    private String prSessionPrefix;
    private List<String> managedBranchPrefixes;

    @DataBoundConstructor
    public NamingConfig() {

    }

    public String getIssueBranchPrefix() {
        return issueBranchPrefix;
    }

    @DataBoundSetter
    public void setIssueBranchPrefix(String issueBranchPrefix) {
        this.issueBranchPrefix = Values.fixEmpty(issueBranchPrefix);
    }

    public String getPrBranchPrefix() {
        return prBranchPrefix;
    }

    @DataBoundSetter
    public void setPrBranchPrefix(String prBranchPrefix) {
        this.prBranchPrefix = Values.fixEmpty(prBranchPrefix);
    }

    public String getIssueSessionPrefix() {
        return issueSessionPrefix;
    }

    @DataBoundSetter
    public void setIssueSessionPrefix(String issueSessionPrefix) {
        this.issueSessionPrefix = Values.fixEmpty(issueSessionPrefix);
    }

    public String getPrSessionPrefix() {
        return prSessionPrefix;
    }

    @DataBoundSetter
    public void setPrSessionPrefix(String prSessionPrefix) {
        this.prSessionPrefix = Values.fixEmpty(prSessionPrefix);
    }

    public List<String> getManagedBranchPrefixes() {
        return Values.copy(managedBranchPrefixes);
    }

    @DataBoundSetter
    public void setManagedBranchPrefixes(List<String> managedBranchPrefixes) {
        this.managedBranchPrefixes = Values.copy(managedBranchPrefixes);
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpNaming")
    public static final class DescriptorImpl extends Descriptor<NamingConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.NamingConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckIssueBranchPrefix(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("naming.issueBranchPrefix", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckPrBranchPrefix(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("naming.prBranchPrefix", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckIssueSessionPrefix(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("naming.issueSessionPrefix", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckPrSessionPrefix(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("naming.prSessionPrefix", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckManagedBranchPrefixes(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("naming.managedBranchPrefixes", Values.lines(value));
        }


    }
}
