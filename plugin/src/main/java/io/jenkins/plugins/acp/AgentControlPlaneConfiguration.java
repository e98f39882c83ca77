package io.jenkins.plugins.acp;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.jenkins.plugins.acp.config.FieldByFieldXml;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The global configuration: the profiles the control plane keeps working, each the text of a profile file plus its
 * Jenkins settings. Persisted in {@code $JENKINS_HOME/io.jenkins.plugins.acp.AgentControlPlaneConfiguration.xml};
 * configured on the system page (needs Administer) or through JCasC as
 * {@code unclassified: agentControlPlane: profiles: [{yaml: ...}]}. Every profile is validated by the engine on the way
 * in: an invalid one is refused with its problems, their fields and lines, and the profiles stay as they were.
 */
@Extension
@Symbol("agentControlPlane")
public class AgentControlPlaneConfiguration extends GlobalConfiguration {
    private static final Logger LOGGER = Logger.getLogger(AgentControlPlaneConfiguration.class.getName());
    /** Beside the configuration file: the file as an earlier version wrote it, kept when it is converted. */
    static final String FIELD_BY_FIELD_COPY = ".field-by-field";
    /** Beside the configuration file: the file as it was when it could not be read. */
    static final String UNREADABLE_COPY = ".unreadable";

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
                out.add(p.sourceName() + ": heartbeatIntervalSeconds: must be at least "
                        + ProfileConfig.MIN_HEARTBEAT_INTERVAL_SECONDS + ", got " + p.getHeartbeatIntervalSeconds());
            }
        }
        return out;
    }

    /**
     * Loads the file; one written by an earlier version, with every setting an element of its own, is converted to
     * profile texts stating the same settings and saved in the current form, the file as it was kept beside it
     * ({@value #FIELD_BY_FIELD_COPY}). A file that cannot be read loads no profile and is kept beside it
     * ({@value #UNREADABLE_COPY}) before anything can overwrite it.
     */
    @Override
    public synchronized void load() {
        XmlFile file = getConfigFile();
        if (!file.exists()) {
            return;
        }
        Path path = file.getFile().toPath();
        Optional<List<ProfileConfig>> older;
        try {
            older = FieldByFieldXml.read(path);
        } catch (IOException | RuntimeException e) {
            Path kept = keep(path, UNREADABLE_COPY);
            LOGGER.log(Level.SEVERE, "Agent Control Plane: cannot read " + path + "; no profile is loaded"
                    + (kept == null ? "" : "; the file as it was is kept at " + kept), e);
            return;
        }
        if (older.isEmpty()) {
            super.load();
            return;
        }
        profiles = new ArrayList<>(older.get());
        Path copy = keep(path, FIELD_BY_FIELD_COPY);
        if (copy == null) {
            return; // loaded, not saved: the next save of the configuration writes the current form
        }
        save();
        LOGGER.warning("Agent Control Plane: converted " + profiles.size() + " profile(s) of " + path
                + " from the form of an earlier version to profile texts; the file as it was is kept at " + copy);
    }

    /** A copy of the file beside it (the first one made is kept), or null when it cannot be written. */
    private static Path keep(Path path, String suffix) {
        Path copy = path.resolveSibling(path.getFileName() + suffix);
        try {
            if (!Files.exists(copy)) {
                Files.copy(path, copy);
            }
            return copy;
        } catch (IOException e) {
            LOGGER.log(Level.SEVERE, "Agent Control Plane: cannot keep a copy of " + path + " at " + copy, e);
            return null;
        }
    }

    /**
     * Binds the submitted profiles into a list of their own, validates it, then publishes it in one step and saves
     * once: the published list is never empty or half-bound while a heartbeat reads it, and a refused form leaves
     * it as it was.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
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
