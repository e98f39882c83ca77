package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.RateLimitChecker;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

/** Builds {@link GitHubForge}s: standalone (our own client) or around a hub4j client the caller already has. */
public final class GitHubForges {
    /** Client timeouts; tests shorten them. */
    public record Timeouts(Duration connect, Duration read) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static final long CACHE_BYTES = 64L * 1024 * 1024;

    private GitHubForges() {
    }

    /**
     * The last good observation a forge rooted at {@code stateDir} saved (the heartbeat's), without a request; empty
     * when there is none or it cannot be read. A worker reads its item from it instead of observing again.
     */
    public static java.util.Optional<io.agentcontrolplane.core.forge.Observation> lastObservation(Path stateDir) {
        return java.util.Optional.ofNullable(new ForgeFiles(stateDir).loadMirror());
    }

    /** The standalone runtime: everything from the profile, the token from the caller (never logged). */
    public static GitHubForge standalone(Profile profile, String token, Path stateDir, RateGovernor governor) {
        return standalone(profile.repository().apiUrl(), token, GitHubForge.Settings.of(profile), stateDir, governor,
                Timeouts.DEFAULT);
    }

    /**
     * A forge on its own OkHttp client: an on-disk HTTP cache under {@code stateDir/http-cache} (every GET
     * revalidated: max-age 0, If-None-Match), the {@link RequestMeter}, no silent retries, and hub4j told to fail
     * rather than sleep on rate limits (the governor decides).
     *
     * @param apiUrl {@code https://api.github.com}, or {@code https://host/api/v3} for GitHub Enterprise
     */
    public static GitHubForge standalone(String apiUrl, String token, GitHubForge.Settings settings, Path stateDir,
            RateGovernor governor, Timeouts timeouts) {
        Objects.requireNonNull(token, "token");
        RequestMeter meter = new RequestMeter(governor);
        OkHttpClient client = client(stateDir, meter, timeouts);
        GitHub gh = hub4j(apiUrl, token, client);
        return new GitHubForge(gh, new GitHubHttp(client, apiUrl, token, governor), settings, stateDir, governor,
                meter);
    }

    /**
     * Around a hub4j client built elsewhere (Jenkins: github-branch-source's {@code Connector}). Plain calls and
     * their accounting go through a client derived from {@code base} with this profile's meter.
     */
    public static GitHubForge around(GitHub gh, OkHttpClient base, String apiUrl, String token,
            GitHubForge.Settings settings, Path stateDir, RateGovernor governor) {
        RequestMeter meter = new RequestMeter(governor);
        OkHttpClient client = base.newBuilder().addInterceptor(meter).build();
        return new GitHubForge(gh, new GitHubHttp(client, apiUrl, token, governor), settings, stateDir, governor,
                meter);
    }

    static OkHttpClient client(Path stateDir, RequestMeter meter, Timeouts timeouts) {
        try {
            Files.createDirectories(stateDir.resolve("http-cache"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stateDir.resolve("http-cache"), e);
        }
        return new OkHttpClient.Builder()
                .cache(new Cache(stateDir.resolve("http-cache").toFile(), CACHE_BYTES))
                .addInterceptor(meter)
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.read())
                .writeTimeout(timeouts.read())
                .retryOnConnectionFailure(false)
                .build();
    }

    /** hub4j over {@code client}, with the FAIL rate-limit and abuse-limit handlers and no rate-limit checker. */
    static GitHub hub4j(String apiUrl, String token, OkHttpClient client) {
        try {
            return new GitHubBuilder()
                    .withEndpoint(apiUrl.replaceAll("/+$", ""))
                    .withOAuthToken(token)
                    .withConnector(new OkHttpGitHubConnector(client))
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .withRateLimitChecker(RateLimitChecker.NONE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the GitHub client for " + apiUrl, e);
        }
    }
}
