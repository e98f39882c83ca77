package io.jenkins.plugins.acp;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The periodic heartbeat: ticks every {@link HeartbeatSchedule#TICK} and, at each tick, runs the enabled profiles
 * whose own interval has passed (an interval changed later applies at once), one after the other through {@link HeartbeatService} as SYSTEM. The reports go to this work's log
 * ({@code $JENKINS_HOME/logs/tasks/Agent Control Plane heartbeat.log}) and to each profile's heartbeat log. A
 * profile whose previous heartbeat (for instance from the {@code acpHeartbeat} step) still holds the engine's lock
 * is reported as skipped.
 */
@Extension
public class AcpHeartbeatWork extends AsyncPeriodicWork {
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();

    public AcpHeartbeatWork() {
        super("Agent Control Plane heartbeat");
    }

    @Override
    public long getRecurrencePeriod() {
        return HeartbeatSchedule.TICK.toMillis();
    }

    @Override
    protected void execute(TaskListener listener) {
        runDue(listener.getLogger(), Instant.now());
    }

    /** Records that a profile's heartbeat started (tests keep the timer away from a profile with it). */
    void started(String profileId, Instant at) {
        lastStarted.put(profileId, at);
    }

    /** Runs the profiles due at {@code now} as SYSTEM; their reports, in order. */
    List<HeartbeatReport> runDue(PrintStream out, Instant now) {
        List<ProfileConfig> profiles = AgentControlPlaneConfiguration.get().getProfiles();
        List<String> due = HeartbeatSchedule.due(profiles, lastStarted, now);
        List<HeartbeatReport> reports = new ArrayList<>();
        if (due.isEmpty()) {
            return reports;
        }
        HeartbeatService service = new HeartbeatService(new JenkinsFacade());
        for (String id : due) {
            ProfileConfig profile = profiles.stream().filter(p -> id.equals(p.getId())).findFirst().orElseThrow();
            lastStarted.put(id, now);
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                reports.add(service.run(profile, out));
            }
        }
        return reports;
    }
}
