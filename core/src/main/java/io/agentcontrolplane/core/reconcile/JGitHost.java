package io.agentcontrolplane.core.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@link HostGit} with JGit, pushing over HTTPS to the profile's clone URL with the token as the password (GitHub's
 * {@code x-access-token} convention). No git binary is needed.
 */
public final class JGitHost implements HostGit {
    private final String remoteUrl;
    private final UsernamePasswordCredentialsProvider credentials;

    /** @param token the GitHub token; null for a remote that needs none */
    public JGitHost(String remoteUrl, String token) {
        this.remoteUrl = Objects.requireNonNull(remoteUrl, "remoteUrl");
        this.credentials = token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
    }

    @Override
    public Optional<String> remoteHead(String branch) throws HostGitException {
        try {
            var cmd = Git.lsRemoteRepository().setRemote(remoteUrl).setHeads(true);
            if (credentials != null) {
                cmd.setCredentialsProvider(credentials);
            }
            Collection<Ref> refs = cmd.call();
            for (Ref r : refs) {
                if (r.getName().equals("refs/heads/" + branch)) {
                    return Optional.of(r.getObjectId().name());
                }
            }
            return Optional.empty();
        } catch (TransportException e) {
            throw new HostGitException("cannot reach " + safeUrl() + ": " + e.getMessage(), true, e);
        } catch (GitAPIException e) {
            throw new HostGitException("cannot list the branches of " + safeUrl() + ": " + e.getMessage(), true, e);
        }
    }

    @Override
    public void push(Path workspace, String sha, String remoteBranch, String expectedRemote) throws HostGitException {
        Optional<String> now = remoteHead(remoteBranch);
        if (now.isPresent() && now.get().equals(sha)) {
            return;
        }
        try (Repository repo = open(workspace); Git git = new Git(repo)) {
            RefSpec spec = new RefSpec(sha + ":refs/heads/" + remoteBranch);
            var cmd = git.push().setRemote(remoteUrl).setRefSpecs(spec);
            if (credentials != null) {
                cmd.setCredentialsProvider(credentials);
            }
            cmd.setForce(expectedRemote == null);
            for (PushResult result : cmd.call()) {
                for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                    switch (u.getStatus()) {
                        case OK, UP_TO_DATE -> {
                        }
                        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new HostGitException(
                                "the remote branch " + remoteBranch + " moved on; not overwritten", false, null);
                        default -> throw new HostGitException("push of " + remoteBranch + " refused: "
                                + u.getStatus() + (u.getMessage() != null ? " (" + u.getMessage() + ")" : ""),
                                true, null);
                    }
                }
            }
        } catch (TransportException e) {
            throw new HostGitException("cannot push to " + safeUrl() + ": " + e.getMessage(), true, e);
        } catch (GitAPIException e) {
            throw new HostGitException("push of " + remoteBranch + " failed: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new HostGitException("cannot open the workspace " + workspace + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public int commitsBetween(Path workspace, String base, String head) throws HostGitException {
        try (Repository repo = open(workspace); RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(resolve(repo, head)));
            if (base != null) {
                walk.markUninteresting(walk.parseCommit(resolve(repo, base)));
            }
            int n = 0;
            for (RevCommit ignored : walk) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new HostGitException("cannot count the commits of " + workspace + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public List<String> changedFiles(Path workspace, String from, String to) throws HostGitException {
        try (Repository repo = open(workspace); Git git = new Git(repo); ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(repo)) {
            CanonicalTreeParser a = new CanonicalTreeParser();
            a.reset(reader, walk.parseCommit(resolve(repo, from)).getTree());
            CanonicalTreeParser b = new CanonicalTreeParser();
            b.reset(reader, walk.parseCommit(resolve(repo, to)).getTree());
            List<String> out = new ArrayList<>();
            for (DiffEntry d : git.diff().setOldTree(a).setNewTree(b).call()) {
                out.add(d.getChangeType() == DiffEntry.ChangeType.DELETE ? d.getOldPath() : d.getNewPath());
            }
            return out;
        } catch (IOException | GitAPIException e) {
            throw new HostGitException("cannot diff " + from + ".." + to + " in " + workspace + ": " + e.getMessage(),
                    false, e);
        }
    }

    @Override
    public String subject(Path workspace, String sha) throws HostGitException {
        try (Repository repo = open(workspace); RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(resolve(repo, sha)).getShortMessage();
        } catch (IOException e) {
            throw new HostGitException("cannot read commit " + sha + " in " + workspace, false, e);
        }
    }

    @Override
    public Optional<String> fileAt(Path workspace, String sha, String path) throws HostGitException {
        try (Repository repo = open(workspace); RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(resolve(repo, sha));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                if (tw == null) {
                    return Optional.empty();
                }
                ObjectLoader loader = repo.open(tw.getObjectId(0));
                return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new HostGitException("cannot read " + path + " at " + sha + " in " + workspace, false, e);
        }
    }

    @Override
    public String replay(Path scratch, String baseSha, String patch, String message) throws HostGitException {
        try {
            if (Files.exists(scratch)) {
                try (var files = Files.walk(scratch)) {
                    for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
            var clone = Git.cloneRepository().setURI(remoteUrl).setDirectory(scratch.toFile()).setNoCheckout(true);
            if (credentials != null) {
                clone.setCredentialsProvider(credentials);
            }
            try (Git git = clone.call()) {
                git.checkout().setName("replay").setCreateBranch(true).setStartPoint(baseSha).call();
                git.apply().setPatch(new java.io.ByteArrayInputStream(patch.getBytes(StandardCharsets.UTF_8))).call();
                git.add().addFilepattern(".").call();
                git.add().addFilepattern(".").setUpdate(true).call();
                return git.commit().setMessage(message).setAuthor("Agent Control Plane", "acp@localhost")
                        .setCommitter("Agent Control Plane", "acp@localhost").call().name();
            }
        } catch (TransportException e) {
            throw new HostGitException("cannot clone " + safeUrl() + ": " + e.getMessage(), true, e);
        } catch (GitAPIException | IOException e) {
            throw new HostGitException("cannot replay the kept patch on " + baseSha + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public boolean hasCommit(Path workspace, String sha) throws HostGitException {
        if (!Files.isDirectory(workspace)) {
            return false;
        }
        try (Repository repo = open(workspace); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(sha);
            if (id == null) {
                return false;
            }
            walk.parseCommit(id);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Repository open(Path workspace) throws IOException {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(workspace.toFile());
        if (b.getGitDir() == null) {
            throw new IOException(workspace + " is not a git workspace");
        }
        return b.setMustExist(true).build();
    }

    private static ObjectId resolve(Repository repo, String rev) throws IOException {
        ObjectId id = repo.resolve(rev);
        if (id == null) {
            throw new IOException("no commit " + rev);
        }
        return id;
    }

    /** The remote URL without any credentials in it, for messages. */
    private String safeUrl() {
        try {
            return new URIish(remoteUrl).setPass(null).setUser(null).toString();
        } catch (java.net.URISyntaxException e) {
            return "the repository";
        }
    }
}
