package io.jenkins.plugins.acp.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.agentcontrolplane.core.agent.LocalAgentRunner;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.worker.WorkItems;
import io.agentcontrolplane.core.worker.Worker;
import io.agentcontrolplane.core.worker.Workspaces;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jenkins.MasterToSlaveFileCallable;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The engine's {@link Worker} on the node that holds the workspace, invoked on the node's workspace: the classes
 * (engine, JGit, Jackson) reach the agent JVM through remoting's class loading, so the workspace's clone, the prompt,
 * the agent's processes and their supervision all happen there. What the worker reads of the controller travels with
 * it, read there by {@link WorkerShipment}: the profile, the lane's template, the run's records (a snapshot of the
 * state store under {@code .acp/state}) and the item as the heartbeat observed it. The run directory is written
 * under {@code .acp/runs/<run>} on the node; the step copies it back to the controller.
 *
 * <p>The GitHub token travels to the agent JVM for JGit's fetch (in memory, as the clone's credentials provider);
 * it is never in a process environment and is redacted from everything the run writes.
 */
final class NodeWorker extends MasterToSlaveFileCallable<TreeMap<String, byte[]>> {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Under the node's workspace. */
    static final String ACP_DIR = ".acp";
    static final String STATE_DIR = "state";
    static final String PROFILE_DIR = "profile";
    static final String RUNS_DIR = "runs";
    static final String PROFILE_FILE = "profile.json";

    private final WorkerShipment shipment;
    private final String token;
    private final TaskListener listener;
    private final boolean bundleCommits;

    /** @param bundleCommits whether the controller cannot reach the node's workspace ({@link NodeCommits}) */
    NodeWorker(WorkerShipment shipment, String token, TaskListener listener, boolean bundleCommits) {
        this.shipment = shipment;
        this.token = token;
        this.listener = listener;
        this.bundleCommits = bundleCommits;
    }

    /** The run directory this worker writes, under the node's workspace. */
    static FilePath runDirectory(FilePath workspace, String runId) {
        return workspace.child(ACP_DIR).child(RUNS_DIR).child(runId);
    }

    /**
     * Performs the run; returns the files of the state snapshot the worker changed (a backend marked unusable), by
     * their path in the state directory, for the controller to keep.
     */
    @Override
    public TreeMap<String, byte[]> invoke(File workspace, VirtualChannel channel)
            throws IOException, InterruptedException {
        Path acp = workspace.toPath().toAbsolutePath().normalize().resolve(ACP_DIR);
        Path state = acp.resolve(STATE_DIR);
        Path profileDir = acp.resolve(PROFILE_DIR);
        new FilePath(state.toFile()).deleteRecursive();
        new FilePath(profileDir.toFile()).deleteRecursive();
        writeAll(state, shipment.state());
        writeAll(profileDir, shipment.templates());
        Path profileFile = profileDir.resolve(PROFILE_FILE);
        DurableFiles.writeAtomically(profileFile, shipment.profile().getBytes(StandardCharsets.UTF_8));
        LoadedProfile loaded = ProfileLoader.load(profileFile);
        if (!loaded.isValid()) {
            throw new AbortException("the profile sent to the node is invalid there: " + String.join("; ",
                    loaded.problems().stream().map(ProfileProblem::toString).toList()));
        }
        Profile profile = loaded.profile();
        Clock clock = Clock.systemUTC();
        Map<String, String> env = System.getenv();
        LocalAgentRunner runner = new LocalAgentRunner(clock, env,
                new LauncherProcesses(new Launcher.LocalLauncher(listener), env.keySet()));
        Workspaces workspaces = new Workspaces(shipment.cloneUrl(), acp.resolve("anchor.git"),
                acp.resolve("worktrees"), new UsernamePasswordCredentialsProvider("x-access-token", token),
                profile.workspace().retention(), clock);
        Worker worker = new Worker(profile, profileDir, StateStore.open(state), items(), runner, workspaces,
                acp.resolve(RUNS_DIR), Set.of(token), clock);
        try {
            worker.perform(shipment.runId());
        } catch (Worker.RefusedException e) {
            throw new AbortException(AcpWorkerStep.NAME + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // only the message crosses back: the controller need not (and may not) load the engine's exceptions
            throw new IOException(AcpWorkerStep.NAME + ": the worker failed on the node: " + e, null);
        }
        if (bundleCommits) {
            try {
                NodeCommits.bundle(acp.resolve("anchor.git"), acp.resolve(RUNS_DIR).resolve(shipment.runId()),
                        shipment.runId());
            } catch (IOException | RuntimeException e) {
                listener.getLogger().println(AcpWorkerStep.NAME + ": the run's commits could not be bundled for the"
                        + " controller (reconcile falls back to the kept patch): " + e.getMessage());
            }
        }
        TreeMap<String, byte[]> changed = new TreeMap<>();
        for (Map.Entry<String, byte[]> now : readAll(state.resolve(WorkerShipment.BACKENDS)).entrySet()) {
            String name = WorkerShipment.BACKENDS + "/" + now.getKey();
            if (!Arrays.equals(now.getValue(), shipment.state().get(name))) {
                changed.put(name, now.getValue());
            }
        }
        return changed;
    }

    /** The item as the controller read it; a read that failed there fails here with the same message. */
    private WorkItems items() {
        ObjectMapper json = StateJson.mapper();
        return new WorkItems() {
            @Override
            public Observation observe() throws ForgeException {
                if (shipment.observation() == null) {
                    throw new ForgeException(ForgeException.Kind.TRANSIENT, shipment.observationProblem());
                }
                try {
                    return json.readValue(shipment.observation(), Observation.class);
                } catch (IOException e) {
                    throw new ForgeException(ForgeException.Kind.TRANSIENT, "the observation sent to the node"
                            + " cannot be read: " + e.getMessage());
                }
            }

            @Override
            public List<ForgeComment> comments(ItemRef item) throws ForgeException {
                if (shipment.comments() == null) {
                    throw new ForgeException(ForgeException.Kind.TRANSIENT, shipment.observationProblem() != null
                            ? shipment.observationProblem() : "the comments of " + item + " were not read");
                }
                try {
                    return json.readValue(shipment.comments(), new TypeReference<List<ForgeComment>>() { });
                } catch (IOException e) {
                    throw new ForgeException(ForgeException.Kind.TRANSIENT, "the comments sent to the node"
                            + " cannot be read: " + e.getMessage());
                }
            }
        };
    }

    private static void writeAll(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey()).normalize();
            if (!target.startsWith(dir)) {
                throw new IOException("refusing to write " + f.getKey() + " outside " + dir);
            }
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DurableFiles.writeAtomically(target, f.getValue());
        }
    }

    /** The regular files directly in {@code dir} by name; empty when it does not exist. */
    static Map<String, byte[]> readAll(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(Files::isRegularFile).toList()) {
                out.put(String.valueOf(f.getFileName()), Files.readAllBytes(f));
            }
        }
        return out;
    }
}
