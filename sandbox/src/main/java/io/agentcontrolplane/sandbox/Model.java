package io.agentcontrolplane.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sandbox's mutable state. Every field is guarded by the sandbox's single lock. */
final class Model {
  private Model() {}

  static final class User {
    final long id;
    final String login;
    final String type; // User | Organization | Bot
    final Instant createdAt;
    String name;
    String email;

    User(long id, String login, String type, Instant createdAt) {
      this.id = id;
      this.login = login;
      this.type = type;
      this.createdAt = createdAt;
    }
  }

  static final class Label {
    final long id;
    String name;
    String color;
    String description;
    boolean isDefault;

    Label(long id, String name, String color, String description) {
      this.id = id;
      this.name = name;
      this.color = color;
      this.description = description;
    }
  }

  static final class Comment {
    final long id;
    final User user;
    String body;
    final Instant createdAt;
    Instant updatedAt;

    Comment(long id, User user, String body, Instant at) {
      this.id = id;
      this.user = user;
      this.body = body;
      this.createdAt = at;
      this.updatedAt = at;
    }
  }

  /** An issue timeline event; only label events are recorded. */
  static final class IssueEvent {
    final long id;
    final User actor;
    final String event; // labeled | unlabeled
    final String label;
    final Instant createdAt;

    IssueEvent(long id, User actor, String event, String label, Instant at) {
      this.id = id;
      this.actor = actor;
      this.event = event;
      this.label = label;
      this.createdAt = at;
    }
  }

  static final class Review {
    final long id;
    final User user;
    final String body;
    final String state; // APPROVED, CHANGES_REQUESTED, COMMENTED, PENDING
    final String commitId;
    final Instant submittedAt;

    Review(long id, User user, String body, String state, String commitId, Instant at) {
      this.id = id;
      this.user = user;
      this.body = body;
      this.state = state;
      this.commitId = commitId;
      this.submittedAt = at;
    }
  }

  static final class ReviewComment {
    final long id;
    final long reviewId;
    final User user;
    final String body;
    final String path;
    final Integer line;
    final Integer position;
    final String side;
    final String commitId;
    final String diffHunk;
    final Instant createdAt;
    /** The comment that started the thread this one answers, if any. */
    Long inReplyTo;

    ReviewComment(long id, long reviewId, User user, String body, String path, Integer line,
        Integer position, String side, String commitId, String diffHunk, Instant at) {
      this.id = id;
      this.reviewId = reviewId;
      this.user = user;
      this.body = body;
      this.path = path;
      this.line = line;
      this.position = position;
      this.side = side;
      this.commitId = commitId;
      this.diffHunk = diffHunk;
      this.createdAt = at;
    }
  }

  /** Pull-request part of an issue (GitHub shares numbers between issues and PRs). */
  static final class Pull {
    final long id;
    String headRef;
    String headSha; // last known head SHA (kept after the branch is deleted)
    String baseRef;
    String baseShaAtMerge;
    boolean draft;
    boolean maintainerCanModify = true;
    boolean merged;
    Instant mergedAt;
    User mergedBy;
    String mergeCommitSha;
    /** For lazy mergeability: the (base, head) pair the last GET computed for. */
    String mergeabilityKey;
    final List<Review> reviews = new ArrayList<>();
    final List<ReviewComment> reviewComments = new ArrayList<>();
    final List<User> requestedReviewers = new ArrayList<>();

    Pull(long id) {
      this.id = id;
    }
  }

  static final class Issue {
    final long id;
    final int number;
    final User user;
    String title;
    String body;
    String state = "open";
    String stateReason;
    final Instant createdAt;
    Instant updatedAt;
    Instant closedAt;
    User closedBy;
    boolean locked;
    final Set<String> labels = new LinkedHashSet<>(); // label names, in insertion order
    final List<Comment> comments = new ArrayList<>();
    final List<IssueEvent> events = new ArrayList<>();
    Pull pull;

    Issue(long id, int number, User user, String title, String body, Instant at) {
      this.id = id;
      this.number = number;
      this.user = user;
      this.title = title;
      this.body = body;
      this.createdAt = at;
      this.updatedAt = at;
    }
  }

  static final class CheckRun {
    final long id;
    final String headSha;
    final String name;
    String status;
    String conclusion;
    final Instant startedAt;
    Instant completedAt;
    String detailsUrl;
    String title;
    String summary;
    final long suiteId;

    CheckRun(long id, String headSha, String name, String status, String conclusion, Instant at, long suiteId) {
      this.id = id;
      this.headSha = headSha;
      this.name = name;
      this.status = status;
      this.conclusion = conclusion;
      this.startedAt = at;
      this.completedAt = "completed".equals(status) ? at : null;
      this.suiteId = suiteId;
    }
  }

  static final class Status {
    final long id;
    final String sha;
    final String state;
    final String context;
    final String description;
    final String targetUrl;
    final User creator;
    final Instant createdAt;

    Status(long id, String sha, String state, String context, String description, String targetUrl,
        User creator, Instant at) {
      this.id = id;
      this.sha = sha;
      this.state = state;
      this.context = context;
      this.description = description;
      this.targetUrl = targetUrl;
      this.creator = creator;
      this.createdAt = at;
    }
  }

  static final class WorkflowRun {
    final long id;
    final long workflowId;
    final String name;
    final String path;
    final String headBranch;
    final String headSha;
    final String event;
    final int runNumber;
    int runAttempt = 1;
    String status;
    String conclusion;
    final User actor;
    final Instant createdAt;
    Instant updatedAt;
    Instant runStartedAt;
    final long checkSuiteId;

    WorkflowRun(long id, long workflowId, String name, String path, String headBranch, String headSha,
        String event, int runNumber, String status, String conclusion, User actor, Instant at, long suiteId) {
      this.id = id;
      this.workflowId = workflowId;
      this.name = name;
      this.path = path;
      this.headBranch = headBranch;
      this.headSha = headSha;
      this.event = event;
      this.runNumber = runNumber;
      this.status = status;
      this.conclusion = conclusion;
      this.actor = actor;
      this.createdAt = at;
      this.updatedAt = at;
      this.runStartedAt = at;
      this.checkSuiteId = suiteId;
    }
  }

  static final class Repo {
    final long id;
    final User owner;
    final String name;
    final String defaultBranch;
    final boolean isPrivate;
    final Instant createdAt;
    Instant updatedAt;
    Instant pushedAt;
    String description;
    final GitRepo git;
    final Map<String, Permission> permissions = new LinkedHashMap<>();
    final Map<String, Label> labels = new LinkedHashMap<>(); // lower-case name -> label
    final Map<Integer, Issue> issues = new LinkedHashMap<>();
    final List<CheckRun> checkRuns = new ArrayList<>();
    final List<Status> statuses = new ArrayList<>();
    final List<WorkflowRun> runs = new ArrayList<>();
    final Map<String, Long> workflowIds = new LinkedHashMap<>();
    int nextNumber = 1;

    Repo(long id, User owner, String name, String defaultBranch, boolean isPrivate, Instant at, GitRepo git) {
      this.id = id;
      this.owner = owner;
      this.name = name;
      this.defaultBranch = defaultBranch;
      this.isPrivate = isPrivate;
      this.createdAt = at;
      this.updatedAt = at;
      this.pushedAt = at;
      this.git = git;
    }

    String fullName() {
      return owner.login + "/" + name;
    }
  }
}
