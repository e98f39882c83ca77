package io.jenkins.plugins.acp.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.profile.ProfileWriter;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.worker.BackendHealth;
import io.agentcontrolplane.core.worker.Worker;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import io.agentcontrolplane.forge.github.GitHubForge;
import io.agentcontrolplane.forge.github.GitHubForges;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a worker on a node reads of the controller, read on the controller: the profile (as the profile file's JSON,
 * its lane's template file beside it), a snapshot of the state store with what the worker reads there (the run's
 * record and those of the runs still active, the item's retry entry, the backends' health marks), and the item as the
 * heartbeat last observed it (its comments too where the lane's prompt needs them). A failed read of GitHub travels as
 * its message, and the worker fails the run with it exactly as it would have here.
 *
 * @param profile the profile file's text (JSON, which the YAML loader reads)
 * @param templates files beside the profile file, by relative path
 * @param state files of the state snapshot, by path in the state directory
 * @param observation the observation as JSON, or null when it could not be read
 * @param comments the item's comments as JSON, or null when the lane does not read them or they could not be read
 * @param observationProblem why GitHub could not be read, or null
 */
record WorkerShipment(String runId, String cloneUrl, String profile, TreeMap<String, byte[]> templates,
        TreeMap<String, byte[]> state, byte[] observation, byte[] comments, String observationProblem)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The state store's directory of backend health marks. */
    static final String BACKENDS = BackendHealth.DIRECTORY;
    static final String TEMPLATES = "templates";

    /**
     * Reads it all for {@code run}.
     *
     * @param jenkinsHome the directory relative template paths are read from (as the step on the controller did)
     * @param scratch an empty directory of the controller to build the state snapshot in
     */
    static WorkerShipment read(StepProfile p, WorkerRun run, GitHubForge live, Path jenkinsHome, Path scratch)
            throws IOException {
        ObjectMapper json = StateJson.mapper();
        TreeMap<String, byte[]> templates = new TreeMap<>();
        ObjectNode tree = ProfileWriter.toTree(p.profile());
        ObjectNode lanes = tree.putObject(TEMPLATES);
        String configured = p.profile().templates().get(run.lane().wireName());
        if (configured != null && !configured.isBlank()) {
            Path source = jenkinsHome.resolve(configured).normalize();
            if (Files.isRegularFile(source)) {
                String name = TEMPLATES + "/" + run.lane().wireName() + ".md";
                templates.put(name, Files.readAllBytes(source));
                lanes.put(run.lane().wireName(), name);
            } else {
                // the worker reports the missing template under the path it has on the controller
                lanes.put(run.lane().wireName(), source.toString());
            }
        }

        StateStore store = p.store();
        StateStore snapshot = StateStore.open(scratch);
        for (WorkerRun r : store.runs()) {
            if (!r.phase().terminal() || r.runId().equals(run.runId())) {
                snapshot.putRun(r);
            }
        }
        store.retry(run.item()).ifPresent(e -> snapshot.putRetry(run.item(), e));
        TreeMap<String, byte[]> state = new TreeMap<>();
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                state.put(scratch.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        NodeWorker.readAll(p.stateDir().resolve(BACKENDS)).forEach((name, bytes) -> state.put(BACKENDS + "/" + name,
                bytes));

        byte[] observation = null;
        byte[] comments = null;
        String problem = null;
        try {
            Observation o = GitHubForges.lastObservation(p.stateDir()).orElse(null);
            observation = json.writeValueAsBytes(o != null ? o : live.observe());
            if (run.item().kind() == ItemRef.Kind.PR && Worker.readsComments(run.lane())) {
                comments = json.writeValueAsBytes(live.comments(run.item()));
            }
        } catch (ForgeException e) {
            problem = e.getMessage();
        }
        return new WorkerShipment(run.runId(), p.cloneUrl(), tree.toString(), templates, state, observation,
                comments, problem);
    }

    /** The state files the worker changed, kept in the controller's state directory. */
    static void keep(Path stateDir, Map<String, byte[]> changed) throws IOException {
        for (Map.Entry<String, byte[]> f : changed.entrySet()) {
            Path target = stateDir.resolve(f.getKey()).normalize();
            if (!target.startsWith(stateDir.resolve(BACKENDS))) {
                continue; // the worker changes nothing else of the state: anything else is not taken back
            }
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DurableFiles.writeAtomically(target, f.getValue());
        }
    }
}
