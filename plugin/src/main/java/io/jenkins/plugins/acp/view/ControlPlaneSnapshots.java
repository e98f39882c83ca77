package io.jenkins.plugins.acp.view;

import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.HeartbeatService;
import io.jenkins.plugins.acp.ProfileReconcilers;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link SnapshotService} over the configured profiles (their state under JENKINS_HOME and their
 * {@code workspace.runsRoot}), kept while the profiles stay the same so that its incremental caches serve every
 * request; a new one when the configuration changes.
 */
final class ControlPlaneSnapshots {
    private static List<SnapshotService.Source> sources;
    private static SnapshotService service;

    private ControlPlaneSnapshots() {
    }

    static synchronized SnapshotService get() {
        List<SnapshotService.Source> now = sources();
        if (service == null || !now.equals(sources)) {
            sources = now;
            service = new SnapshotService(now, Clock.systemUTC());
        }
        return service;
    }

    private static List<SnapshotService.Source> sources() {
        Path root = HeartbeatService.stateRoot(new JenkinsFacade());
        List<SnapshotService.Source> out = new ArrayList<>();
        for (ProfileConfig config : AgentControlPlaneConfiguration.get().getProfiles()) {
            LoadedProfile loaded = config.load();
            if (loaded.isValid()) {
                out.add(new SnapshotService.Source(loaded.profile(), HeartbeatService.stateDir(root, config.getId()),
                        ProfileReconcilers.runsRoot(loaded.profile())));
            }
        }
        return out;
    }
}
