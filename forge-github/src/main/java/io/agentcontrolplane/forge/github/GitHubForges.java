package io.agentcontrolplane.forge.github;

import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.RateLimitChecker;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

/**
 * Builds {@link GitHubForge}s, the same way for the standalone runtime and for Jenkins: an on-disk HTTP cache, the
 * request meter, hub4j failing fast instead of sleeping on rate limits (the governor decides).
 */
public final class GitHubForges {
    /** Client timeouts; tests shorten them. */
    public record Timeouts(Duration connect, Duration read) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static final long CACHE_BYTES = 64L * 1024 * 1024;
    private static final String TOKEN_FREE_MARKER = "token-free";
    /** The HTTP cache of each open forge built here, for {@link #close(GitHubForge)}. */
    private static final Map<GitHubForge, Cache> CACHES = Collections.synchronizedMap(new WeakHashMap<>());

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
     * revalidated: max-age 0, If-None-Match; no entry holds the token, see {@link TokenFreeVary}), the {@link RequestMeter}, no silent retries, and hub4j told to fail
     * rather than sleep on rate limits (the governor decides).
     *
     * @param apiUrl {@code https://api.github.com}, or {@code https://host/api/v3} for GitHub Enterprise
     */
    public static GitHubForge standalone(String apiUrl, String token, GitHubForge.Settings settings, Path stateDir,
            RateGovernor governor, Timeouts timeouts) {
        return standalone(apiUrl, token, settings, stateDir, governor, timeouts, new OkHttpClient());
    }

    /**
     * As {@link #standalone(String, String, GitHubForge.Settings, Path, RateGovernor, Timeouts)}, on a client derived
     * from {@code base}: it keeps base's proxy, connection pool and threads (Jenkins: okhttp-api's client, with the
     * Jenkins proxy), and gets everything else here. Close the forge's HTTP cache with {@link #close(GitHubForge)}.
     */
    public static GitHubForge standalone(String apiUrl, String token, GitHubForge.Settings settings, Path stateDir,
            RateGovernor governor, Timeouts timeouts, OkHttpClient base) {
        Objects.requireNonNull(token, "token");
        RequestMeter meter = new RequestMeter(governor);
        OkHttpClient client = client(base, stateDir, meter, timeouts);
        GitHub gh = hub4j(apiUrl, token, client);
        GitHubForge forge = new GitHubForge(gh, new GitHubHttp(client, apiUrl, token, governor), settings, stateDir,
                governor, meter);
        CACHES.put(forge, client.cache());
        return forge;
    }

    /** Closes the on-disk HTTP cache of a forge built here (its files stay for the next one); idempotent. */
    public static void close(GitHubForge forge) {
        Cache cache = CACHES.remove(forge);
        if (cache != null) {
            try {
                cache.close();
            } catch (IOException e) {
                // the cache is an optimisation: a failed close loses nothing the next client cannot rebuild
            }
        }
    }

    static OkHttpClient client(OkHttpClient base, Path stateDir, RequestMeter meter, Timeouts timeouts) {
        Path dir = stateDir.resolve("http-cache");
        Cache cache = new Cache(dir.toFile(), CACHE_BYTES);
        try {
            Files.createDirectories(dir);
            purgeEntriesHoldingTheToken(dir, cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return base.newBuilder()
                .cache(cache)
                .addInterceptor(meter)
                .addNetworkInterceptor(new TokenFreeVary())
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.read())
                .writeTimeout(timeouts.read())
                .retryOnConnectionFailure(false)
                .build();
    }

    /**
     * Entries written before {@link TokenFreeVary} kept the token (their Vary named Authorization): a cache directory
     * without the marker is emptied once. It costs one round of full (not 304) reads.
     */
    private static void purgeEntriesHoldingTheToken(Path dir, Cache cache) throws IOException {
        Path marker = dir.resolve(TOKEN_FREE_MARKER);
        if (!Files.exists(marker)) {
            cache.evictAll();
            Files.writeString(marker, "no entry here holds the Authorization header\n");
        }
    }

    /**
     * hub4j over {@code client}, with the FAIL rate-limit and abuse-limit handlers and no rate-limit checker: the one
     * place a hub4j client is built (the plugin's "Test connection" too). A null token is anonymous.
     */
    public static GitHub hub4j(String apiUrl, String token, OkHttpClient client) {
        try {
            GitHubBuilder builder = new GitHubBuilder()
                    .withEndpoint(apiUrl.replaceAll("/+$", ""))
                    .withConnector(new OkHttpGitHubConnector(client))
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .withRateLimitChecker(RateLimitChecker.NONE);
            return (token == null ? builder : builder.withOAuthToken(token)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the GitHub client for " + apiUrl, e);
        }
    }
}
