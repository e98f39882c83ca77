package io.jenkins.plugins.acp.config;

import hudson.Extension;
import hudson.RelativePath;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.jenkins.plugins.acp.GitHubConnections;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.WorkerParameters;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

import org.kohsuke.stapler.verb.POST;

/**
 * One profile as configured in Jenkins: every setting of the engine's {@link Profile}, under the names of the profile
 * file, so that a profile file and the JCasC YAML look alike; plus the Jenkins-only settings ({@code credentialsId},
 * {@code workerJob}, {@code heartbeatIntervalSeconds}, {@code enabled}). No secret is held: only a credentials id.
 */
public class ProfileConfig implements Describable<ProfileConfig> {
    /** The heartbeat interval when none is configured. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 60;
    /** The shortest heartbeat interval accepted. */
    public static final int MIN_HEARTBEAT_INTERVAL_SECONDS = 10;

    private String id;
    private RepositoryConfig repository;
    private String credentialsId;
    private String tokenEnv;
    private String workerJob;
    // null: the default. XStream skips field initialisers, so a configuration saved before a setting existed loads
    // it as null, never as 0 or false.
    private Integer heartbeatIntervalSeconds;
    private Boolean enabled;
    private AgentConfig agent = new AgentConfig();
    private LimitsConfig limits = new LimitsConfig();
    private SchedulesConfig schedules = new SchedulesConfig();
    private LabelsConfig labels = new LabelsConfig();
    private HeavyConfig heavy = new HeavyConfig();
    private NamingConfig naming = new NamingConfig();
    private TrustConfig trust = new TrustConfig();
    private BudgetConfig budget = new BudgetConfig();
    private WorkspaceConfig workspace = new WorkspaceConfig();
    private List<TemplateConfig> templates = new ArrayList<>();
    private GitHubConfig github = new GitHubConfig();
    private AssessmentConfig assessment = new AssessmentConfig();

    @DataBoundConstructor
    public ProfileConfig(String id, RepositoryConfig repository) {
        this.id = Values.fixEmpty(id);
        this.repository = repository;
    }

    /**
     * After XStream, which skips field initialisers: a section missing from an older configuration file is the
     * engine's default section, as in a new profile.
     */
    protected Object readResolve() {
        agent = agent == null ? new AgentConfig() : agent;
        limits = limits == null ? new LimitsConfig() : limits;
        schedules = schedules == null ? new SchedulesConfig() : schedules;
        labels = labels == null ? new LabelsConfig() : labels;
        heavy = heavy == null ? new HeavyConfig() : heavy;
        naming = naming == null ? new NamingConfig() : naming;
        trust = trust == null ? new TrustConfig() : trust;
        budget = budget == null ? new BudgetConfig() : budget;
        workspace = workspace == null ? new WorkspaceConfig() : workspace;
        templates = templates == null ? new ArrayList<>() : templates;
        github = github == null ? new GitHubConfig() : github;
        assessment = assessment == null ? new AssessmentConfig() : assessment;
        return this;
    }

    /** The engine's profile, validated exactly as a profile file; throws listing every problem with its field. */
    public Profile toProfile() {
        return load().orElseThrow();
    }

    /** The engine's reading of this configuration: the profile, or every problem. */
    public LoadedProfile load() {
        return ProfileConversion.load(this);
    }

    public String getId() {
        return id;
    }

    public RepositoryConfig getRepository() {
        return repository;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Values.fixEmpty(credentialsId);
    }

    public String getTokenEnv() {
        return tokenEnv;
    }

    @DataBoundSetter
    public void setTokenEnv(String tokenEnv) {
        this.tokenEnv = Values.fixEmpty(tokenEnv);
    }

    public String getWorkerJob() {
        return workerJob;
    }

    @DataBoundSetter
    public void setWorkerJob(String workerJob) {
        this.workerJob = Values.fixEmpty(workerJob);
    }

    public int getHeartbeatIntervalSeconds() {
        return heartbeatIntervalSeconds == null ? DEFAULT_HEARTBEAT_INTERVAL_SECONDS : heartbeatIntervalSeconds;
    }

