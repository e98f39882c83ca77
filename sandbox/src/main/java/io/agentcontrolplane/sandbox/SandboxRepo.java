package io.agentcontrolplane.sandbox;

import io.agentcontrolplane.sandbox.Model.CheckRun;
import io.agentcontrolplane.sandbox.Model.Issue;
import io.agentcontrolplane.sandbox.Model.Repo;
import io.agentcontrolplane.sandbox.Model.Review;
import io.agentcontrolplane.sandbox.Model.Status;
import io.agentcontrolplane.sandbox.Model.User;
import io.agentcontrolplane.sandbox.Model.WorkflowRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seeding and inspection of one sandbox repository from Java (no HTTP, no rate limit). Every method
 * takes the sandbox's lock, so it is safe to call while clients are talking to the server.
 */
public final class SandboxRepo {

  /** An issue or pull request as stored. */
  public record IssueView(int number, String title, String body, String state, String author,
      List<String> labels, boolean pullRequest, int comments) {}

  /** An issue comment as stored. */
  public record CommentView(long id, String author, String body, java.time.Instant createdAt) {}

  /** A pull request as stored, with its git facts. */
  public record PullView(int number, String title, String state, String headRef, String headSha,
      String baseRef, boolean draft, boolean merged, String mergeCommitSha, List<String> labels,
      List<String> reviewStates) {}

  /** A workflow run as stored. */
  public record RunView(long id, String name, String status, String conclusion, int runAttempt) {}

  private final GitHubSandbox sb;
  private final Repo repo;

  SandboxRepo(GitHubSandbox sb, Repo repo) {
    this.sb = sb;
    this.repo = repo;
  }

  private <T> T locked(Supplier<T> s) {
    sb.lock.lock();
    try {
      return s.get();
    } finally {
      sb.lock.unlock();
    }
  }

  private Api api() {
    return sb.api;
  }

  private static RuntimeException unwrap(GitHubSandbox.ApiError e) {
    return new IllegalArgumentException(e.resp.status + " " + e.resp.body, e);
  }

  public String fullName() {
    return repo.fullName();
  }

  public String defaultBranch() {
    return repo.defaultBranch;
  }

  /** The bare git repository on disk. */
  public Path gitDir() {
    return repo.git.dir();
  }

  public SandboxRepo permission(String login, Permission p) {
    return locked(() -> {
      User u = sb.requireUser(login);
      repo.permissions.put(u.login.toLowerCase(Locale.ROOT), p);
      return this;
    });
  }

  public SandboxRepo description(String text) {
    return locked(() -> {
      repo.description = text;
      return this;
    });
  }

  // ---------------------------------------------------------------- labels

  public SandboxRepo createLabel(String name, String color, String description) {
    return locked(() -> {
      try {
        api().createLabel(repo, name, color, description);
      } catch (GitHubSandbox.ApiError e) {
        throw unwrap(e);
      }
      return this;
    });
  }

  /** A repository label as {@code name:color:description}, or null. */
  public String labelInfo(String name) {
    return locked(() -> {
      Model.Label l = repo.labels.get(name.toLowerCase(Locale.ROOT));
      return l == null ? null : l.name + ":" + l.color + ":" + l.description;
    });
  }

  /** Label events of an issue as {@code event:label:actor}, oldest first. */
  public List<String> labelEvents(int number) {
    return locked(() -> api().issue(repo, String.valueOf(number)).events.stream()
        .map(e -> e.event + ":" + e.label + ":" + e.actor.login).toList());
  }

  /** Edits an issue or PR body as its author would (moves updated_at). */
  public SandboxRepo editBody(int number, String body) {
    return locked(() -> {
      Api a = api();
      Issue i = a.issue(repo, String.valueOf(number));
      i.body = body;
      a.touch(repo, i);
      return this;
    });
  }

  public List<String> repoLabels() {
    return locked(() -> repo.labels.values().stream().map(l -> l.name).toList());
  }

  // ---------------------------------------------------------------- issues

