package io.agentcontrolplane.core.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The profile's git workspaces, with JGit: one bare <em>anchor</em> clone of {@code repository.cloneUrl}, kept
 * fetched, and a workspace per run under the worktree root that shares the anchor's objects through git's
 * {@code objects/info/alternates} (nothing is copied but the checked-out files). A workspace is its own repository:
 * the agent's commits, refs and hooks never reach the anchor, and its config holds the clone URL without
 * credentials. Credentials are used only in this process, for fetching; nothing written holds them.
 *
 * <p>The anchor is never garbage-collected by the control plane, so the objects workspaces borrow stay. Fetching
 * and workspace creation take {@code <anchor>/acp.lock}, so concurrent workers of a profile take turns.
 */
public final class Workspaces {
    /** Where the agent's commits of run {@code <runId>} are kept in the anchor, for a publish after cleanup. */
    public static final String KEPT_REF_PREFIX = "refs/acp/runs/";
    /** The control plane's mark on a workspace it made (JSON, {@link Marker}), inside its {@code .git}. */
    static final String MARKER = "acp-workspace.json";
    private static final String ORIGIN = "origin";

    /** What the control plane knows of one workspace; written to {@code .git/acp-workspace.json}. */
    public record Marker(String name, String lastRunId, Instant createdAt, Instant lastUsedAt, Instant finishedAt,
            boolean resident, int tasks) {
    }

    /** One workspace under the worktree root, as retention sees it. */
    public record Entry(Path path, Marker marker, long bytes) {
    }

    static {
        // JGit's defaults (10 MB of pack windows, a 10 MB delta base cache) re-inflate delta chains over and over
        // when 20,000 blobs are checked out; git itself keeps 96 MB of delta bases.
        WindowCacheConfig cache = new WindowCacheConfig();
        cache.setPackedGitLimit(256L * 1024 * 1024);
        cache.setPackedGitWindowSize(64 * 1024);
        cache.setDeltaBaseCacheLimit(96 * 1024 * 1024);
        cache.install();
    }

    private final String cloneUrl;
    private final Path anchor;
    private final Path worktreeRoot;
    private final CredentialsProvider credentials;
    private final Profile.Retention retention;
    private final Clock clock;
    private final ObjectMapper json = StateJson.mapper();