    @DataBoundSetter
    public void setHeartbeatIntervalSeconds(int heartbeatIntervalSeconds) {
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    @DataBoundSetter
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public AgentConfig getAgent() {
        return agent;
    }

    @DataBoundSetter
    public void setAgent(AgentConfig agent) {
        this.agent = agent;
    }

    public LimitsConfig getLimits() {
        return limits;
    }

    @DataBoundSetter
    public void setLimits(LimitsConfig limits) {
        this.limits = limits;
    }

    public SchedulesConfig getSchedules() {
        return schedules;
    }

    @DataBoundSetter
    public void setSchedules(SchedulesConfig schedules) {
        this.schedules = schedules;
    }

    public LabelsConfig getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(LabelsConfig labels) {
        this.labels = labels;
    }

    public HeavyConfig getHeavy() {
        return heavy;
    }

    @DataBoundSetter
    public void setHeavy(HeavyConfig heavy) {
        this.heavy = heavy;
    }

    public NamingConfig getNaming() {
        return naming;
    }

    @DataBoundSetter
    public void setNaming(NamingConfig naming) {
        this.naming = naming;
    }

    public TrustConfig getTrust() {
        return trust;
    }

    @DataBoundSetter
    public void setTrust(TrustConfig trust) {
        this.trust = trust;
    }

    public BudgetConfig getBudget() {
        return budget;
    }

    @DataBoundSetter
    public void setBudget(BudgetConfig budget) {
        this.budget = budget;
    }

    public WorkspaceConfig getWorkspace() {
        return workspace;
    }

    @DataBoundSetter
    public void setWorkspace(WorkspaceConfig workspace) {
        this.workspace = workspace;
    }

    public List<TemplateConfig> getTemplates() {
        return Values.copy(templates);
    }

    @DataBoundSetter
    public void setTemplates(List<TemplateConfig> templates) {
        this.templates = Values.copy(templates);
    }

    public AssessmentConfig getAssessment() {
        return assessment;
    }

    @DataBoundSetter
    public void setAssessment(AssessmentConfig assessment) {
        this.assessment = assessment;
    }

    public GitHubConfig getGithub() {
        return github;
    }

    @DataBoundSetter
    public void setGithub(GitHubConfig github) {
        this.github = github;
    }

    /** The descriptor: field validation, the credentials list and the connection test. */
    @Extension
    @Symbol("acpProfile")
    public static final class DescriptorImpl extends Descriptor<ProfileConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.ProfileConfig_DisplayName();
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            if (Values.fixEmpty(value) == null) {
                return FormValidation.error("is required (lower-case letters, digits and dashes, e.g. 'my-repo')");
            }
            return FieldValidation.check("id", value.trim());
        }

        @POST
        public FormValidation doCheckTokenEnv(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return FieldValidation.check("credentials.tokenEnv", Values.fixEmpty(value));
        }

        @POST
        public FormValidation doCheckHeartbeatIntervalSeconds(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            Object n = FieldValidation.number(value);
            if (n == null) {
                return FormValidation.ok();
            }
            if (!(n instanceof Integer i) || i < MIN_HEARTBEAT_INTERVAL_SECONDS) {
                return FormValidation.error("must be a whole number of seconds, at least " + MIN_HEARTBEAT_INTERVAL_SECONDS);
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckWorkerJob(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            String name = Values.fixEmpty(value);
            if (name == null) {
                return FormValidation.warning("no worker job: the heartbeat cannot start workers for this profile");
            }
            return jenkins.findJob(name)
                    .map(job -> WorkerParameters.missingParameters(jenkins.parameterNames(job)))
                    .map(missing -> missing.isEmpty() ? FormValidation.ok()
                            : FormValidation.warning("the job does not define the string parameters " + missing
                                    + " (yet: a Jenkinsfile's parameters {} exist after its first build); the"
                                    + " heartbeat passes them anyway"))
                    .orElseGet(() -> FormValidation.error("no job '" + name + "' (give the full name, e.g. folder/job)"));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value,
                @RelativePath("repository") @QueryParameter String apiUrl) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            if (Values.fixEmpty(value) == null) {
                return FormValidation.warning("no credentials: GitHub is read anonymously (60 requests an hour)");
            }
            return GitHubConnections.checkCredentials(jenkins, apiUrl, value.trim());
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId,
                @RelativePath("repository") @QueryParameter String apiUrl) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return new ListBoxModel();
            }
            return GitHubConnections.listCredentials(jenkins, apiUrl, credentialsId);
        }

        /** Connects to GitHub with the chosen credentials and reads the repository; never shows the token. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String credentialsId, @QueryParameter String apiUrl,
                @QueryParameter String slug) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return GitHubConnections.testConnection(jenkins, apiUrl, Values.fixEmpty(credentialsId), Values.fixEmpty(slug));
        }
    }
}
