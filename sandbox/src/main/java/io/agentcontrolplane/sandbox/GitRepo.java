package io.agentcontrolplane.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * A real bare git repository (JGit) behind one sandbox repository. All writes go through in-core
 * object insertion and ref updates; no working tree exists. Not thread-safe on its own: the sandbox
 * calls it under its single state lock.
 */
final class GitRepo implements AutoCloseable {

  /** One changed file between two trees, as GitHub's diff-entry reports it. */
  record FileChange(String filename, String previousFilename, String status, String blobSha,
      int additions, int deletions, String patch) {}

  /** Outcome of an in-memory three-way merge of head into base. */
  record MergeCheck(boolean clean, ObjectId tree) {}

  private final Repository repo;
  private final Path dir;

  private GitRepo(Repository repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  static GitRepo createBare(Path dir) {
    try {
      Repository r = FileRepositoryBuilder.create(dir.toFile());
      r.create(true);
      return new GitRepo(r, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Points HEAD at the default branch (JGit's init leaves it at master). */
  void setHead(String branch) {
    try {
      repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  Repository repository() {
    return repo;
  }

  /** SHA of a branch tip, or null. */
  String branchSha(String branch) {
    try {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : ref.getObjectId().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> branches() {
    try {
      List<String> out = new ArrayList<>();
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        out.add(r.getName().substring(Constants.R_HEADS.length()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resolves a branch name or a (full) commit SHA; null when unknown. */
  String resolveCommit(String ref) {
    String sha = branchSha(ref);
    if (sha != null) {
      return sha;
    }
    if (ref.startsWith("heads/")) {
      return branchSha(ref.substring(6));
    }
    try {
      ObjectId id = repo.resolve(ref + "^{commit}");
      return id == null ? null : id.name();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Commits file changes on top of {@code parentBranch}'s tip (or as a root commit when the
   * branch does not exist yet) and points {@code branch} at the new commit. A null content deletes
   * the file.
   */
  String commit(String branch, String parentSha, Map<String, String> files, String message,
      String authorName, String authorEmail, Instant when) {
    try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder b = index.builder();
      java.util.Set<String> replaced = files.keySet();
      if (parentSha != null) {
        RevCommit parent = walk.parseCommit(ObjectId.fromString(parentSha));
        try (TreeWalk tw = new TreeWalk(repo)) {
          tw.addTree(parent.getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            if (!replaced.contains(tw.getPathString())) {
              DirCacheEntry e = new DirCacheEntry(tw.getPathString());
              e.setFileMode(tw.getFileMode(0));
              e.setObjectId(tw.getObjectId(0));
              b.add(e);
            }
          }
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        if (f.getValue() == null) {
          continue;
        }
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
        b.add(e);
      }
      b.finish();
      ObjectId tree = index.writeTree(ins);
      PersonIdent who = new PersonIdent(authorName, authorEmail, when, TimeZone.getTimeZone("UTC").toZoneId());
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      if (parentSha != null) {
        cb.setParentId(ObjectId.fromString(parentSha));
      }
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      updateRef(branch, id, parentSha == null ? null : ObjectId.fromString(parentSha), true);
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void updateRef(String branch, ObjectId id, ObjectId expectedOld, boolean force) throws IOException {
    RefUpdate ru = repo.updateRef(Constants.R_HEADS + branch);
    ru.setNewObjectId(id);
    ru.setForceUpdate(force);
    ru.setRefLogMessage("sandbox", false);
    RefUpdate.Result res = ru.update();
    switch (res) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> { }
      default -> throw new IllegalStateException("ref update of " + branch + " failed: " + res);
    }
  }

  void createBranch(String branch, String sha) {
    try {
      updateRef(branch, ObjectId.fromString(sha), null, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean deleteBranch(String branch) {
    try {
      if (repo.exactRef(Constants.R_HEADS + branch) == null) {
        return false;
      }
      RefUpdate ru = repo.updateRef(Constants.R_HEADS + branch);
      ru.setForceUpdate(true);
      RefUpdate.Result res = ru.delete();
      return res == RefUpdate.Result.FORCED || res == RefUpdate.Result.NO_CHANGE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File content at a branch or commit, or null. */
  String fileContent(String ref, String path) {
    try (RevWalk walk = new RevWalk(repo)) {
      String sha = resolveCommit(ref);
      if (sha == null) {
        return null;
      }
      RevCommit c = walk.parseCommit(ObjectId.fromString(sha));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        if (tw == null) {
          return null;
        }
        ObjectLoader l = repo.open(tw.getObjectId(0));
        return new String(l.getBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RevCommit commitInfo(String sha) {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(ObjectId.fromString(sha));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String mergeBase(String a, String b) {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(ObjectId.fromString(a)));
      walk.markStart(walk.parseCommit(ObjectId.fromString(b)));
      RevCommit mb = walk.next();
      return mb == null ? null : mb.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of commits reachable from head but not from base. */
  int commitsBetween(String baseSha, String headSha) {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(ObjectId.fromString(headSha)));
      walk.markUninteresting(walk.parseCommit(ObjectId.fromString(baseSha)));
      int n = 0;
      while (walk.next() != null) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PR's files: the diff from merge-base(base, head) to head, as GitHub computes it. */
  List<FileChange> diff(String baseSha, String headSha) {
    String mb = mergeBase(baseSha, headSha);
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      AbstractTreeIterator oldTree;
      if (mb == null) {
        oldTree = new EmptyTreeIterator();
      } else {
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(reader, walk.parseCommit(ObjectId.fromString(mb)).getTree());
        oldTree = p;
      }
      CanonicalTreeParser newTree = new CanonicalTreeParser();
      newTree.reset(reader, walk.parseCommit(ObjectId.fromString(headSha)).getTree());
      List<FileChange> out = new ArrayList<>();
      try (DiffFormatter counter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
        counter.setRepository(repo);
        counter.setDiffComparator(RawTextComparator.DEFAULT);
        counter.setDetectRenames(true);
        for (DiffEntry e : counter.scan(oldTree, newTree)) {
          int add = 0;
          int del = 0;
          for (Edit ed : counter.toFileHeader(e).toEditList()) {
            add += ed.getEndB() - ed.getBeginB();
            del += ed.getEndA() - ed.getBeginA();
          }
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          try (DiffFormatter fmt = new DiffFormatter(buf)) {
            fmt.setRepository(repo);
            fmt.format(e);
          }
          String text = buf.toString(StandardCharsets.UTF_8);
          int hunk = text.indexOf("@@");
          String patch = hunk < 0 ? null : text.substring(hunk).stripTrailing();
          String status = switch (e.getChangeType()) {
            case ADD -> "added";
            case DELETE -> "removed";
            case MODIFY -> "modified";
            case RENAME -> "renamed";
            case COPY -> "copied";
          };
          String name = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
          String prev = e.getChangeType() == DiffEntry.ChangeType.RENAME ? e.getOldPath() : null;
          String blob = e.getChangeType() == DiffEntry.ChangeType.DELETE
              ? e.getOldId().name() : e.getNewId().name();
          out.add(new FileChange(name, prev, status, blob, add, del, patch));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** In-memory three-way merge of head into base; nothing is written to refs. */
  MergeCheck tryMerge(String baseSha, String headSha) {
    try {
      ThreeWayMerger m = MergeStrategy.RECURSIVE.newMerger(repo, true);
      boolean ok = m.merge(ObjectId.fromString(baseSha), ObjectId.fromString(headSha));
      return new MergeCheck(ok, ok ? m.getResultTreeId() : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges head into base branch for real: squash (one new commit whose only parent is the base tip
   * and whose tree is the merge result) or merge (two parents). Returns the new commit SHA, or null
   * when the merge conflicts.
   */
  String mergeInto(String baseBranch, String headSha, boolean squash, String message,
      String authorName, String authorEmail, Instant when) {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      String baseSha = branchSha(baseBranch);
      // In-core: a bare repository has no working tree or index to merge in.
      ThreeWayMerger m = MergeStrategy.RECURSIVE.newMerger(repo, true);
      m.setObjectInserter(ins);
      if (!m.merge(ObjectId.fromString(baseSha), ObjectId.fromString(headSha))) {
        return null;
      }
      PersonIdent who = new PersonIdent(authorName, authorEmail, when, TimeZone.getTimeZone("UTC").toZoneId());
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(m.getResultTreeId());
      if (squash) {
        cb.setParentId(ObjectId.fromString(baseSha));
      } else {
        cb.setParentIds(ObjectId.fromString(baseSha), ObjectId.fromString(headSha));
      }
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      RefUpdate ru = repo.updateRef(Constants.R_HEADS + baseBranch);
      ru.setExpectedOldObjectId(ObjectId.fromString(baseSha));
      ru.setNewObjectId(id);
      RefUpdate.Result res = ru.update();
      if (res != RefUpdate.Result.FAST_FORWARD && res != RefUpdate.Result.FORCED) {
        throw new IllegalStateException("merge ref update failed: " + res);
      }
      return id.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