  /** Creates an issue; labels missing from the repository are created. Returns its number. */
  public int createIssue(String author, String title, String body, String... labels) {
    return locked(() -> {
      Api a = api();
      User by = sb.requireUser(author);
      Issue i = a.newIssue(repo, by, title, body);
      for (String l : labels) {
        String name = a.ensureLabel(repo, l).name;
        i.labels.add(name);
        a.labelEvent(i, by, "labeled", name);
      }
      return i.number;
    });
  }

  public SandboxRepo addComment(int number, String author, String body) {
    return locked(() -> {
      Api a = api();
      a.addComment(repo, a.issue(repo, String.valueOf(number)), sb.requireUser(author), body);
      return this;
    });
  }

  /** Adds labels as the repository owner would (a {@code labeled} event by the owner). */
  public SandboxRepo addLabels(int number, String... labels) {
    return addLabelsAs(number, repo.owner.login, labels);
  }

  /** Adds labels as {@code actor}: each new label gets a {@code labeled} event by that user. */
  public SandboxRepo addLabelsAs(int number, String actor, String... labels) {
    return locked(() -> {
      Api a = api();
      Issue i = a.issue(repo, String.valueOf(number));
      User by = sb.requireUser(actor);
      for (String l : labels) {
        String name = a.ensureLabel(repo, l).name;
        if (i.labels.stream().noneMatch(x -> x.equalsIgnoreCase(name))) {
          i.labels.add(name);
          a.labelEvent(i, by, "labeled", name);
        }
      }
      a.touch(repo, i);
      return this;
    });
  }

  public SandboxRepo close(int number, String by) {
    return locked(() -> {
      Api a = api();
      Issue i = a.issue(repo, String.valueOf(number));
      a.setState(i, "closed", null, sb.requireUser(by));
      a.touch(repo, i);
      return this;
    });
  }

  public IssueView issue(int number) {
    return locked(() -> {
      Issue i = api().issue(repo, String.valueOf(number));
      return new IssueView(i.number, i.title, i.body, i.state, i.user.login, List.copyOf(i.labels),
          i.pull != null, i.comments.size());
    });
  }

  public List<IssueView> issues() {
    return locked(() -> repo.issues.values().stream().map(i -> new IssueView(i.number, i.title, i.body,
        i.state, i.user.login, List.copyOf(i.labels), i.pull != null, i.comments.size())).toList());
  }

  public List<CommentView> comments(int number) {
    return locked(() -> api().issue(repo, String.valueOf(number)).comments.stream()
        .map(c -> new CommentView(c.id, c.user.login, c.body, c.createdAt)).toList());
  }

  public List<String> labels(int number) {
    return locked(() -> List.copyOf(api().issue(repo, String.valueOf(number)).labels));
  }

  // ---------------------------------------------------------------- git

  /** Creates {@code branch} from {@code from} and commits the files on it. Returns the new SHA. */
  public String createBranchWithCommit(String branch, String from, Map<String, String> files, String message) {
    return locked(() -> {
      if (repo.git.branchSha(branch) != null) {
        throw new IllegalArgumentException("branch exists: " + branch);
      }
      String parent = repo.git.resolveCommit(from);
      if (parent == null) {
        throw new IllegalArgumentException("unknown ref " + from);
      }
      return doCommit(branch, parent, files, message);
    });
  }

  /** Commits on top of an existing branch (null content deletes a file). Returns the new SHA. */
  public String commit(String branch, Map<String, String> files, String message) {
    return locked(() -> {
      String parent = repo.git.branchSha(branch);
      if (parent == null) {
        throw new IllegalArgumentException("unknown branch " + branch);
      }
      return doCommit(branch, parent, files, message);
    });
  }

  private String doCommit(String branch, String parent, Map<String, String> files, String message) {
    Map<String, String> copy = new LinkedHashMap<>(files);
    String sha = repo.git.commit(branch, parent, copy, message, repo.owner.login,
        repo.owner.login + "@users.noreply.github.com", sb.now());
    repo.pushedAt = sb.now();
    return sha;
  }