    /**
     * @param credentials for fetching from {@code cloneUrl}, or null for an anonymous remote; kept in memory only
     */
    public Workspaces(String cloneUrl, Path anchor, Path worktreeRoot, CredentialsProvider credentials,
            Profile.Retention retention, Clock clock) {
        if (cloneUrl == null || cloneUrl.isBlank()) {
            throw new IllegalArgumentException("the profile has no repository.cloneUrl to clone");
        }
        if (cloneUrl.matches("(?i)^[a-z+]+://[^/@]*:[^/@]*@.*")) {
            throw new IllegalArgumentException("repository.cloneUrl must not hold credentials (they would be"
                    + " written to disk); give the token through credentials.tokenEnv");
        }
        this.cloneUrl = cloneUrl;
        this.anchor = anchor.toAbsolutePath().normalize();
        this.worktreeRoot = worktreeRoot.toAbsolutePath().normalize();
        if (this.anchor.startsWith(this.worktreeRoot) || this.worktreeRoot.startsWith(this.anchor)) {
            throw new IllegalArgumentException("the anchor clone " + this.anchor + " and the worktree root "
                    + this.worktreeRoot + " must not contain one another");
        }
        this.credentials = credentials;
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path anchor() {
        return anchor;
    }

    public Path worktreeRoot() {
        return worktreeRoot;
    }

    /** The directory of workspace {@code name}. */
    public Path pathOf(String name) {
        return worktreeRoot.resolve(io.agentcontrolplane.core.state.StateStore.requireSafeName(name, "workspace"));
    }

    // ---- anchor ---------------------------------------------------------------------------------------------

    /** Clones the anchor if missing and fetches every branch (and {@code refs/pull/<n>/head} when asked). */
    public void refreshAnchor(int... pullRequests) throws WorkspaceException {
        withLock(() -> {
            fetchAnchor(pullRequests);
            return null;
        });
    }

    private void fetchAnchor(int... pullRequests) throws WorkspaceException {
        try (Repository repo = openOrCreateAnchor(); Git git = Git.wrap(repo)) {
            List<RefSpec> specs = new ArrayList<>();
            specs.add(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
            // By URL: the anchor's own config is not trusted to name where the profile's repository is.
            git.fetch().setRemote(cloneUrl).setRefSpecs(specs).setRemoveDeletedRefs(true)
                    .setCredentialsProvider(credentials).call();
            for (int pr : pullRequests) {
                try {
                    git.fetch().setRemote(cloneUrl).setCredentialsProvider(credentials)
                            .setRefSpecs(new RefSpec("+refs/pull/" + pr + "/head:refs/remotes/origin/pull/" + pr))
                            .call();
                } catch (org.eclipse.jgit.api.errors.TransportException e) {
                    // Not every forge advertises pull refs; a same-repository head was fetched with the branches.
                }
            }
        } catch (GitAPIException | RuntimeException e) {
            throw new WorkspaceException("cannot fetch " + cloneUrl + " into the anchor clone " + anchor + ": "
                    + plain(e), e);
        }
    }

    private Repository openOrCreateAnchor() throws WorkspaceException {
        try {
            if (!Files.exists(anchor.resolve("HEAD"))) {
                DurableFiles.ensureDirectory(anchor);
                Repository repo = FileRepositoryBuilder.create(anchor.toFile());
                repo.create(true);
                StoredConfig config = repo.getConfig();
                config.setString("remote", ORIGIN, "url", cloneUrl);
                config.setString("remote", ORIGIN, "fetch", "+refs/heads/*:refs/remotes/origin/*");
                // Objects borrowed by workspaces must never be pruned.
                config.setBoolean("gc", null, "auto", false);
                config.setInt("gc", null, "auto", 0);
                config.save();
                return repo;
            }
            Repository repo = new FileRepositoryBuilder().setGitDir(anchor.toFile()).setMustExist(true).build();
            String url = repo.getConfig().getString("remote", ORIGIN, "url");
            if (!cloneUrl.equals(url)) {
                repo.close();
                throw new WorkspaceException("the anchor clone " + anchor + " is of " + url + ", but the profile's"
                        + " repository.cloneUrl is " + cloneUrl + "; move it away to clone afresh");
            }
            return repo;
        } catch (IOException e) {
            throw new WorkspaceException("cannot open the anchor clone " + anchor + ": " + plain(e), e);
        }
    }

    // ---- preparing a workspace ------------------------------------------------------------------------------

    /**
     * Fetches the anchor and prepares the plan's workspace: a fresh one (any leftover of the same name, from a
     * crashed attempt, is removed first), or a resident one reused and reset to clean when the retention allows.
     * Asserts its isolation before returning.
     */
    public Prepared prepare(WorkspacePlan plan, String runId) throws WorkspaceException {
        return withLock(() -> {
            fetchAnchor(plan.prNumber() > 0 ? new int[] {plan.prNumber()} : new int[0]);
            Path ws = pathOf(plan.name());
            Instant now = clock.instant();
            Optional<Marker> previous = plan.resident() ? marker(ws) : Optional.empty();
            boolean reuse = previous.isPresent() && reusable(previous.get(), now) && isolationProblem(ws) == null;
            if (!reuse) {
                removeTree(ws);
            }
            String baseSha;
            String startSha;
            try (Repository anchorRepo = openOrCreateAnchor()) {
                baseSha = resolve(anchorRepo, "refs/remotes/origin/" + plan.baseRef(), "base branch "
                        + plan.baseRef());
                startSha = plan.prNumber() > 0 ? requireCommit(anchorRepo, plan.prHeadSha(), plan.prNumber())
                        : baseSha;
            } catch (IOException e) {
                throw new WorkspaceException("cannot read the anchor clone " + anchor + ": " + plain(e), e);
            }
            List<String> conflicts;
            String headAtStart;
            try {
                if (!reuse) {
                    create(ws);
                }
                try (Repository repo = open(ws)) {
                    setRef(repo, "refs/remotes/origin/" + plan.baseRef(), baseSha);
                    if (plan.prNumber() > 0) {
                        setRef(repo, "refs/remotes/origin/" + plan.remoteBranch(), startSha);
                    }
                    setRef(repo, Constants.R_HEADS + plan.branch(), startSha);
                    RefUpdate head = repo.updateRef(Constants.HEAD);
                    head.disableRefLog();
                    head.link(Constants.R_HEADS + plan.branch());
                    if (reuse) {
                        resetClean(repo, plan.branch());
                    } else {
                        checkout(repo, startSha);
                    }
                    conflicts = plan.mergeBase() ? mergeBase(repo, plan) : List.of();
                    headAtStart = repo.resolve(Constants.HEAD).name();
                }
            } catch (IOException | GitAPIException | RuntimeException e) {
                throw new WorkspaceException("cannot prepare workspace " + ws + ": " + plain(e), e);
            }
            int tasks = reuse ? previous.get().tasks() + 1 : 1;
            Instant created = reuse ? previous.get().createdAt() : now;
            writeMarker(ws, new Marker(plan.name(), runId, created, now, null, plan.resident(), tasks));
            String problem = isolationProblem(ws);
            if (problem != null) {
                throw new WorkspaceException("workspace " + ws + " is not isolated: " + problem);
            }
            WorkspaceFacts facts = new WorkspaceFacts(ws.toString(), plan.branch(), plan.remoteBranch(),
                    plan.baseRef(), baseSha, headAtStart, null, conflicts);
            return new Prepared(ws, facts, reuse, tasks);
        });
    }

    /** A prepared workspace: its path, the facts reconcile publishes from, and whether it was reused. */
    public record Prepared(Path path, WorkspaceFacts facts, boolean reused, int tasks) {
    }

    private boolean reusable(Marker m, Instant now) {
        int maxTasks = retention.residentMaxTasks();
        Instant last = m.finishedAt() != null ? m.finishedAt() : m.lastUsedAt();
        return m.resident() && maxTasks > 0 && m.tasks() < maxTasks && last != null
                && Duration.between(last, now).compareTo(Duration.ofHours(retention.residentMaxHours())) < 0;
    }

    private void create(Path ws) throws IOException, WorkspaceException {
        DurableFiles.ensureDirectory(worktreeRoot);
        Files.createDirectories(ws);
        Path gitDir = ws.resolve(Constants.DOT_GIT);
        try (Repository repo = FileRepositoryBuilder.create(gitDir.toFile())) {
            repo.create(false);
            StoredConfig config = repo.getConfig();
            config.setString("remote", ORIGIN, "url", cloneUrl);
            config.setString("remote", ORIGIN, "fetch", "+refs/heads/*:refs/remotes/origin/*");
            // The agent commits as the control plane's agent unless its own git config says otherwise.
            config.setString("user", null, "name", "Agent Control Plane");
            config.setString("user", null, "email", "agent-control-plane@users.noreply.github.com");
            config.setBoolean("gc", null, "auto", false);
            config.save();
        }
        Path alternates = gitDir.resolve("objects").resolve("info").resolve("alternates");
        Files.createDirectories(alternates.getParent());
        Files.writeString(alternates, anchor.resolve("objects") + "\n");
    }

    private static Repository open(Path ws) throws IOException {
        return new FileRepositoryBuilder().setGitDir(ws.resolve(Constants.DOT_GIT).toFile()).setMustExist(true)
                .build();
    }

    private static void setRef(Repository repo, String name, String sha) throws IOException {
        RefUpdate u = repo.updateRef(name);
        u.setNewObjectId(ObjectId.fromString(sha));
        u.setForceUpdate(true);
        u.disableRefLog();
        RefUpdate.Result r = u.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE
                && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot set " + name + " to " + sha + " (" + r + ")");
        }
    }

    /**
     * Checks the commit out into an empty working tree and writes the matching index. JGit's own checkout writes each
     * file through a temporary file and a rename, and costs tens of seconds for 20,000 files; into an empty tree
     * each file is simply created (never overwritten: an entry that would land on an existing path is an error).
     * Blobs are read on this thread (a reader is not thread-safe) and written by {@link #WRITERS} threads, since
     * creating files mostly waits on the file system. Entries are written as stored (no end-of-line or smudge
     * filters), which is what an agent's workspace needs.
     */
    private static void checkout(Repository repo, String sha) throws IOException {
        Path work = repo.getWorkTree().toPath();
        DirCache index = repo.lockDirCache();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "acp-checkout");
            t.setDaemon(true);
            return t;
        });
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
                TreeWalk tree = new TreeWalk(repo, reader)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(sha)).getTree());
            tree.setRecursive(true);
            Set<Path> dirs = new HashSet<>();
            List<Future<DirCacheEntry>> entries = new ArrayList<>();
            while (tree.next()) {
                String path = tree.getPathString();
                requireSafePath(path);
                FileMode mode = tree.getFileMode(0);
                ObjectId id = tree.getObjectId(0);
                Path file = work.resolve(path);
                if (dirs.add(file.getParent())) {
                    Files.createDirectories(file.getParent());
                }
                if (mode == FileMode.GITLINK) {
                    // A submodule: recorded, not checked out (as git leaves it until "submodule update").
                    Files.createDirectories(file);
                    entries.add(CompletableFuture.completedFuture(entry(path, mode, id, 0, null)));
                    continue;
                }
                ObjectLoader blob = reader.open(id, Constants.OBJ_BLOB);
                if (blob.isLarge()) {
                    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                        blob.copyTo(out);
                    }
                    entries.add(CompletableFuture.completedFuture(written(path, mode, id, file)));
                    continue;
                }
                byte[] bytes = blob.getCachedBytes();
                entries.add(writers.submit(() -> {
                    if (mode == FileMode.SYMLINK) {
                        Files.createSymbolicLink(file, Path.of(new String(bytes, StandardCharsets.UTF_8)));
                    } else {
                        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    }
                    return written(path, mode, id, file);
                }));
            }
            DirCacheBuilder builder = index.builder();
            for (Future<DirCacheEntry> f : entries) {
                builder.add(f.get());
            }
            builder.finish();
            index.write();
            if (!index.commit()) {
                throw new IOException("cannot write the index of " + work);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(plain(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking out into " + work, e);
        } finally {
            writers.shutdownNow();
            index.unlock();
        }
    }

    /** Threads that create a checkout's files. */
    static final int WRITERS = 4;

    private static DirCacheEntry written(String path, FileMode mode, ObjectId id, Path file) throws IOException {
        if (mode == FileMode.EXECUTABLE_FILE) {
            file.toFile().setExecutable(true, false);
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return entry(path, mode, id, attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    private static DirCacheEntry entry(String path, FileMode mode, ObjectId id, long length, Instant modified) {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(mode);
        e.setObjectId(id);
        e.setLength(length);
        if (modified != null) {
            e.setLastModified(modified);
        }
        return e;
    }

    /** A tree entry's path must stay inside the workspace and out of its {@code .git}. */
    private static void requireSafePath(String path) throws IOException {
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equalsIgnoreCase(Constants.DOT_GIT)
                    || part.indexOf('\\') >= 0) {
                throw new IOException("the repository holds a path no checkout may write: " + path);
            }
        }
    }

    /** A reused workspace back to exactly the branch's commit: untracked and ignored files go too. */
    private static void resetClean(Repository repo, String branch) throws GitAPIException {
        try (Git git = Git.wrap(repo)) {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.R_HEADS + branch).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        }
    }

    /** The host's merge of the base into the PR branch; returns the paths left in conflict (sorted). */
    private static List<String> mergeBase(Repository repo, WorkspacePlan plan) throws IOException, GitAPIException {
        try (Git git = Git.wrap(repo)) {
            MergeResult result = git.merge().include(repo.exactRef("refs/remotes/origin/" + plan.baseRef()))
                    .setCommit(true).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                    .setMessage("Merge " + plan.baseRef() + " into " + plan.remoteBranch()).call();
            if (result.getMergeStatus() == MergeResult.MergeStatus.CONFLICTING && result.getConflicts() != null) {
                return result.getConflicts().keySet().stream().sorted().toList();
            }
            if (!result.getMergeStatus().isSuccessful()) {
                throw new IOException("the merge of " + plan.baseRef() + " failed: " + result.getMergeStatus());
            }
            return List.of();
        }
    }

    private static String resolve(Repository repo, String ref, String what) throws IOException, WorkspaceException {
        Ref r = repo.exactRef(ref);
        if (r == null || r.getObjectId() == null) {
            throw new WorkspaceException("the " + what + " does not exist in the repository (no " + ref + ")");
        }
        return r.getObjectId().name();
    }

    private static String requireCommit(Repository repo, String sha, int pr) throws IOException,
            WorkspaceException {
        ObjectId id;
        try {
            id = ObjectId.fromString(sha);
        } catch (IllegalArgumentException e) {
            throw new WorkspaceException("PR #" + pr + ": head '" + sha + "' is not a commit id");
        }
        if (!repo.getObjectDatabase().has(id)) {
            throw new WorkspaceException("PR #" + pr + ": its head commit " + sha + " was not found after fetching"
                    + " (pushed since the heartbeat looked?)");
        }
        return sha;
    }

    // ---- isolation ------------------------------------------------------------------------------------------

    /**
     * Why {@code ws} must not be given to an agent, or null when it may: it must be a workspace this class made,
     * directly under the worktree root (no symbolic link on the way), not the anchor, with its own git directory
     * borrowing objects from the anchor only, and with no tracked symbolic link pointing outside it.
     */
    public String isolationProblem(Path ws) {
        try {
            Path root = worktreeRoot.toRealPath();
            Path abs = ws.toAbsolutePath().normalize();
            if (!abs.startsWith(worktreeRoot) || abs.equals(worktreeRoot)) {
                return "it is outside the worktree root " + worktreeRoot;
            }
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                return "it is not a directory (or is a symbolic link)";
            }
            Path real = abs.toRealPath();
            if (!real.equals(root.resolve(worktreeRoot.relativize(abs)))) {
                return "its path goes through a symbolic link (to " + real + ")";
            }
            Path anchorReal = Files.exists(anchor) ? anchor.toRealPath() : anchor;
            if (real.startsWith(anchorReal) || anchorReal.startsWith(real)) {
                return "it is, or holds, the anchor clone " + anchor;
            }
            Path gitDir = real.resolve(Constants.DOT_GIT);
            if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS)) {
                return "its .git is not a directory of its own (a linked checkout or a symbolic link)";
            }
            if (!Files.isRegularFile(gitDir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                return "the control plane did not make it (no .git/" + MARKER + "): a user checkout?";
            }
            Path alternates = gitDir.resolve("objects").resolve("info").resolve("alternates");
            if (Files.exists(alternates, LinkOption.NOFOLLOW_LINKS)) {
                for (String line : Files.readAllLines(alternates)) {
                    if (!line.isBlank() && !Path.of(line.trim()).normalize().equals(anchor.resolve("objects"))) {
                        return "it borrows objects from " + line.trim() + ", not from the anchor clone";
                    }
                }
            }
            return outsideSymlink(real);
        } catch (IOException e) {
            return "it cannot be inspected: " + plain(e);
        }
    }

    /** The first tracked symbolic link that resolves outside the workspace, as a problem, else null. */
    private static String outsideSymlink(Path ws) throws IOException {
        DirCache index;
        try (Repository repo = open(ws)) {
            index = repo.readDirCache();
        }
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry e = index.getEntry(i);
            if (e.getFileMode() != FileMode.SYMLINK) {
                continue;
            }
            Path link = ws.resolve(e.getPathString());
            if (!Files.isSymbolicLink(link)) {
                continue;
            }
            Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            if (!target.startsWith(ws)) {
                return "the symbolic link " + e.getPathString() + " points outside the workspace (to " + target
                        + ")";
            }
        }
        return null;
    }

    // ---- keeping the agent's work ---------------------------------------------------------------------------

    /**
     * Keeps the agent's work before anything talks to GitHub: the branch's commits are copied into the anchor as
     * {@code refs/acp/runs/<runId>} (so they outlive the workspace), and the diff from the start commit is written
     * to {@code patchFile}. Returns the facts with the final head.
     */
    public WorkspaceFacts keep(Prepared prepared, String runId, Path patchFile) throws WorkspaceException {
        Path ws = prepared.path();
        WorkspaceFacts facts = prepared.facts();
        try (Repository repo = open(ws); Git git = Git.wrap(repo)) {
            Ref branch = repo.exactRef(Constants.R_HEADS + facts.branch());
            if (branch == null || branch.getObjectId() == null) {
                throw new WorkspaceException("the run's branch " + facts.branch() + " is gone from " + ws);
            }
            String head = branch.getObjectId().name();
            withLock(() -> {
                try {
                    git.push().setRemote(new URIish(anchor.toUri().toURL()).toString())
                            .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + facts.branch() + ":" + KEPT_REF_PREFIX
                                    + runId))
                            .setForce(true).call();
                } catch (GitAPIException | java.net.MalformedURLException e) {
                    throw new WorkspaceException("cannot keep " + facts.branch() + " of " + ws + " in the anchor: "
                            + plain(e), e);
                }
                return null;
            });
            writePatch(repo, facts.startSha(), head, patchFile);
            touchFinished(ws, runId);
            return facts.withHead(head);
        } catch (IOException e) {
            throw new WorkspaceException("cannot keep the work of " + ws + ": " + plain(e), e);
        }
    }

    private static void writePatch(Repository repo, String from, String to, Path patchFile) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!from.equals(to)) {
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit start = walk.parseCommit(ObjectId.fromString(from));
                RevCommit end = walk.parseCommit(ObjectId.fromString(to));
                walk.markStart(end);
                walk.markUninteresting(start);
                StringBuilder header = new StringBuilder();
                for (RevCommit c : walk) {
                    PersonIdent a = c.getAuthorIdent();
                    header.append("# commit ").append(c.name()).append(' ').append(a.getName()).append(" <")
                            .append(a.getEmailAddress()).append(">\n# ").append(c.getShortMessage()).append('\n');
                }
                out.write(header.toString().getBytes(StandardCharsets.UTF_8));
                try (DiffFormatter diff = new DiffFormatter(out)) {
                    diff.setRepository(repo);
                    diff.format(start.getTree(), end.getTree());
                }
            }
        }
        DurableFiles.writeAtomically(patchFile, out.toByteArray());
    }

    // ---- retention ------------------------------------------------------------------------------------------

    /** Every workspace under the worktree root that the control plane made, oldest use first. */
    public List<Entry> list() throws WorkspaceException {
        if (!Files.isDirectory(worktreeRoot)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(worktreeRoot)) {
            for (Path d : dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Optional<Marker> m = marker(d);
                if (m.isPresent()) {
                    out.add(new Entry(d, m.get(), size(d)));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new WorkspaceException("cannot list " + worktreeRoot + ": " + plain(e), e);
        }
        out.sort(Comparator.comparing(e -> lastUse(e.marker())));
        return out;
    }

    /**
     * Applies the retention limits: removes workspaces of finished runs older than the age limit, then the oldest
     * beyond the count limit, then the oldest until the disk limit holds. Workspaces whose name {@code active}
     * accepts are never removed. Returns the removed paths.
     */
    public List<Path> applyRetention(java.util.function.Predicate<String> active) throws WorkspaceException {
        List<Entry> entries = new ArrayList<>(list());
        entries.removeIf(e -> active.test(e.path().getFileName().toString()));
        Instant now = clock.instant();
        List<Path> removed = new ArrayList<>();
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        int count = entries.size();
        for (Entry e : entries) {
            boolean tooOld = retention.maxAgeHours() > 0
                    && Duration.between(lastUse(e.marker()), now).compareTo(Duration.ofHours(retention.maxAgeHours()))
                            >= 0;
            boolean tooMany = retention.maxWorkspaces() > 0 && count > retention.maxWorkspaces();
            boolean tooBig = retention.maxDiskMb() > 0 && total > retention.maxDiskMb() * 1024L * 1024L;
            if (tooOld || tooMany || tooBig) {
                remove(e.path());
                removed.add(e.path());
                count--;
                total -= e.bytes();
            }
        }
        return removed;
    }

    /** Removes one workspace (after checking it is one of ours, under the worktree root). */
    public void remove(Path ws) throws WorkspaceException {
        Path abs = ws.toAbsolutePath().normalize();
        if (!abs.startsWith(worktreeRoot) || abs.equals(worktreeRoot) || marker(abs).isEmpty()) {
            throw new WorkspaceException("refusing to remove " + ws + ": not a workspace under " + worktreeRoot);
        }
        removeTree(abs);
    }

    private static Instant lastUse(Marker m) {
        Instant t = m.finishedAt() != null ? m.finishedAt() : m.lastUsedAt();
        return t != null ? t : Instant.EPOCH;
    }

    private void touchFinished(Path ws, String runId) throws WorkspaceException {
        Optional<Marker> m = marker(ws);
        if (m.isPresent()) {
            Marker o = m.get();
            writeMarker(ws, new Marker(o.name(), runId, o.createdAt(), o.lastUsedAt(), clock.instant(), o.resident(),
                    o.tasks()));
        }
    }

    /** Records that the run using the workspace ended (without keeping anything), for retention and reuse. */
    public void finished(Path ws, String runId) throws WorkspaceException {
        touchFinished(ws, runId);
    }

    Optional<Marker> marker(Path ws) {
        Path f = ws.resolve(Constants.DOT_GIT).resolve(MARKER);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readAllBytes(f), Marker.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void writeMarker(Path ws, Marker m) throws WorkspaceException {
        try {
            DurableFiles.writeAtomically(ws.resolve(Constants.DOT_GIT).resolve(MARKER), json.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new WorkspaceException("cannot mark workspace " + ws + ": " + plain(e), e);
        }
    }

    private static long size(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    static void removeTree(Path dir) throws WorkspaceException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // gone meanwhile
        } catch (IOException e) {
            throw new WorkspaceException("cannot remove " + dir + ": " + plain(e), e);
        }
    }

    // ---- locking --------------------------------------------------------------------------------------------

    private interface Locked<T> {
        T run() throws WorkspaceException;
    }

    /** Runs {@code body} holding the anchor's lock file (processes of a profile take turns; threads too). */
    private <T> T withLock(Locked<T> body) throws WorkspaceException {
        Path lockFile = anchor.resolveSibling(anchor.getFileName() + ".lock");
        synchronized (Workspaces.class) {
            try {
                DurableFiles.ensureDirectory(lockFile.getParent());
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = ch.lock()) {
                    return body.run();
                }
            } catch (IOException e) {
                throw new WorkspaceException("cannot lock " + lockFile + ": " + plain(e), e);
            }
        }
    }

    /** An exception as a person reads it: its innermost message, or its kind in words when none has one. */
    static String plain(Throwable e) {
        String message = null;
        // JGit wraps the telling message (not found, not authorized) in vaguer ones: the innermost says most.
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : "unexpected " + e.getClass().getSimpleName();
    }

}
