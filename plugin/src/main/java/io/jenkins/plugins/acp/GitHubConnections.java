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
import io.agentcontrolplane.forge.github.GitHubForges;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;
import org.jenkinsci.plugins.github_branch_source.Connector;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * GitHub access from Jenkins credentials, global context (the configuration is global; the heartbeat runs as
 * SYSTEM): the credential gives a token, and the client is built by the engine's one factory
 * ({@link GitHubForges}) exactly as the standalone runtime builds it (fail-fast rate-limit handlers, the governor,
 * the request meter, the on-disk HTTP cache), on an OkHttp client from okhttp-api, which applies the Jenkins proxy.
 * github-branch-source's {@link Connector} only looks credentials up. Supported: a GitHub App (its installation
 * token for the repository owner), a username with a token as password, a token as secret text; none: anonymous.
 */
public final class GitHubConnections {
    /** The root of every client: one connection pool and one dispatcher for the plugin. */
    private static final OkHttpClient ROOT = new OkHttpClient();

    private GitHubConnections() {
    }

    /**
     * A token and what it came from, in words ("secret text credentials", ...); {@code token} is null when anonymous.
     * Never logged: {@link #toString()} leaves the token out.
     */
    public record GitHubToken(String token, String kind) {
        @Override
        public String toString() {
            return "GitHub token (" + kind + ")";
        }
    }

    /** An OkHttp client with the Jenkins proxy settings of now, sharing the plugin's pool and threads. */
    public static OkHttpClient client() {
        return JenkinsOkHttpClient.newClientBuilder(ROOT).build();
    }

    /** The API URL to use: the configured one, or github.com's. */
    public static String apiUrl(String apiUrl) {
        String s = hudson.Util.fixEmptyAndTrim(apiUrl);
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

    /** The token of the profile's credentials id at this API URL (null id: anonymous). */
    public static GitHubToken token(JenkinsFacade jenkins, String apiUrl, String credentialsId, String slug)
            throws IOException {
        String api = apiUrl(apiUrl);
        if (credentialsId == null) {
            return new GitHubToken(null, "anonymous");
        }
        StandardCredentials scan = Connector.lookupScanCredentials((Item) null, api, credentialsId, owner(slug));
        if (scan instanceof PasswordCredentials p) {
            // GitHub App credentials answer getPassword() with an installation token for the owner they were looked up for.
            return new GitHubToken(p.getPassword().getPlainText(), "GitHub App or username/password credentials");
        }
        StringCredentials secret = findSecretText(jenkins, api, credentialsId);
        if (secret != null) {
            return new GitHubToken(secret.getSecret().getPlainText(), "secret text credentials");
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
        try {
            GitHubToken token = token(jenkins, api, credentialsId, slug);
            GitHub github = GitHubForges.hub4j(api, token.token(), client());
            StringBuilder answer = new StringBuilder("Connected to ").append(api).append(' ').append(who(github));
            answer.append(" (").append(token.kind()).append(')');
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