  public String branchSha(String branch) {
    return locked(() -> repo.git.branchSha(branch));
  }

  public List<String> branches() {
    return locked(() -> repo.git.branches());
  }

  /** Content of a file at a branch or SHA, or null. */
  public String fileContent(String ref, String path) {
    return locked(() -> repo.git.fileContent(ref, path));
  }

  /** Message of the commit a branch or SHA points at. */
  public String commitMessage(String ref) {
    return locked(() -> repo.git.commitInfo(repo.git.resolveCommit(ref)).getFullMessage());
  }

  /** Parent SHAs of a commit. */
  public List<String> parents(String ref) {
    return locked(() -> {
      List<String> out = new ArrayList<>();
      for (var p : repo.git.commitInfo(repo.git.resolveCommit(ref)).getParents()) {
        out.add(p.name());
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- pulls

  public int openPullRequest(String author, String title, String body, String head, String base, boolean draft) {
    return locked(() -> {
      try {
        return api().openPull(repo, sb.requireUser(author), title, body, head, base, draft).number;
      } catch (GitHubSandbox.ApiError e) {
        throw unwrap(e);
      }
    });
  }

  public SandboxRepo setDraft(int number, boolean draft) {
    return locked(() -> {
      api().pull(repo, String.valueOf(number)).pull.draft = draft;
      return this;
    });
  }

  public SandboxRepo addReview(int number, String reviewer, String state, String body) {
    return locked(() -> {
      Api a = api();
      Issue i = a.pull(repo, String.valueOf(number));
      a.addReview(repo, i, sb.requireUser(reviewer), state, body, a.headSha(repo, i));
      return this;
    });
  }

  public PullView pull(int number) {
    return locked(() -> {
      Api a = api();
      Issue i = a.pull(repo, String.valueOf(number));
      return new PullView(i.number, i.title, i.state, i.pull.headRef, a.headSha(repo, i), i.pull.baseRef,
          i.pull.draft, i.pull.merged, i.pull.mergeCommitSha, List.copyOf(i.labels),
          i.pull.reviews.stream().map(r -> r.state).toList());
    });
  }

  /** Merges a PR as the given user (merge|squash|rebase; rebase is performed as a squash). */
  public String merge(int number, String by, String method) {
    return locked(() -> {
      Api a = api();
      try {
        return a.mergePull(repo, a.pull(repo, String.valueOf(number)), sb.requireUser(by), method, null, null, null);
      } catch (GitHubSandbox.ApiError e) {
        throw unwrap(e);
      }
    });
  }

  // ---------------------------------------------------------------- CI

  /** Adds a check run on a SHA (or branch). status: queued|in_progress|completed. Returns its id. */
  public long addCheckRun(String shaOrBranch, String name, String status, String conclusion) {
    return locked(() -> {
      String sha = requireCommit(shaOrBranch);
      CheckRun cr = new CheckRun(sb.ids.incrementAndGet(), sha, name, status, conclusion, sb.now(),
          sb.ids.incrementAndGet());
      repo.checkRuns.add(cr);
      return cr.id;
    });
  }

  /** Completes (or otherwise updates) an existing check run. */
  public SandboxRepo updateCheckRun(long id, String status, String conclusion) {
    return locked(() -> {
      for (CheckRun cr : repo.checkRuns) {
        if (cr.id == id) {
          cr.status = status;
          cr.conclusion = conclusion;
          cr.completedAt = "completed".equals(status) ? sb.now() : null;
          return this;
        }
      }
      throw new IllegalArgumentException("unknown check run " + id);
    });
  }

  /** Adds a commit status (state: error|failure|pending|success). */
  public long addStatus(String shaOrBranch, String state, String context, String description, String targetUrl) {
    return locked(() -> {
      String sha = requireCommit(shaOrBranch);
      Status s = new Status(sb.ids.incrementAndGet(), sha, state, context, description, targetUrl,
          repo.owner, sb.now());
      repo.statuses.add(s);
      return s.id;
    });
  }

  /** Adds a completed or running workflow run; returns its id. */
  public long addWorkflowRun(String workflowName, String branch, String shaOrBranch, String status,
      String conclusion) {
    return locked(() -> {
      String sha = requireCommit(shaOrBranch);
      long wid = repo.workflowIds.computeIfAbsent(workflowName, k -> sb.ids.incrementAndGet());
      int number = (int) repo.runs.stream().filter(w -> w.workflowId == wid).count() + 1;
      String path = ".github/workflows/" + workflowName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".yml";
      WorkflowRun w = new WorkflowRun(sb.ids.incrementAndGet(), wid, workflowName, path, branch, sha,
          "push", number, status, conclusion, repo.owner, sb.now(), sb.ids.incrementAndGet());
      repo.runs.add(w);
      return w.id;
    });
  }

  public SandboxRepo updateWorkflowRun(long id, String status, String conclusion) {
    return locked(() -> {
      WorkflowRun w = findRun(id);
      w.status = status;
      w.conclusion = conclusion;
      w.updatedAt = sb.now();
      return this;
    });
  }

  public RunView workflowRun(long id) {
    return locked(() -> {
      WorkflowRun w = findRun(id);
      return new RunView(w.id, w.name, w.status, w.conclusion, w.runAttempt);
    });
  }

  private WorkflowRun findRun(long id) {
    return repo.runs.stream().filter(w -> w.id == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run " + id));
  }

  private String requireCommit(String ref) {
    String sha = repo.git.resolveCommit(ref);
    if (sha == null) {
      throw new IllegalArgumentException("unknown commit " + ref);
    }
    return sha;
  }

  /** Reviews on a PR as (login, state) strings, e.g. "bob:APPROVED". */
  public List<String> reviews(int number) {
    return locked(() -> {
      List<String> out = new ArrayList<>();
      for (Review r : api().pull(repo, String.valueOf(number)).pull.reviews) {
        out.add(r.user.login + ":" + r.state);
      }
      return out;
    });
  }

  /**
   * Adds a review comment on a line of the PR's head, as {@code author} (a COMMENTED review holds it), or a reply
   * in the thread of comment {@code inReplyTo} (null for a new thread). Returns the comment's id.
   */
  public long addReviewComment(int number, String author, String path, int line, String body, Long inReplyTo) {
    return locked(() -> {
      Api a = api();
      Issue i = a.pull(repo, String.valueOf(number));
      String head = a.headSha(repo, i);
      Review v = a.addReview(repo, i, sb.requireUser(author), "COMMENTED", "", head);
      Model.ReviewComment c = new Model.ReviewComment(sb.ids.incrementAndGet(), v.id, sb.requireUser(author), body,
          path, line, null, "RIGHT", head, "", sb.now());
      c.inReplyTo = inReplyTo;
      i.pull.reviewComments.add(c);
      a.touch(repo, i);
      return c.id;
    });
  }

  /** Requests reviews of the PR from these users (as GitHub's requested_reviewers shows them). */
  public SandboxRepo requestReviewers(int number, String... logins) {
    return locked(() -> {
      Api a = api();
      Issue i = a.pull(repo, String.valueOf(number));
      for (String login : logins) {
        i.pull.requestedReviewers.add(sb.requireUser(login));
      }
      a.touch(repo, i);
      return this;
    });
  }

  /** Sets a check run's output title and summary (what CI says about the failure). */
  public SandboxRepo checkRunOutput(long id, String title, String summary) {
    return locked(() -> {
      for (CheckRun cr : repo.checkRuns) {
        if (cr.id == id) {
          cr.title = title;
          cr.summary = summary;
          return this;
        }
      }
      throw new IllegalArgumentException("unknown check run " + id);
    });
  }

  /** Closes a pull request without merging it, as {@code by}. */
  public SandboxRepo closePull(int number, String by) {
    return close(number, by);
  }
}
