package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.agentcontrolplane.forge.github.RateGovernor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the operator commands share: the profile, its directories, the token, and the forge built from them. */
final class Standalone {
    private Standalone() {
    }

    /** The profile in {@code file}, or an {@link AcpCommand.InputException} listing every problem. */
    static Profile loadProfile(Path file) {
        LoadedProfile loaded = ProfileLoader.load(file);
        if (!loaded.isValid()) {
            throw new AcpCommand.InputException("invalid profile:\n" + loaded.problems().stream()
                    .map(ProfileProblem::toString).collect(Collectors.joining("\n")));
        }
        return loaded.profile();
    }

    /**
     * A workspace path of the profile: a leading {@code ~} is the user's home, a relative path is relative to the
     * working directory.
     */
    static Path expand(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
        }
        return Path.of(path).toAbsolutePath();
    }

    /** {@code override} if given, else the profile's {@code workspace.stateDir}. */
    static Path stateDir(Profile profile, Path override) {
        return (override != null ? override.toAbsolutePath() : expand(profile.workspace().stateDir())).normalize();
    }

    /** What a used state directory holds at least one of (see StateStore and Outbox for the layout). */
    private static final List<String> STATE_ENTRIES = List.of("outbox", "runs", "retries", "schedules",
            "blocked-recovery", "recurring", "pr-lane-overrides", "budget", "pending-launches", "claims", "processes",
            "quarantine", "http-cache", "heartbeat.lock");

    /**
     * {@code dir}, if it is a state directory: it exists and holds some of what a heartbeat or the outbox writes.
     * Anything else (a typo, the workspace root, an empty directory) is an error rather than an empty state.
     */
    static Path requireStateDir(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new AcpCommand.InputException(option + " " + dir + ": no such directory");
        }
        boolean used = STATE_ENTRIES.stream().anyMatch(e -> Files.exists(dir.resolve(e)));
        if (!used) {
            throw new AcpCommand.InputException(option + " " + dir + ": not a state directory (it holds none of "
                    + "outbox/, runs/, retries/, schedules/, processes/, heartbeat.lock and the rest a heartbeat"
                    + " writes)");
        }
        return dir;
    }

    /** The token from the environment variable the profile names ({@code credentials.tokenEnv}). */
    static String token(Profile profile, Map<String, String> env) {
        String name = profile.credentials().tokenEnv();
        String token = env.get(name);
        if (token == null || token.isBlank()) {
            throw new AcpCommand.InputException("the environment variable " + name + " is not set: it must hold the"
                    + " GitHub token of profile " + profile.id() + " (credentials.tokenEnv)");
        }
        return token;
    }

    /** The standalone GitHub forge of the profile, its HTTP cache and memo under {@code stateDir}. */
    static GitHubForge forge(Profile profile, Map<String, String> env, Path stateDir) {
        String token = token(profile, env);
        return GitHubForges.standalone(profile, token, stateDir, RateGovernor.of(profile.github()));
    }

    /**
     * A forge failure in plain words for the operator: a rejected token says so (never as a rate limit), an
     * unreachable GitHub is one line.
     */
    static AcpCommand.InputException explain(Profile profile, ForgeException e) {
        String where = "GitHub (" + profile.repository().apiUrl() + ", " + profile.repository().slug() + ")";
        if (e.status() == 401) {
            return new AcpCommand.InputException("authentication failed: " + where + " rejected the token in "
                    + profile.credentials().tokenEnv() + " (HTTP 401): it is wrong, expired or revoked");
        }
        if (e.kind() == ForgeException.Kind.TRANSIENT && e.status() == 0) {
            return new AcpCommand.InputException(where + " is unreachable: " + e.getMessage());
        }
        if (e.kind() == ForgeException.Kind.NOT_FOUND) {
            return new AcpCommand.InputException(where + ": repository not found, or the token in "
                    + profile.credentials().tokenEnv() + " cannot see it");
        }
        return new AcpCommand.InputException(where + ": " + e.getMessage());
    }

    /**
     * Fails unless the token may write to the repository (labels, comments, branches, pull requests), so that a
     * read-only token is caught before the first launch rather than as refused writes in the outbox.
     */
    static void requireWriteAccess(Profile profile, GitHubForge forge) throws ForgeException {
        Permission p = forge.tokenPermission();
        if (!p.atLeast(Permission.WRITE)) {
            throw new AcpCommand.InputException("the token in " + profile.credentials().tokenEnv() + " has "
                    + p.wireName() + " access to " + profile.repository().slug() + ", and the control plane needs"
                    + " write access (labels, comments, branches, pull requests): use a token with write permission");
        }
    }

    /** This process's class path with every entry absolute, for the processes it starts elsewhere. */
    static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The request accounting line, as the heartbeat report prints it. */
    static String cost(RequestStats s) {
        return String.format("GitHub: %d requests (%d answered 304), %d rate-limit points, %s remaining",
                s.requests(), s.notModified(), s.points(), s.remaining() < 0 ? "unknown" : String.valueOf(s.remaining()));
    }
}
