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

/** The profile file's {@code assessment} section: how a pull request's risk is judged from the paths it changes. */
public class AssessmentConfig implements Describable<AssessmentConfig> {
    private List<String> lowRiskPaths = Profile.AssessmentRules.DEFAULT_LOW_RISK;
    private List<String> criticalInfraPaths = Profile.AssessmentRules.DEFAULT_CRITICAL_INFRA;
    private List<String> systemBreakingPaths = Profile.AssessmentRules.DEFAULT_SYSTEM_BREAKING;
    private List<String> criticalAppPaths = Profile.AssessmentRules.DEFAULT_CRITICAL_APP;
    private List<String> testPaths = Profile.AssessmentRules.DEFAULT_TESTS;
    private List<String> reviewers = Profile.AssessmentRules.DEFAULT_REVIEWERS;
    private Integer maxProductFiles = new Profile.AssessmentRules(null, null, null, null, null, null, null).maxProductFiles();

    @DataBoundConstructor
    public AssessmentConfig() {
    }

    public List<String> getLowRiskPaths() {
        return Values.copy(lowRiskPaths);
    }

    @DataBoundSetter
    public void setLowRiskPaths(List<String> lowRiskPaths) {
        this.lowRiskPaths = Values.copy(lowRiskPaths);
    }

    public List<String> getCriticalInfraPaths() {
        return Values.copy(criticalInfraPaths);
    }

    @DataBoundSetter
    public void setCriticalInfraPaths(List<String> criticalInfraPaths) {
        this.criticalInfraPaths = Values.copy(criticalInfraPaths);
    }

    public List<String> getSystemBreakingPaths() {
        return Values.copy(systemBreakingPaths);
    }

    @DataBoundSetter
    public void setSystemBreakingPaths(List<String> systemBreakingPaths) {
        this.systemBreakingPaths = Values.copy(systemBreakingPaths);
    }

    public List<String> getCriticalAppPaths() {
        return Values.copy(criticalAppPaths);
    }

    @DataBoundSetter
    public void setCriticalAppPaths(List<String> criticalAppPaths) {
        this.criticalAppPaths = Values.copy(criticalAppPaths);
    }

    public List<String> getTestPaths() {
        return Values.copy(testPaths);
    }

    @DataBoundSetter
    public void setTestPaths(List<String> testPaths) {
        this.testPaths = Values.copy(testPaths);
    }

    public List<String> getReviewers() {
        return Values.copy(reviewers);
    }

    @DataBoundSetter
    public void setReviewers(List<String> reviewers) {
        this.reviewers = Values.copy(reviewers);
    }

    public Integer getMaxProductFiles() {
        return maxProductFiles;
    }

    @DataBoundSetter
    public void setMaxProductFiles(Integer maxProductFiles) {
        this.maxProductFiles = maxProductFiles;
    }

    /** The descriptor: form validation delegating to the engine's profile validator. */
    @Extension
    @Symbol("acpAssessment")
    public static final class DescriptorImpl extends Descriptor<AssessmentConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.AssessmentConfig_DisplayName();
        }

        /** A list setting as the text area shows it: one element a line. */
        public String lines(List<?> list) {
            return Values.joinLines(list);
        }

        @POST
        public FormValidation doCheckLowRiskPaths(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.lowRiskPaths", Values.lines(value));
        }

        @POST
        public FormValidation doCheckCriticalInfraPaths(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.criticalInfraPaths", Values.lines(value));
        }

        @POST
        public FormValidation doCheckSystemBreakingPaths(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.systemBreakingPaths", Values.lines(value));
        }

        @POST
        public FormValidation doCheckCriticalAppPaths(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.criticalAppPaths", Values.lines(value));
        }

        @POST
        public FormValidation doCheckTestPaths(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.testPaths", Values.lines(value));
        }

        @POST
        public FormValidation doCheckReviewers(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.reviewers", Values.lines(value));
        }

        @POST
        public FormValidation doCheckMaxProductFiles(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("assessment.maxProductFiles", FieldValidation.number(value));
        }
    }
}
