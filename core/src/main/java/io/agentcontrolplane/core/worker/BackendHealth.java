package io.agentcontrolplane.core.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Backends found misconfigured (binary missing, exit 126/127, unknown flag), in {@code <stateDir>/backends/<name>.json}:
 * a marked backend is unusable until the profile's agent settings change (their fingerprint is kept with the mark),
 * so a typo costs one run that spends nothing instead of an attempt on every planned item.
 */
public final class BackendHealth {
    /** Why a backend is unusable, and for which agent settings. */
    public record Mark(String backend, String detail, String settingsFingerprint, Instant markedAt, String runId) {
    }

    /** The marks' directory in the state directory. */
    public static final String DIRECTORY = "backends";

    private final Path dir;
    private final ObjectMapper json = StateJson.mapper();

    public BackendHealth(Path stateDir) {
        this.dir = stateDir.resolve(DIRECTORY);
    }

    /** The provider pool a run's provider names (by pool name or provider key), else the profile's single backend. */
    public static Profile.ProviderPool poolFor(Profile profile, String provider) {
        Profile.AgentSettings agent = profile.agent();
        for (Profile.ProviderPool pool : agent.effectivePools()) {
            if (provider != null && (provider.equals(pool.name()) || provider.equals(pool.providerKey()))) {
                return pool;
            }
        }
        return new Profile.ProviderPool(agent.backend(), agent.backend(), null);
    }

    /** The fingerprint of the profile's agent settings: any change to them clears every mark. */
    public static String fingerprint(Profile profile) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(profile.agent().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mark that holds the backend unusable under this profile, if any (a mark of other settings does not). */
    public Optional<Mark> unusable(String backend, Profile profile) {
        Path f = file(backend);
        try {
            Mark m = json.readValue(Files.readAllBytes(f), Mark.class);
            return fingerprint(profile).equals(m.settingsFingerprint()) ? Optional.of(m) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable mark holds nothing back: the next misconfigured run marks it again, at no cost.
            return Optional.empty();
        }
    }

    public void markUnusable(String backend, Profile profile, String detail, Instant at, String runId)
            throws IOException {
        DurableFiles.ensureDirectory(dir);
        DurableFiles.writeAtomically(file(backend), json.writeValueAsBytes(new Mark(backend, detail,
                fingerprint(profile), at, runId)));
    }

    public void clear(String backend) throws IOException {
        DurableFiles.delete(file(backend));
    }

    private Path file(String backend) {
        return dir.resolve(StateStore.requireSafeName(backend, "backend") + ".json");
    }
}
