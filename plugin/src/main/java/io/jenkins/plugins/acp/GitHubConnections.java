package io.jenkins.plugins.acp;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.PasswordCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentcontrolplane.core.profile.Profile;
import io.jenkins.plugins.acp.config.FieldValidation;
import io.jenkins.plugins.acp.config.Values;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.plugins.github_branch_source.Connector;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/**
 * GitHub clients from Jenkins credentials, global context (the configuration is global; the heartbeat runs as
 * SYSTEM). Supported: a GitHub App or a username with a token as password, through github-branch-source's
 * {@link Connector} (pooled, released on close); or a token as plain-credentials secret text, with hub4j directly
 * ({@code Connector.connect} does not accept secret text). No credentials: anonymous.
 */
public final class GitHubConnections {
    private GitHubConnections() {
    }

    /** An open client; close it to release a pooled connection. */
    public static final class Connection implements AutoCloseable {
        private final GitHub github;
        private final boolean pooled;
        private final String kind;
        private final String token;

        Connection(GitHub github, boolean pooled, String kind, String token) {
            this.github = github;
            this.pooled = pooled;
            this.kind = kind;
            this.token = token;
        }

        public GitHub github() {
            return github;
        }

        /**
         * The token the client authenticates with (a GitHub App installation token, the password of username/password
         * credentials, or the secret text), for the forge's plain HTTP calls; null when anonymous or unknown. Never
         * log it.
         */
        public String token() {
            return token;
        }

        @Override
        public String toString() {
            return "GitHub connection (" + kind + ")"; // never the token
        }

        /** What authenticated it, in words ("GitHub App or username/password credentials", "secret text", "anonymous"). */
        public String kind() {
            return kind;
        }

        @Override
        public void close() {
            if (pooled) {
                Connector.release(github);
            }
        }
    }

    /** The API URL to use: the configured one, or github.com's. */
    public static String apiUrl(String apiUrl) {
        String s = Values.fixEmpty(apiUrl);
        return s == null ? Profile.RepositorySettings.GITHUB_API : s;
    }

    /** The repository owner of an {@code owner/repo} slug, for GitHub App credentials; null when unknown. */
    static String owner(String slug) {
        if (slug == null) {
            return null;
        }
        int slash = slug.indexOf('/');
        return slash > 0 ? slug.substring(0, slash) : null;
    }

    /** Opens a client for the profile's API URL and credentials id (null id: anonymous). */
    public static Connection open(JenkinsFacade jenkins, String apiUrl, String credentialsId, String slug)
            throws IOException {
        String api = apiUrl(apiUrl);
        if (credentialsId == null) {
            return new Connection(Connector.connect(api, null), true, "anonymous", null);
        }
        StandardCredentials scan = Connector.lookupScanCredentials((Item) null, api, credentialsId, owner(slug));
        if (scan != null) {
            // GitHub App credentials answer getPassword() with an installation token for the owner they were looked up for.
            String password = scan instanceof PasswordCredentials p ? p.getPassword().getPlainText() : null;
            return new Connection(Connector.connect(api, scan), true, "GitHub App or username/password credentials",
                    password);
        }
        StringCredentials token = findSecretText(jenkins, api, credentialsId);
        if (token != null) {
            String secret = token.getSecret().getPlainText();
            GitHub github = new GitHubBuilder().withEndpoint(api).withOAuthToken(secret).build();
            return new Connection(github, false, "secret text credentials", secret);
        }
        throw new IOException("no usable GitHub credentials with id '" + credentialsId + "' (supported: GitHub App,"
                + " username with a token as password, secret text)");
    }

    private static StringCredentials findSecretText(JenkinsFacade jenkins, String api, String id) {
        return CredentialsProvider.findCredentialByIdInItemGroup(id, StringCredentials.class, jenkins.root(), ACL.SYSTEM2,
                requirements(api));
    }

    private static List<DomainRequirement> requirements(String api) {
        return URIRequirementBuilder.fromUri(api).build();
    }

    /** The credentials usable for GitHub at this API URL, global context. Callers check Administer first. */
    public static ListBoxModel listCredentials(JenkinsFacade jenkins, String apiUrl, String current) {
        String api = apiUrl(apiUrl);
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        model.includeAs(ACL.SYSTEM2, jenkins.root(), StandardUsernamePasswordCredentials.class, requirements(api));
        model.includeAs(ACL.SYSTEM2, jenkins.root(), StringCredentials.class, requirements(api));
        model.includeCurrentValue(current);
        return model;
    }

    /** Whether the id names usable GitHub credentials. Callers check Administer first. */
    public static FormValidation checkCredentials(JenkinsFacade jenkins, String apiUrl, String credentialsId) {
        String api = apiUrl(apiUrl);
        if (Connector.lookupScanCredentials((Item) null, api, credentialsId, null) != null
                || findSecretText(jenkins, api, credentialsId) != null) {
            return FormValidation.ok();
        }
        return FormValidation.error("no usable GitHub credentials with id '" + credentialsId + "' for " + api
                + " (supported: GitHub App, username with a token as password, secret text)");
    }

    /**
     * Connects, reads the repository, and reports who is authenticated and the rate limit left. Callers check
     * Administer first and call it by POST only. The token is never part of the answer.
     */
    public static FormValidation testConnection(JenkinsFacade jenkins, String apiUrl, String credentialsId, String slug) {
        String api = apiUrl(apiUrl);
        List<String> urlProblems = FieldValidation.problems("repository.apiUrl", api);
        if (!urlProblems.isEmpty()) {
            return FormValidation.error("API URL " + String.join("; ", urlProblems));
        }
        try (Connection connection = open(jenkins, api, credentialsId, slug)) {
            GitHub github = connection.github();
            StringBuilder answer = new StringBuilder("Connected to ").append(api).append(' ').append(who(github));
            answer.append(" (").append(connection.kind()).append(')');
            if (slug != null) {
                GHRepository repository = github.getRepository(slug);
                answer.append("; repository ").append(repository.getFullName()).append(" is readable (default branch ")
                        .append(repository.getDefaultBranch()).append(')');
            }
            GHRateLimit limit = github.getRateLimit();
            answer.append("; rate limit: ").append(limit.getCore().getRemaining()).append(" of ")
                    .append(limit.getCore().getLimit()).append(" requests left");
            return FormValidation.ok(answer.toString());
        } catch (IOException | RuntimeException e) {
            return FormValidation.error("Cannot use GitHub at " + api + (slug == null ? "" : " for " + slug) + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        }
    }

    private static String who(GitHub github) {
        if (github.isAnonymous()) {
            return "anonymously";
        }
        try {
            return "as " + github.getMyself().getLogin();
        } catch (IOException e) {
            return "as a GitHub App installation"; // installation tokens cannot read /user
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
