package io.jenkins.plugins.acp.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import io.agentcontrolplane.forge.github.RateGovernor;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.GitHubConnections;
import io.jenkins.plugins.acp.HeartbeatService;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.ProfileReconcilers;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the worker steps need of a profile: its engine settings, its state directory, its token and forge. A step
 * may use a profile only from the profile's own worker job: the job an administrator named in the profile is what
 * decides that its builds act with the profile's credentials.
 */
record StepProfile(ProfileConfig config, Profile profile, Path stateDir, String token) {

    static StepProfile of(String step, String id, Run<?, ?> build) throws AbortException {
        AgentControlPlaneConfiguration all = AgentControlPlaneConfiguration.get();
        Optional<ProfileConfig> found = all.profile(id);
        if (found.isEmpty()) {
            throw new AbortException(step + ": unknown Agent Control Plane profile '" + id + "' (configured: "
                    + all.getProfiles().stream().map(ProfileConfig::getId).toList() + ")");
        }
        ProfileConfig config = found.get();
        String job = build.getParent().getFullName();
        if (config.getWorkerJob() == null || !config.getWorkerJob().equals(job)) {
            throw new AbortException(step + ": job '" + job + "' is not the worker job of profile '" + id
                    + "' (its workerJob is " + (config.getWorkerJob() == null ? "not set" : "'"
                    + config.getWorkerJob() + "'") + "); only the worker job may act with the profile's credentials");
        }
        LoadedProfile loaded = config.load();
        if (!loaded.isValid()) {
            throw new AbortException(step + ": profile '" + id + "' is invalid: " + String.join("; ",
                    loaded.problems().stream().map(ProfileProblem::toString).toList()));
        }
        Profile profile = loaded.profile();
        JenkinsFacade jenkins = new JenkinsFacade();
        if (config.getCredentialsId() == null) {
            throw new AbortException(step + ": profile '" + id + "' has no GitHub credentials (credentialsId)");
        }
        GitHubConnections.GitHubToken token;
        try {
            token = GitHubConnections.token(jenkins, profile.repository().apiUrl(), config.getCredentialsId(),
                    profile.repository().slug());
        } catch (IOException e) {
            throw new AbortException(step + ": profile '" + id + "': " + e.getMessage());
        }
        if (token.token() == null) {
            throw new AbortException(step + ": credentials '" + config.getCredentialsId() + "' of profile '" + id
                    + "' give no token (" + token.kind() + ")");
        }
        return new StepProfile(config, profile, HeartbeatService.stateDir(HeartbeatService.stateRoot(jenkins), id),
                token.token());
    }

    StateStore store() {
        return StateStore.open(stateDir);
    }

    /** The run directories' root: the profile's {@code workspace.runsRoot} on the controller. */
    Path runsRoot() {
        return ProfileReconcilers.runsRoot(profile);
    }

    /** The profile's repository to clone and push (see {@code RepositorySettings.effectiveCloneUrl}). */
    String cloneUrl() {
        return profile.repository().effectiveCloneUrl();
    }

    /**
     * A forge of its own under {@code dir} (its own HTTP cache: no two users share one), through the Jenkins
     * proxy, paced by a governor of its own.
     */
    GitHubForge forge(Path dir) {
        return GitHubForges.standalone(profile.repository().apiUrl(), token, GitHubForge.Settings.of(profile), dir,
                RateGovernor.of(profile.github()), GitHubForges.Timeouts.DEFAULT, GitHubConnections.client());
    }
}
