package io.agentcontrolplane.forge.github;


import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox with acme/widgets, users of each permission, and a forge on it with a fake clock that sleeps instantly. */
abstract class ForgeTestSupport {
    static final String REPO = "acme/widgets";
    static final String TOKEN = "ghp_SECRETtoken0123456789abcdef";

    /** A clock whose time only moves when something sleeps on it (or a test advances it). */
    static final class FakeClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    @TempDir
    Path stateDir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    FakeClock clock = new FakeClock();
    RateGovernor governor;
    GitHubForge forge;

    Profile.GitHubSettings githubSettings() {
        return Profile.GitHubSettings.defaults();
    }

    @BeforeEach
    void startSandbox() {
        sandbox = GitHubSandbox.builder()
                .user("acp-bot", TOKEN)
                .user("maria", "maria-token")
                .user("walt", "walt-token")
                .user("stranger", "stranger-token")
                .repo(REPO)
                .permission(REPO, "acp-bot", io.agentcontrolplane.sandbox.Permission.ADMIN)
                .permission(REPO, "maria", io.agentcontrolplane.sandbox.Permission.MAINTAIN)
                .permission(REPO, "walt", io.agentcontrolplane.sandbox.Permission.WRITE)
                .build().start();
        repo = sandbox.repo(REPO);
        governor = new RateGovernor(githubSettings(), clock, d -> clock.advance(d));
        forge = newForge(sandbox.baseUrl());
    }

    GitHubForge newForge(String apiUrl) {
        return GitHubForges.standalone(apiUrl, TOKEN, settings(), stateDir, governor,
                new GitHubForges.Timeouts(Duration.ofSeconds(2), Duration.ofMillis(700)));
    }

    static GitHubForge.Settings settings() {
        Profile p = Profile.defaults("widgets", REPO);
        return GitHubForge.Settings.of(p);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }
}
