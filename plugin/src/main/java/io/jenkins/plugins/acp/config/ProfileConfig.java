package io.jenkins.plugins.acp.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.profile.ProfileScaffold;
import io.jenkins.plugins.acp.GitHubConnections;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.WorkerParameters;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

/**
 * One profile as configured in Jenkins: the text of a profile file ({@code yaml}, exactly what {@code acp} reads,
 * checked by the engine's own loader), plus the settings only Jenkins has: the worker job, the heartbeat interval,
 * whether it is enabled, and a credentials id picked from the Jenkins credentials (the file's
 * {@code credentials.credentialsId}, which may be given in either place but not differently in both). Every other
 * setting, its default and its validation are the engine's. No secret is held: only a credentials id.
 */
public class ProfileConfig extends AbstractDescribableImpl<ProfileConfig> {
    /** The heartbeat interval when none is configured. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 60;
    /** The shortest heartbeat interval accepted. */
    public static final int MIN_HEARTBEAT_INTERVAL_SECONDS = 10;

    private static final YAMLMapper YAML = new YAMLMapper();
    /** The engine's {@code docs/profile.md}, a resource beside this class (copied by the build). */
    static final String PROFILE_REFERENCE = "profile.md";

    private final String yaml;
    private String credentialsId;
    private String workerJob;
    // null: the default. XStream skips field initialisers, so a setting missing from the file loads as null.
    private Integer heartbeatIntervalSeconds;
    private Boolean enabled;
    /** The engine's reading of {@link #yaml} with {@link #credentialsId}; computed once, dropped when either changes. */
    private transient volatile LoadedProfile loaded;

    /** A profile from the text of a profile file. */
    @DataBoundConstructor
    public ProfileConfig(String yaml) {
        this.yaml = yaml == null ? "" : yaml;
    }

    /** After XStream: never a null text. */
    protected Object readResolve() {
        return yaml == null ? copyWith(new ProfileConfig("")) : this;
    }

    private ProfileConfig copyWith(ProfileConfig copy) {
        copy.credentialsId = credentialsId;
        copy.workerJob = workerJob;
        copy.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        copy.enabled = enabled;
        return copy;
    }

    /** The profile file's text, as given. */
    public String getYaml() {
        return yaml;
    }

    /** The name problems carry: {@code Jenkins profile 'widgets'}. */
    public String sourceName() {
        String id = idInText();
        return "Jenkins profile '" + (id == null ? "" : id) + "'";
    }

    /** The engine's profile, validated exactly as a profile file; throws listing every problem with its field. */
    public Profile toProfile() {
        return load().orElseThrow();
    }

    /** The engine's reading of this configuration: the profile, or every problem (with its field and line). */
    public LoadedProfile load() {
        LoadedProfile result = loaded;
        if (result == null) {
            result = read();
            loaded = result;
        }
        return result;
    }

    private LoadedProfile read() {
        String source = sourceName();
        LoadedProfile file = ProfileLoader.load(yaml, source);
        if (!file.isValid() || credentialsId == null) {
            return file;
        }
        String inFile = file.profile().credentials().credentialsId();
        if (inFile != null && !inFile.equals(credentialsId)) {
            return new LoadedProfile(source, null, List.of(new ProfileProblem(source, "credentials.credentialsId",
                    Messages.ProfileConfig_CredentialsTwice(inFile, credentialsId))));
        }
        return file;
    }

    /** The profile id: the file's {@code id}, read even from a file with other problems; null when it has none. */
    public String getId() {
        LoadedProfile result = load();
        return result.isValid() ? result.profile().id() : idInText();
    }

    private String idInText() {
        JsonNode id = tree(yaml).path("id");
        return id.isTextual() ? id.asText() : null;
    }

    /**
     * The credentials to use: the Jenkins setting, else the file's {@code credentials.credentialsId}; null: none.
     * Read it here, not from {@link #toProfile()}'s credentials, which hold only what the text says.
     */
    public String getCredentialsId() {
        if (credentialsId != null) {
            return credentialsId;
        }
        JsonNode inFile = tree(yaml).path("credentials").path("credentialsId");
        return inFile.isTextual() ? Util.fixEmptyAndTrim(inFile.asText()) : null;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        this.loaded = null;
    }

    public String getWorkerJob() {
        return workerJob;
    }

    @DataBoundSetter
    public void setWorkerJob(String workerJob) {
        this.workerJob = Util.fixEmptyAndTrim(workerJob);
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

    /** The file's YAML tree, or an empty one when it does not parse (the loader reports why). */
    static JsonNode tree(String text) {
        try {
            JsonNode root = YAML.readTree(text == null ? "" : text);
            return root == null ? YAML.createObjectNode() : root;
        } catch (java.io.IOException | RuntimeException e) {
            return YAML.createObjectNode();
        }
    }

    /** The API URL a profile text names, else github.com's: for the credentials list and checks while typing. */
    static String apiUrlOf(String text) {
        JsonNode api = tree(text).path("repository").path("apiUrl");
        return GitHubConnections.apiUrl(api.isTextual() ? api.asText() : null);
    }

    /** The descriptor: the profile text's check, the Jenkins settings' checks, credentials and connection test. */
    @Extension
    @Symbol("acpProfile")
    public static final class DescriptorImpl extends Descriptor<ProfileConfig> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.ProfileConfig_DisplayName();
        }

