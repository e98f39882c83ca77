package io.jenkins.plugins.acp;

import hudson.Extension;
import hudson.ExtensionList;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The global configuration: the profiles the control plane keeps working. Persisted in
 * {@code $JENKINS_HOME/io.jenkins.plugins.acp.AgentControlPlaneConfiguration.xml}; configured on the system page (needs
 * Administer) or through JCasC as {@code unclassified: agentControlPlane: profiles: [...]}. Every profile is validated
 * by the engine on the way in: an invalid one is refused with its problems and their field names.
 */
@Extension
@Symbol("agentControlPlane")
public class AgentControlPlaneConfiguration extends GlobalConfiguration {
    /**
     * Replaced whole, never changed in place: a heartbeat reading it during a save sees the old or the new list. An
     * ArrayList, not List.of(): XStream writes it as a plain list.
     */
    private volatile List<ProfileConfig> profiles = new ArrayList<>();

    public AgentControlPlaneConfiguration() {
        load();
    }

    /** The singleton instance. */
    public static AgentControlPlaneConfiguration get() {
        return ExtensionList.lookupSingleton(AgentControlPlaneConfiguration.class);
    }

    /** The profiles, unmodifiable. */
    public List<ProfileConfig> getProfiles() {
        return Collections.unmodifiableList(profiles);
    }

    /** Replaces every profile; refuses (IllegalArgumentException listing the problems) when any is invalid. */
    @DataBoundSetter
    public void setProfiles(List<ProfileConfig> profiles) {
        List<ProfileConfig> list = profiles == null ? new ArrayList<>() : new ArrayList<>(profiles);
        List<String> problems = problems(list);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        this.profiles = list;
        save();
    }

    /** The profile with this id. */
    public Optional<ProfileConfig> profile(String id) {
        return profiles.stream().filter(p -> p.getId() != null && p.getId().equals(id)).findFirst();
    }

    /** Every problem of a list of profiles: each profile's own (as the engine reports them) and repeated ids. */
    public static List<String> problems(List<ProfileConfig> profiles) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            ProfileConfig p = profiles.get(i);
            LoadedProfile loaded = p.load();
            for (ProfileProblem problem : loaded.problems()) {
                out.add(problem.toString());
            }
            if (p.getId() != null) {
                Integer before = ids.putIfAbsent(p.getId(), i);
                if (before != null) {
                    out.add("profiles[" + i + "].id: profile id '" + p.getId() + "' is already used by profiles[" + before + "]");
                }
            }
            if (p.getHeartbeatIntervalSeconds() < ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS) {
                out.add("Jenkins profile '" + p.getId() + "': heartbeatIntervalSeconds: must be at least "
                        + ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS + ", got " + p.getHeartbeatIntervalSeconds());
            }
        }
        return out;
    }

    /**
     * Binds the submitted profiles into a list of their own, validates it, then publishes it in one step and saves
     * once: the published list is never empty or half-bound while a heartbeat reads it, and a refused form leaves
     * it as it was.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        FormJson.normalise(json);
        List<ProfileConfig> bound;
        try {
            // absent (no profile), one object (one profile) or an array
            Object submitted = json.opt("profiles");
            bound = submitted == null ? new ArrayList<>() : new ArrayList<>(req.bindJSONToList(ProfileConfig.class, submitted));
        } catch (RuntimeException e) {
            throw new FormException(rootMessage(e), "profiles");
        }
        List<String> problems = problems(bound);
        if (!problems.isEmpty()) {
            throw new FormException(String.join("\n", problems), "profiles");
        }
        profiles = bound;
        save();
        return true;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** After XStream: never a null list. */
    protected Object readResolve() {
        profiles = profiles == null ? new ArrayList<>() : new ArrayList<>(profiles);
        return this;
    }
}
