package io.jenkins.plugins.acp.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.ItemRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.BundleWriter;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A run's commits from the node to the controller, where reconcile pushes them: on the node, a git bundle of the
 * run's head ({@value #BUNDLE} in the run directory) holding only what its start and base commits do not; on the
 * controller, that bundle fetched into the profile's repository of node commits ({@code <state>/node-commits}, the
 * start and base fetched from the profile's repository first), and the run's {@code workspace.json} pointed at that
 * repository. Without it a run on a remote agent would leave its commits where reconcile cannot reach them.
 */
final class NodeCommits {
    /** In the run directory. */
    static final String BUNDLE = "commits.bundle";
    /** Under the profile's state directory. */
    static final String REPOSITORY = "node-commits";
    private static final String RUN_REFS = "refs/acp/runs/";

    private NodeCommits() {
    }

    /**
     * On the node: bundles the run's head from the anchor clone, if the run left one; returns whether it did.
     */
    static boolean bundle(Path anchor, Path runDir, String runId) throws IOException {
        Optional<WorkspaceFacts> facts = facts(runDir);
        if (facts.isEmpty() || facts.get().headSha() == null) {
            return false;
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(anchor.toFile()).setMustExist(true).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId head = ObjectId.fromString(facts.get().headSha());
            if (!repo.getObjectDatabase().has(head)) {
                return false;
            }
            BundleWriter writer = new BundleWriter(repo);
            writer.include(RUN_REFS + runId, head);
            for (String sha : new String[] {facts.get().startSha(), facts.get().baseSha()}) {
                if (sha != null && !sha.equals(facts.get().headSha()) && repo.getObjectDatabase()
                        .has(ObjectId.fromString(sha))) {
                    writer.assume(walk.parseCommit(ObjectId.fromString(sha)));
                }
            }
            try (OutputStream out = Files.newOutputStream(runDir.resolve(BUNDLE))) {
                writer.writeBundle(NullProgressMonitor.INSTANCE, out);
            }
            return true;
        }
    }

    /**
     * On the controller: the run's bundle fetched into {@code repository} and the run's {@code workspace.json}
     * pointed there. Returns why it could not, or null when it did (or the run left no commits).
     */
    static String receive(Path runDir, Path repository, String cloneUrl, String token, ItemRef item, String runId) {
        Path bundle = runDir.resolve(BUNDLE);
        Optional<WorkspaceFacts> facts;
        try {
            facts = facts(runDir);
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!Files.isRegularFile(bundle) || facts.isEmpty()) {
            return null;
        }
        synchronized (NodeCommits.class) { // one fetch at a time into a profile's repository
            try (Git git = open(repository)) {
                List<RefSpec> origin = new ArrayList<>();
                origin.add(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
                if (item.kind() == ItemRef.Kind.PR) {
                    origin.add(new RefSpec("+refs/pull/" + item.number() + "/head:refs/remotes/origin/pull/"
                            + item.number()));
                }
                git.fetch().setRemote(cloneUrl).setRefSpecs(origin)
                        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token))
                        .call();
                git.fetch().setRemote(bundle.toString())
                        .setRefSpecs(new RefSpec("+" + RUN_REFS + runId + ":" + RUN_REFS + runId)).call();
            } catch (GitAPIException | IOException | RuntimeException e) {
                return "cannot take the run's commits from the node into " + repository + ": "
                        + String.valueOf(e.getMessage()).replace(token, "[redacted]");
            }
        }
        WorkspaceFacts f = facts.get();
        WorkspaceFacts here = new WorkspaceFacts(repository.toString(), f.branch(), f.remoteBranch(), f.baseRef(),
                f.baseSha(), f.startSha(), f.headSha(), f.conflictPaths());
        try {
            DurableFiles.writeAtomically(runDir.resolve(RunFiles.WORKSPACE),
                    StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(here));
        } catch (IOException e) {
            return "cannot write " + runDir.resolve(RunFiles.WORKSPACE) + ": " + e.getMessage();
        }
        return null;
    }

    private static Git open(Path repository) throws GitAPIException, IOException {
        if (Files.isDirectory(repository.resolve(".git"))) {
            return Git.open(repository.toFile());
        }
        return Git.init().setDirectory(repository.toFile()).call();
    }

    private static Optional<WorkspaceFacts> facts(Path runDir) throws IOException {
        Path file = runDir.resolve(RunFiles.WORKSPACE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ObjectMapper json = StateJson.mapper();
        return Optional.of(json.readValue(file.toFile(), WorkspaceFacts.class));
    }
}