        /** What a profile being added starts with: the engine's scaffold, as {@code acp init} writes it. */
        public String getNewProfileYaml() {
            return new ProfileScaffold(List.of(Messages.ProfileConfig_NewProfileComment()), "my-repo", "owner/my-repo",
                    null, null, null, null).text();
        }

        /**
         * The engine's profile reference ({@code docs/profile.md}, bundled at build time): every key, its default and
         * its check. The help of a profile's text links here.
         */
        @GET
        public void doProfileReference(StaplerResponse2 rsp) throws IOException {
            try (InputStream in = ProfileConfig.class.getResourceAsStream(PROFILE_REFERENCE)) {
                if (in == null) {
                    rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "the profile reference is not bundled");
                    return;
                }
                rsp.setContentType("text/plain;charset=UTF-8");
                in.transferTo(rsp.getOutputStream());
            }
        }

        public int getDefaultHeartbeatIntervalSeconds() {
            return DEFAULT_HEARTBEAT_INTERVAL_SECONDS;
        }

        public int getMinHeartbeatIntervalSeconds() {
            return MIN_HEARTBEAT_INTERVAL_SECONDS;
        }

        /** The engine's verdict on the profile text: every problem with its field and line, as acp validate says. */
        @POST
        public FormValidation doCheckYaml(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return problems(new ProfileConfig(value).load());
        }

        @POST
        public FormValidation doCheckHeartbeatIntervalSeconds(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            String s = Util.fixEmptyAndTrim(value);
            if (s == null) {
                return FormValidation.ok();
            }
            if (!s.matches("\\d{1,9}") || Integer.parseInt(s) < MIN_HEARTBEAT_INTERVAL_SECONDS) {
                return FormValidation.error(Messages.ProfileConfig_IntervalTooShort(MIN_HEARTBEAT_INTERVAL_SECONDS));
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckWorkerJob(@QueryParameter String value) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            String name = Util.fixEmptyAndTrim(value);
            if (name == null) {
                return FormValidation.warning(Messages.ProfileConfig_NoWorkerJob());
            }
            return jenkins.findJob(name)
                    .map(job -> WorkerParameters.missingParameters(jenkins.parameterNames(job)))
                    .map(missing -> missing.isEmpty() ? FormValidation.ok()
                            : FormValidation.warning(Messages.ProfileConfig_WorkerJobParameters(missing)))
                    .orElseGet(() -> FormValidation.error(Messages.ProfileConfig_NoSuchJob(name)));
        }

        /** The credentials chosen here, or else named by the profile text, must be usable at its API URL. */
        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String yaml) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            ProfileConfig profile = new ProfileConfig(yaml);
            profile.setCredentialsId(value);
            for (ProfileProblem p : profile.load().problems()) {
                if (p.field().equals("credentials.credentialsId")) {
                    return FormValidation.error(p.message());
                }
            }
            String id = profile.getCredentialsId();
            if (id == null) {
                return FormValidation.warning(Messages.ProfileConfig_NoCredentials());
            }
            return GitHubConnections.checkCredentials(jenkins, apiUrlOf(yaml), id);
        }

        /** The credentials usable at the API URL the profile text names; the first choice is none. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String yaml) {
            if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
                return new ListBoxModel();
            }
            return GitHubConnections.listCredentials(jenkins, apiUrlOf(yaml), credentialsId);
        }

        /** Connects to GitHub with the chosen credentials and reads the profile's repository; never shows the token. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String credentialsId, @QueryParameter String yaml) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ProfileConfig profile = new ProfileConfig(yaml);
            profile.setCredentialsId(credentialsId);
            LoadedProfile loaded = profile.load();
            if (!loaded.isValid()) {
                return problems(loaded);
            }
            Profile p = loaded.profile();
            return GitHubConnections.testConnection(jenkins, p.repository().apiUrl(), profile.getCredentialsId(),
                    p.repository().slug());
        }

        /** Every problem, one a line, or OK. */
        private static FormValidation problems(LoadedProfile loaded) {
            if (loaded.isValid()) {
                return FormValidation.ok();
            }
            List<String> items = new ArrayList<>();
            for (ProfileProblem p : loaded.problems()) {
                String where = p.field().isEmpty() ? "" : "<code>" + Util.escape(p.field()) + "</code>: ";
                items.add("<li>" + where + Util.escape(p.message()) + "</li>");
            }
            return FormValidation.errorWithMarkup(Messages.ProfileConfig_Problems() + "<ul>" + String.join("", items)
                    + "</ul>");
        }
    }
}
