package io.jenkins.plugins.acp;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.RequestStats;
import io.agentcontrolplane.core.heartbeat.Dispatcher;
import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.agentcontrolplane.forge.github.RateGovernor;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one heartbeat of one configured profile: converts it to the engine's profile, opens its state
 * ({@code $JENKINS_HOME/agent-control-plane/<profile id>/}: the engine's state store and write outbox), connects to
 * GitHub with the profile's credentials, hands launches to a {@link JenkinsDispatcher} for its worker job, runs the
 * engine's {@link Heartbeat} (which also reconciles every finished run not reconciled yet, with the reconciler of
 * the {@code acpReconcile} step: {@link ProfileReconcilers}) and records the report in the profile's {@link HeartbeatLog}. Both the periodic work and
 * the {@code acpHeartbeat} step come through here; the engine's per-profile lock (taken inside
 * {@link Heartbeat#run()}) keeps two heartbeats of a profile from overlapping, the second reporting
 * {@code skipped}.
 *
 * <p>What is missing (credentials, worker job, a valid profile) yields a {@code failed} report naming it, never an
 * exception. The token is never written anywhere.
 *
 * <p>Each profile has one {@link RateGovernor} for the life of the JVM, kept in a static map keyed by profile id
 * (replaced when the profile's {@code github} settings change), so that successive heartbeats share its pacing and
 * what it learnt of GitHub's limits.
 */
public class HeartbeatService {
    /** The folder under JENKINS_HOME that holds every profile's state. */
    public static final String STATE_ROOT = "agent-control-plane";

    private static final Logger LOGGER = Logger.getLogger(HeartbeatService.class.getName());
    private static final Map<String, GovernorEntry> GOVERNORS = new ConcurrentHashMap<>();

    private record GovernorEntry(Profile.GitHubSettings settings, RateGovernor governor) {
    }

    /** Why a heartbeat cannot start; its message names what is missing. */
    static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        NotReady(String message) {
            super(message);
        }
    }

    /**
     * A forge for one heartbeat, the token that pushes the runs' branches (null: the heartbeat reconciles nothing),
     * and what to release after it.
     */
    record OpenedForge(Forge forge, String token, AutoCloseable release) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (release != null) {
                release.close();
            }
        }
    }

    /** Connects a profile's forge. */
    @FunctionalInterface
    interface ForgeOpener {
        OpenedForge open(ProfileConfig config, Profile profile, Path stateDir, RateGovernor governor)
                throws IOException, NotReady;
    }

    /** The dispatcher of a profile's worker job; {@link NotReady} when there is none. */
    @FunctionalInterface
    interface DispatcherFactory {
        Dispatcher create(ProfileConfig config) throws NotReady;
    }

    private final Path root;
    private final ForgeOpener forges;
    private final DispatcherFactory dispatchers;
    private final Clock clock;

    /** The service of this Jenkins: state under JENKINS_HOME, GitHub through the profile's credentials. */
    public HeartbeatService(JenkinsFacade jenkins) {
        this(stateRoot(jenkins), githubForges(jenkins), jenkinsDispatchers(jenkins), Clock.systemUTC());
    }

    HeartbeatService(Path root, ForgeOpener forges, DispatcherFactory dispatchers, Clock clock) {
        this.root = root;
        this.forges = forges;
        this.dispatchers = dispatchers;
        this.clock = clock;
    }

    /** {@code $JENKINS_HOME/agent-control-plane}. */
    public static Path stateRoot(JenkinsFacade jenkins) {
        return jenkins.rootDir().toPath().resolve(STATE_ROOT);
    }

    /** A profile's state directory under a state root; the id must be a safe file name. */
    public static Path stateDir(Path root, String profileId) {
        return root.resolve(StateStore.requireSafeName(profileId, "profile id"));
    }

    /** This service's state directory of a profile. */
    public Path stateDir(String profileId) {
        return stateDir(root, profileId);
    }

    /** The profile's heartbeat log. */
    public HeartbeatLog log(String profileId) {
        return new HeartbeatLog(stateDir(profileId));
    }

    /**
     * Runs one heartbeat of the profile, records its report in the profile's heartbeat log and prints it to
     * {@code out} when given. Never throws for a missing credential, worker job or GitHub failure: the report says
     * {@code failed} and why.
     */
    public HeartbeatReport run(ProfileConfig config, PrintStream out) {
        HeartbeatReport report = heartbeat(config);
        String text = report.render();
        if (out != null) {
            out.print(text);
        }
        if (report.profileId() != null && StateStore.SAFE_NAME.matcher(report.profileId()).matches()) {
            try {
                log(report.profileId()).append(report.startedAt(), text);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot write the heartbeat log of profile " + report.profileId(), e);
                if (out != null) {
                    out.println("Agent Control Plane: cannot write the heartbeat log: " + e);
                }
            }
        }
        return report;
    }

    private HeartbeatReport heartbeat(ProfileConfig config) {
        Instant now = clock.instant();
        String id = config.getId();
        LoadedProfile loaded = config.load();
        if (!loaded.isValid()) {
            return failed(id, now, "profile '" + id + "' is invalid: "
                    + String.join("; ", loaded.problems().stream().map(ProfileProblem::toString).toList()));
        }
        Profile profile = loaded.profile();
        if (config.getCredentialsId() == null) {
            return failed(id, now, "profile '" + id + "' has no GitHub credentials: set its credentialsId to a GitHub"
                    + " App, username/password or secret text credential");
        }
        try {
            Path stateDir = stateDir(id);
            Dispatcher dispatcher = dispatchers.create(config);
            try (OpenedForge forge = forges.open(config, profile, stateDir, governor(id, profile.github()))) {
                StateStore store = StateStore.open(stateDir);
                Outbox outbox = Outbox.open(stateDir, profile.schedules().retryCooldowns());
                // the acpReconcile step's reconciler: a run whose build never reached the step is reconciled here
                Reconciler reconciler = forge.token() == null ? null
                        : ProfileReconcilers.create(profile, store, outbox, forge.forge(), forge.token(), clock);
                return new Heartbeat(profile, forge.forge(), store, outbox, dispatcher, clock, reconciler).run();
            }
        } catch (NotReady e) {
            return failed(id, now, e.getMessage());
        } catch (Exception e) { // a heartbeat never throws: GitHub, the state directory, a bug
            LOGGER.log(Level.WARNING, "heartbeat of profile " + id + " failed", e);
            return failed(id, now, describe(e));
        }
    }

    private HeartbeatReport failed(String id, Instant startedAt, String why) {
        return new HeartbeatReport(id, startedAt, clock.instant(), "failed", why, null, List.of(), List.of(),
                List.of(), RequestStats.NONE, null);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message != null) {
            int nl = message.indexOf('\n');
            message = nl < 0 ? message : message.substring(0, nl);
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The profile's governor for the life of the JVM; a new one when its github settings changed. */
    static RateGovernor governor(String profileId, Profile.GitHubSettings settings) {
        return GOVERNORS.compute(profileId, (id, old) -> old != null && old.settings().equals(settings) ? old
                : new GovernorEntry(settings, RateGovernor.of(settings))).governor();
    }

    /** Forges through the profile's Jenkins credentials (see {@link GitHubConnections}). */
    static ForgeOpener githubForges(JenkinsFacade jenkins) {
        return (config, profile, stateDir, governor) -> {
            String apiUrl = profile.repository().apiUrl();
            GitHubConnections.GitHubToken token;
            try {
                token = GitHubConnections.token(jenkins, apiUrl, config.getCredentialsId(), profile.repository().slug());
            } catch (IOException e) {
                throw new NotReady("profile '" + profile.id() + "': " + e.getMessage());
            }
            if (token.token() == null) {
                throw new NotReady("profile '" + profile.id() + "': credentials '" + config.getCredentialsId()
                        + "' give no token (" + token.kind() + ")");
            }
            // exactly as the standalone runtime builds it, on okhttp-api's client (the Jenkins proxy)
            GitHubForge forge = GitHubForges.standalone(apiUrl, token.token(), GitHubForge.Settings.of(profile),
                    stateDir, governor, GitHubForges.Timeouts.DEFAULT, GitHubConnections.client());
            return new OpenedForge(forge, token.token(), () -> GitHubForges.close(forge));
        };
    }

    /** The profile's worker job through a {@link JenkinsDispatcher}; {@link NotReady} when it has none or it is gone. */
    static DispatcherFactory jenkinsDispatchers(JenkinsFacade jenkins) {
        return config -> {
            String job = config.getWorkerJob();
            if (job == null || job.isBlank()) {
                throw new NotReady("profile '" + config.getId() + "' has no worker job: set its workerJob");
            }
            if (jenkins.findJob(job).isEmpty()) {
                throw new NotReady("worker job '" + job + "' of profile '" + config.getId()
                        + "' does not exist (or is not visible)");
            }
            return new JenkinsDispatcher(config.getId(), job, jenkins);
        };
    }
}
