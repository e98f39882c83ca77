package io.jenkins.plugins.acp;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.JGitHost;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The one place the plugin builds a profile's {@link Reconciler}, for the {@code acpReconcile} step and for the
 * heartbeat alike (so a run is reconciled the same way whichever comes first, and the second finds it done): the
 * engine's reconciler on the profile's forge, pushing with JGit to the profile's clone URL with the token, reading
 * run directories under the profile's {@code workspace.runsRoot} on the controller.
 */
public final class ProfileReconcilers {
    private ProfileReconcilers() {
    }

    public static Reconciler create(Profile profile, StateStore store, Outbox outbox, Forge forge, String token,
            Clock clock) {
        return new Reconciler(profile, store, outbox, forge,
                new JGitHost(profile.repository().effectiveCloneUrl(), token), runsRoot(profile), clock);
    }

    /** The run directories' root: the profile's {@code workspace.runsRoot} on the controller. */
    public static Path runsRoot(Profile profile) {
        return expand(profile.workspace().runsRoot());
    }

    /** A path of the profile, {@code ~} being the controller's user's home (as the standalone runtime reads it). */
    public static Path expand(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
        }
        return Path.of(path).toAbsolutePath().normalize();
    }
}
