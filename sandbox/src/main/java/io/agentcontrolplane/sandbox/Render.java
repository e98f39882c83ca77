package io.agentcontrolplane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.sandbox.Model.CheckRun;
import io.agentcontrolplane.sandbox.Model.Comment;
import io.agentcontrolplane.sandbox.Model.Issue;
import io.agentcontrolplane.sandbox.Model.Label;
import io.agentcontrolplane.sandbox.Model.Pull;
import io.agentcontrolplane.sandbox.Model.Repo;
import io.agentcontrolplane.sandbox.Model.Review;
import io.agentcontrolplane.sandbox.Model.ReviewComment;
import io.agentcontrolplane.sandbox.Model.Status;
import io.agentcontrolplane.sandbox.Model.User;
import io.agentcontrolplane.sandbox.Model.WorkflowRun;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Builds GitHub-shaped JSON bodies. Every {@code url} points at the sandbox's API base (which keeps
 * the {@code /api/v3} prefix when the request used it); every {@code html_url} at its web base.
 */
final class Render {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  final String api;
  final String web;
  final String host;

  Render(String api, String web, String host) {
    this.api = api;
    this.web = web;
    this.host = host;
  }

  static String ts(Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String nodeId(String type, long id) {
    return Base64.getEncoder().withoutPadding()
        .encodeToString((type + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static void putTs(ObjectNode o, String field, Instant i) {
    if (i == null) {
      o.putNull(field);
    } else {
      o.put(field, ts(i));
    }
  }

  String repoApi(Repo r) {
    return api + "/repos/" + r.fullName();
  }

  String repoWeb(Repo r) {
    return web + "/" + r.fullName();
  }

  ObjectNode user(User u) {
    ObjectNode o = F.objectNode();
    String url = api + "/users/" + u.login;
    o.put("login", u.login);
    o.put("id", u.id);
    o.put("node_id", nodeId(u.type, u.id));
    o.put("avatar_url", web + "/avatars/u/" + u.id + "?v=4");
    o.put("gravatar_id", "");
    o.put("url", url);
    o.put("html_url", web + "/" + u.login);
    o.put("followers_url", url + "/followers");
    o.put("following_url", url + "/following{/other_user}");
    o.put("gists_url", url + "/gists{/gist_id}");
    o.put("starred_url", url + "/starred{/owner}{/repo}");
    o.put("subscriptions_url", url + "/subscriptions");
    o.put("organizations_url", url + "/orgs");
    o.put("repos_url", url + "/repos");
    o.put("events_url", url + "/events{/privacy}");
    o.put("received_events_url", url + "/received_events");
    o.put("type", u.type);
    o.put("user_view_type", "public");
    o.put("site_admin", false);
    return o;
  }

  /** GET /user: the authenticated (private) view. */
  ObjectNode privateUser(User u, int publicRepos, int privateRepos) {
    ObjectNode o = user(u);
    o.put("user_view_type", "private");
    if (u.name == null) {
      o.putNull("name");
    } else {
      o.put("name", u.name);
    }
    o.putNull("company");
    o.put("blog", "");
    o.putNull("location");
    if (u.email == null) {
      o.putNull("email");
    } else {
      o.put("email", u.email);
    }
    o.putNull("hireable");
    o.putNull("bio");
    o.putNull("twitter_username");
    o.putNull("notification_email");
    o.put("public_repos", publicRepos);
    o.put("public_gists", 0);
    o.put("followers", 0);
    o.put("following", 0);
    o.put("created_at", ts(u.createdAt));
    o.put("updated_at", ts(u.createdAt));
    o.put("private_gists", 0);
    o.put("total_private_repos", privateRepos);
    o.put("owned_private_repos", privateRepos);
    o.put("disk_usage", 0);
    o.put("collaborators", 0);
    o.put("two_factor_authentication", false);
    ObjectNode plan = o.putObject("plan");
    plan.put("name", "free");
    plan.put("space", 976562499);
    plan.put("private_repos", 10000);
    plan.put("collaborators", 0);
    return o;
  }

  ObjectNode collaborator(User u, Permission p) {
    ObjectNode o = user(u);
    ObjectNode perms = o.putObject("permissions");
    perms.put("admin", p.atLeast(Permission.ADMIN));
    perms.put("maintain", p.atLeast(Permission.MAINTAIN));
    perms.put("push", p.atLeast(Permission.WRITE));
    perms.put("triage", p.atLeast(Permission.TRIAGE));
    perms.put("pull", p.atLeast(Permission.READ));
    o.put("role_name", p.roleName());
    return o;
  }

  private static final String[][] REPO_URLS = {
      {"forks_url", "/forks"}, {"keys_url", "/keys{/key_id}"},
      {"collaborators_url", "/collaborators{/collaborator}"}, {"teams_url", "/teams"},
      {"hooks_url", "/hooks"}, {"issue_events_url", "/issues/events{/number}"},
      {"events_url", "/events"}, {"assignees_url", "/assignees{/user}"},
      {"branches_url", "/branches{/branch}"}, {"tags_url", "/tags"},
      {"blobs_url", "/git/blobs{/sha}"}, {"git_tags_url", "/git/tags{/sha}"},
      {"git_refs_url", "/git/refs{/sha}"}, {"trees_url", "/git/trees{/sha}"},
      {"statuses_url", "/statuses/{sha}"}, {"languages_url", "/languages"},
      {"stargazers_url", "/stargazers"}, {"contributors_url", "/contributors"},
      {"subscribers_url", "/subscribers"}, {"subscription_url", "/subscription"},
      {"commits_url", "/commits{/sha}"}, {"git_commits_url", "/git/commits{/sha}"},
      {"comments_url", "/comments{/number}"}, {"issue_comment_url", "/issues/comments{/number}"},
      {"contents_url", "/contents/{+path}"}, {"compare_url", "/compare/{base}...{head}"},
      {"merges_url", "/merges"}, {"archive_url", "/{archive_format}{/ref}"},
      {"downloads_url", "/downloads"}, {"issues_url", "/issues{/number}"},
      {"pulls_url", "/pulls{/number}"}, {"milestones_url", "/milestones{/number}"},
      {"notifications_url", "/notifications{?since,all,participating}"},
      {"labels_url", "/labels{/name}"}, {"releases_url", "/releases{/id}"},
      {"deployments_url", "/deployments"},
  };

  /** A repository body; satisfies full-repository, repository and minimal-repository. */
  ObjectNode repo(Repo r, Permission viewer, int openIssues) {
    ObjectNode o = F.objectNode();
    String url = repoApi(r);
    o.put("id", r.id);
    o.put("node_id", nodeId("Repository", r.id));
    o.put("name", r.name);
    o.put("full_name", r.fullName());
    o.put("private", r.isPrivate);
    o.set("owner", user(r.owner));
    o.put("html_url", repoWeb(r));
    if (r.description == null) {
      o.putNull("description");
    } else {
      o.put("description", r.description);
    }
    o.put("fork", false);
    o.put("url", url);
    for (String[] u : REPO_URLS) {
      o.put(u[0], url + u[1]);
    }
    o.put("created_at", ts(r.createdAt));
    o.put("updated_at", ts(r.updatedAt));
    o.put("pushed_at", ts(r.pushedAt));
    o.put("git_url", "git://" + host + "/" + r.fullName() + ".git");
    o.put("ssh_url", "git@" + host + ":" + r.fullName() + ".git");
    o.put("clone_url", web + "/" + r.fullName() + ".git");
    o.put("svn_url", repoWeb(r));
    o.putNull("homepage");
    o.put("size", 0);
    o.put("stargazers_count", 0);
    o.put("watchers_count", 0);
    o.putNull("language");
    o.put("has_issues", true);
    o.put("has_projects", false);
    o.put("has_downloads", true);
    o.put("has_wiki", false);
    o.put("has_pages", false);
    o.put("has_discussions", false);
    o.put("forks_count", 0);
    o.putNull("mirror_url");
    o.put("archived", false);
    o.put("disabled", false);
    o.put("open_issues_count", openIssues);
    o.putNull("license");
    o.put("allow_forking", true);
    o.put("is_template", false);
    o.put("web_commit_signoff_required", false);
    o.putArray("topics");
    o.put("visibility", r.isPrivate ? "private" : "public");
    o.put("forks", 0);
    o.put("open_issues", openIssues);
    o.put("watchers", 0);
    o.put("default_branch", r.defaultBranch);
    if (viewer != null) {
      ObjectNode perms = o.putObject("permissions");
      perms.put("admin", viewer.atLeast(Permission.ADMIN));
      perms.put("maintain", viewer.atLeast(Permission.MAINTAIN));
      perms.put("push", viewer.atLeast(Permission.WRITE));
      perms.put("triage", viewer.atLeast(Permission.TRIAGE));
      perms.put("pull", viewer.atLeast(Permission.READ));
    }
    o.put("allow_squash_merge", true);
    o.put("allow_merge_commit", true);
    o.put("allow_rebase_merge", true);
    o.put("allow_auto_merge", false);
    o.put("delete_branch_on_merge", false);
    o.put("allow_update_branch", false);
    o.put("network_count", 0);
    o.put("subscribers_count", 0);
    return o;
  }

  ObjectNode label(Repo r, Label l) {
    ObjectNode o = F.objectNode();
    o.put("id", l.id);
    o.put("node_id", nodeId("Label", l.id));
    o.put("url", repoApi(r) + "/labels/" + Api.encodeSegment(l.name));
    o.put("name", l.name);
    o.put("color", l.color);
    o.put("default", l.isDefault);
    if (l.description == null) {
      o.putNull("description");
    } else {
      o.put("description", l.description);
    }
    return o;
  }

  ObjectNode issueEvent(Repo r, Model.IssueEvent e) {
    ObjectNode o = F.objectNode();
    o.put("id", e.id);
    o.put("node_id", nodeId(e.event.equals("labeled") ? "LabeledEvent" : "UnlabeledEvent", e.id));
    o.put("url", repoApi(r) + "/issues/events/" + e.id);
    o.set("actor", user(e.actor));
    o.put("event", e.event);
    o.putNull("commit_id");
    o.putNull("commit_url");
    o.put("created_at", ts(e.createdAt));
    ObjectNode l = o.putObject("label");
    l.put("name", e.label);
    Label known = r.labels.get(e.label.toLowerCase(java.util.Locale.ROOT));
    l.put("color", known == null ? "ededed" : known.color);
    o.putNull("performed_via_github_app");
    return o;
  }

  ArrayNode labels(Repo r, Issue i) {
    ArrayNode a = F.arrayNode();
    for (String name : i.labels) {
      Label l = r.labels.get(name.toLowerCase(java.util.Locale.ROOT));
      if (l != null) {
        a.add(label(r, l));
      }
    }
    return a;
  }

  private static final String[] REACTIONS = {"+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"};

  private ObjectNode reactions(String url) {
    ObjectNode o = F.objectNode();
    o.put("url", url + "/reactions");
    o.put("total_count", 0);
    for (String r : REACTIONS) {
      o.put(r, 0);
    }
    return o;
  }

  String authorAssociation(Repo r, User u) {
    if (r.owner == u) {
      return "OWNER";
    }
    Permission p = r.permissions.get(u.login);
    if (p != null && p.atLeast(Permission.READ)) {
      return r.owner.type.equals("Organization") ? "MEMBER" : "COLLABORATOR";
    }
    return "NONE";
  }

  ObjectNode issue(Repo r, Issue i) {
    ObjectNode o = F.objectNode();
    String url = repoApi(r) + "/issues/" + i.number;
    o.put("url", url);
    o.put("repository_url", repoApi(r));
    o.put("labels_url", url + "/labels{/name}");
    o.put("comments_url", url + "/comments");
    o.put("events_url", url + "/events");
    o.put("html_url", repoWeb(r) + (i.pull != null ? "/pull/" : "/issues/") + i.number);
    o.put("id", i.id);
    o.put("node_id", nodeId(i.pull != null ? "PullRequestIssue" : "Issue", i.id));
    o.put("number", i.number);
    o.put("title", i.title);
    o.set("user", user(i.user));
    o.set("labels", labels(r, i));
    o.put("state", i.state);
    o.put("locked", i.locked);
    o.putNull("assignee");
    o.putArray("assignees");
    o.putNull("milestone");
    o.put("comments", i.comments.size());
    o.put("created_at", ts(i.createdAt));
    o.put("updated_at", ts(i.updatedAt));
    putTs(o, "closed_at", i.closedAt);
    o.put("author_association", authorAssociation(r, i.user));
    o.putNull("active_lock_reason");
    if (i.pull != null) {
      o.put("draft", i.pull.draft);
      ObjectNode pr = o.putObject("pull_request");
      String purl = repoApi(r) + "/pulls/" + i.number;
      String pweb = repoWeb(r) + "/pull/" + i.number;
      pr.put("url", purl);
      pr.put("html_url", pweb);
      pr.put("diff_url", pweb + ".diff");
      pr.put("patch_url", pweb + ".patch");
      putTs(pr, "merged_at", i.pull.mergedAt);
    }
    if (i.body == null) {
      o.putNull("body");
    } else {
      o.put("body", i.body);
    }
    if (i.closedBy != null) {
      o.set("closed_by", user(i.closedBy));
    } else {
      o.putNull("closed_by");
    }
    o.set("reactions", reactions(url));
    o.put("timeline_url", url + "/timeline");
    o.putNull("performed_via_github_app");
    o.putNull("type");
    o.putNull("pinned_comment");
    o.putArray("issue_field_values");
    ObjectNode subs = o.putObject("sub_issues_summary");
    subs.put("total", 0);
    subs.put("completed", 0);
    subs.put("percent_completed", 0);
    ObjectNode deps = o.putObject("issue_dependencies_summary");
    deps.put("blocked_by", 0);
    deps.put("total_blocked_by", 0);
    deps.put("blocking", 0);
    deps.put("total_blocking", 0);
    if (i.stateReason == null) {
      o.putNull("state_reason");
    } else {
      o.put("state_reason", i.stateReason);
    }
    return o;
  }

  ObjectNode comment(Repo r, Issue i, Comment c) {
    ObjectNode o = F.objectNode();
    String url = repoApi(r) + "/issues/comments/" + c.id;
    o.put("url", url);
    o.put("html_url", repoWeb(r) + (i.pull != null ? "/pull/" : "/issues/") + i.number + "#issuecomment-" + c.id);
    o.put("issue_url", repoApi(r) + "/issues/" + i.number);
    o.put("id", c.id);
    o.put("node_id", nodeId("IssueComment", c.id));
    o.set("user", user(c.user));
    o.put("created_at", ts(c.createdAt));
    o.put("updated_at", ts(c.updatedAt));
    o.put("author_association", authorAssociation(r, c.user));
    o.put("body", c.body);
    o.set("reactions", reactions(url));
    o.putNull("performed_via_github_app");
    return o;
  }

  private ObjectNode link(String href) {
    ObjectNode o = F.objectNode();
    o.put("href", href);
    return o;
  }

  /** What the pull renderer needs from the git side. */
  record PullGit(String headSha, String baseSha, Boolean mergeable, String mergeableState,
      int commits, int additions, int deletions, int changedFiles, boolean headExists) {}

  ObjectNode pull(Repo r, Issue i, PullGit g, boolean full, Permission viewer) {
    Pull p = i.pull;
    ObjectNode o = F.objectNode();
    String url = repoApi(r) + "/pulls/" + i.number;
    String webUrl = repoWeb(r) + "/pull/" + i.number;
    String issueUrl = repoApi(r) + "/issues/" + i.number;
    o.put("url", url);
    o.put("id", p.id);
    o.put("node_id", nodeId("PullRequest", p.id));
    o.put("html_url", webUrl);
    o.put("diff_url", webUrl + ".diff");
    o.put("patch_url", webUrl + ".patch");
    o.put("issue_url", issueUrl);
    o.put("number", i.number);
    o.put("state", i.state);
    o.put("locked", i.locked);
    o.put("title", i.title);
    o.set("user", user(i.user));
    if (i.body == null) {
      o.putNull("body");
    } else {
      o.put("body", i.body);
    }
    o.put("created_at", ts(i.createdAt));
    o.put("updated_at", ts(i.updatedAt));
    putTs(o, "closed_at", i.closedAt);
    putTs(o, "merged_at", p.mergedAt);
    if (p.mergeCommitSha == null) {
      o.putNull("merge_commit_sha");
    } else {
      o.put("merge_commit_sha", p.mergeCommitSha);
    }
    o.putNull("assignee");
    o.putArray("assignees");
    ArrayNode requested = o.putArray("requested_reviewers");
    p.requestedReviewers.forEach(u -> requested.add(user(u)));
    o.putArray("requested_teams");
    ArrayNode labels = labels(r, i);
    if (!full) {
      // pull-request-simple declares labels[].description as a non-nullable string (the full
      // pull-request allows null); GitHub's own list payloads send null, the schema wins here.
      labels.forEach(l -> {
        if (l.get("description").isNull()) {
          ((ObjectNode) l).put("description", "");
        }
      });
    }
    o.set("labels", labels);
    o.putNull("milestone");
    o.put("draft", p.draft);
    o.put("commits_url", url + "/commits");
    o.put("review_comments_url", url + "/comments");
    o.put("review_comment_url", repoApi(r) + "/pulls/comments{/number}");
    o.put("comments_url", issueUrl + "/comments");
    o.put("statuses_url", repoApi(r) + "/statuses/" + g.headSha());
    o.set("head", branchRef(r, p.headRef, g.headSha(), viewer));
    o.set("base", branchRef(r, p.baseRef, g.baseSha(), viewer));
    ObjectNode links = o.putObject("_links");
    links.set("self", link(url));
    links.set("html", link(webUrl));
    links.set("issue", link(issueUrl));
    links.set("comments", link(issueUrl + "/comments"));
    links.set("review_comments", link(url + "/comments"));
    links.set("review_comment", link(repoApi(r) + "/pulls/comments{/number}"));
    links.set("commits", link(url + "/commits"));
    links.set("statuses", link(repoApi(r) + "/statuses/" + g.headSha()));
    o.put("author_association", authorAssociation(r, i.user));
    o.putNull("auto_merge");
    o.putNull("active_lock_reason");
    if (full) {
      o.put("merged", p.merged);
      if (g.mergeable() == null) {
        o.putNull("mergeable");
      } else {
        o.put("mergeable", g.mergeable());
      }
      o.putNull("rebaseable");
      o.put("mergeable_state", g.mergeableState());
      if (p.mergedBy == null) {
        o.putNull("merged_by");
      } else {
        o.set("merged_by", user(p.mergedBy));
      }
      o.put("comments", i.comments.size());
      o.put("review_comments", p.reviewComments.size());
      o.put("maintainer_can_modify", p.maintainerCanModify);
      o.put("commits", g.commits());
      o.put("additions", g.additions());
      o.put("deletions", g.deletions());
      o.put("changed_files", g.changedFiles());
    }
    return o;
  }

  private ObjectNode branchRef(Repo r, String ref, String sha, Permission viewer) {
    ObjectNode o = F.objectNode();
    o.put("label", r.owner.login + ":" + ref);
    o.put("ref", ref);
    o.put("sha", sha);
    o.set("user", user(r.owner));
    o.set("repo", repo(r, viewer, Api.openIssueCount(r)));
    return o;
  }

  ObjectNode minimalPull(Repo r, Issue i, String headSha, String baseSha) {
    ObjectNode o = F.objectNode();
    o.put("url", repoApi(r) + "/pulls/" + i.number);
    o.put("id", i.pull.id);
    o.put("number", i.number);
    for (String side : new String[] {"head", "base"}) {
      ObjectNode b = o.putObject(side);
      b.put("ref", side.equals("head") ? i.pull.headRef : i.pull.baseRef);
      b.put("sha", side.equals("head") ? headSha : baseSha);
      ObjectNode rr = b.putObject("repo");
      rr.put("id", r.id);
      rr.put("url", repoApi(r));
      rr.put("name", r.name);
    }
    return o;
  }

  ObjectNode review(Repo r, Issue i, Review v) {
    ObjectNode o = F.objectNode();
    String webUrl = repoWeb(r) + "/pull/" + i.number;
    o.put("id", v.id);
    o.put("node_id", nodeId("PullRequestReview", v.id));
    o.set("user", user(v.user));
    o.put("body", v.body == null ? "" : v.body);
    o.put("state", v.state);
    o.put("html_url", webUrl + "#pullrequestreview-" + v.id);
    o.put("pull_request_url", repoApi(r) + "/pulls/" + i.number);
    o.put("author_association", authorAssociation(r, v.user));
    ObjectNode links = o.putObject("_links");
    links.set("html", link(webUrl + "#pullrequestreview-" + v.id));
    links.set("pull_request", link(repoApi(r) + "/pulls/" + i.number));
    if (v.submittedAt != null) {
      o.put("submitted_at", ts(v.submittedAt));
    }
    o.put("commit_id", v.commitId);
    return o;
  }

  ObjectNode reviewComment(Repo r, Issue i, ReviewComment c) {
    ObjectNode o = F.objectNode();
    String url = repoApi(r) + "/pulls/comments/" + c.id;
    String webUrl = repoWeb(r) + "/pull/" + i.number + "#discussion_r" + c.id;
    String prUrl = repoApi(r) + "/pulls/" + i.number;
    o.put("url", url);
    o.put("pull_request_review_id", c.reviewId);
    o.put("id", c.id);
    o.put("node_id", nodeId("PullRequestReviewComment", c.id));
    o.put("diff_hunk", c.diffHunk);
    o.put("path", c.path);
    if (c.position != null) {
      o.put("position", c.position);
      o.put("original_position", c.position);
    }
    o.put("commit_id", c.commitId);
    o.put("original_commit_id", c.commitId);
    if (c.inReplyTo != null) {
      o.put("in_reply_to_id", c.inReplyTo);
    }
    o.set("user", user(c.user));
    o.put("body", c.body);
    o.put("created_at", ts(c.createdAt));
    o.put("updated_at", ts(c.createdAt));
    o.put("html_url", webUrl);
    o.put("pull_request_url", prUrl);
    o.put("author_association", authorAssociation(r, c.user));
    ObjectNode links = o.putObject("_links");
    links.set("self", link(url));
    links.set("html", link(webUrl));
    links.set("pull_request", link(prUrl));
    o.set("reactions", reactions(url));
    o.putNull("start_line");
    o.putNull("original_start_line");
    o.putNull("start_side");
    if (c.line != null) {
      o.put("line", c.line);
      o.put("original_line", c.line);
    }
    o.put("side", c.side);
    o.put("subject_type", c.line == null && c.position == null ? "file" : "line");
    return o;
  }

  ObjectNode diffEntry(Repo r, String headSha, GitRepo.FileChange f) {
    ObjectNode o = F.objectNode();
    o.put("sha", f.blobSha());
    o.put("filename", f.filename());
    o.put("status", f.status());
    o.put("additions", f.additions());
    o.put("deletions", f.deletions());
    o.put("changes", f.additions() + f.deletions());
    String path = Api.encodePath(f.filename());
    o.put("blob_url", repoWeb(r) + "/blob/" + headSha + "/" + path);
    o.put("raw_url", repoWeb(r) + "/raw/" + headSha + "/" + path);
    o.put("contents_url", repoApi(r) + "/contents/" + path + "?ref=" + headSha);
    if (f.patch() != null) {
      o.put("patch", f.patch());
    }
    if (f.previousFilename() != null) {
      o.put("previous_filename", f.previousFilename());
    }
    return o;
  }

  ObjectNode app() {
    ObjectNode o = F.objectNode();
    o.put("id", 15368);
    o.put("slug", "github-actions");
    o.put("node_id", nodeId("App", 15368));
    o.put("client_id", "Iv1.sandbox");
    o.set("owner", user(new User(9919, "github", "Organization", Instant.parse("2008-05-11T04:37:31Z"))));
    o.put("name", "GitHub Actions");
    o.put("description", "Automate your workflow from idea to production");
    o.put("external_url", web + "/features/actions");
    o.put("html_url", web + "/apps/github-actions");
    o.put("created_at", "2018-07-30T09:30:17Z");
    o.put("updated_at", "2019-12-10T19:04:12Z");
    ObjectNode perms = o.putObject("permissions");
    perms.put("checks", "write");
    perms.put("statuses", "write");
    perms.put("metadata", "read");
    o.putArray("events").add("check_run").add("check_suite");
    return o;
  }

  ObjectNode checkRun(Repo r, CheckRun c, List<ObjectNode> pulls) {
    ObjectNode o = F.objectNode();
    o.put("id", c.id);
    o.put("name", c.name);
    o.put("node_id", nodeId("CheckRun", c.id));
    o.put("head_sha", c.headSha);
    o.put("external_id", "");
    o.put("url", repoApi(r) + "/check-runs/" + c.id);
    o.put("html_url", repoWeb(r) + "/runs/" + c.id);
    if (c.detailsUrl == null) {
      o.put("details_url", repoWeb(r) + "/runs/" + c.id);
    } else {
      o.put("details_url", c.detailsUrl);
    }
    o.put("status", c.status);
    if (c.conclusion == null) {
      o.putNull("conclusion");
    } else {
      o.put("conclusion", c.conclusion);
    }
    o.put("started_at", ts(c.startedAt));
    putTs(o, "completed_at", c.completedAt);
    ObjectNode out = o.putObject("output");
    if (c.title == null) {
      out.putNull("title");
    } else {
      out.put("title", c.title);
    }
    if (c.summary == null) {
      out.putNull("summary");
    } else {
      out.put("summary", c.summary);
    }
    out.putNull("text");
    out.put("annotations_count", 0);
    out.put("annotations_url", repoApi(r) + "/check-runs/" + c.id + "/annotations");
    o.putObject("check_suite").put("id", c.suiteId);
    o.set("app", app());
    ArrayNode prs = o.putArray("pull_requests");
    pulls.forEach(prs::add);
    return o;
  }

  ObjectNode status(Repo r, Status s, boolean simple) {
    ObjectNode o = F.objectNode();
    o.put("url", repoApi(r) + "/statuses/" + s.sha);
    o.put("avatar_url", web + "/avatars/u/" + s.creator.id + "?v=4");
    o.put("id", s.id);
    o.put("node_id", nodeId("StatusContext", s.id));
    o.put("state", s.state);
    if (s.description == null) {
      o.putNull("description");
    } else {
      o.put("description", s.description);
    }
    if (s.targetUrl == null) {
      o.putNull("target_url");
    } else {
      o.put("target_url", s.targetUrl);
    }
    o.put("context", s.context);
    o.put("created_at", ts(s.createdAt));
    o.put("updated_at", ts(s.createdAt));
    if (!simple) {
      o.set("creator", user(s.creator));
    }
    return o;
  }

  ObjectNode workflowRun(Repo r, WorkflowRun w, RevCommit head, List<ObjectNode> pulls) {
    ObjectNode o = F.objectNode();
    String url = repoApi(r) + "/actions/runs/" + w.id;
    o.put("id", w.id);
    o.put("name", w.name);
    o.put("node_id", nodeId("WorkflowRun", w.id));
    o.put("head_branch", w.headBranch);
    o.put("head_sha", w.headSha);
    o.put("path", w.path);
    o.put("display_title", head == null ? w.name : head.getShortMessage());
    o.put("run_number", w.runNumber);
    o.put("event", w.event);
    o.put("status", w.status);
    if (w.conclusion == null) {
      o.putNull("conclusion");
    } else {
      o.put("conclusion", w.conclusion);
    }
    o.put("workflow_id", w.workflowId);
    o.put("check_suite_id", w.checkSuiteId);
    o.put("check_suite_node_id", nodeId("CheckSuite", w.checkSuiteId));
    o.put("url", url);
    o.put("html_url", repoWeb(r) + "/actions/runs/" + w.id);
    ArrayNode prs = o.putArray("pull_requests");
    pulls.forEach(prs::add);
    o.put("created_at", ts(w.createdAt));
    o.put("updated_at", ts(w.updatedAt));
    o.set("actor", user(w.actor));
    o.set("triggering_actor", user(w.actor));
    o.put("run_attempt", w.runAttempt);
    o.putArray("referenced_workflows");
    o.put("run_started_at", ts(w.runStartedAt));
    o.put("jobs_url", url + "/jobs");
    o.put("logs_url", url + "/logs");
    o.put("check_suite_url", repoApi(r) + "/check-suites/" + w.checkSuiteId);
    o.put("artifacts_url", url + "/artifacts");
    o.put("cancel_url", url + "/cancel");
    o.put("rerun_url", url + "/rerun");
    if (w.runAttempt > 1) {
      o.put("previous_attempt_url", url + "/attempts/" + (w.runAttempt - 1));
    } else {
      o.putNull("previous_attempt_url");
    }
    o.put("workflow_url", repoApi(r) + "/actions/workflows/" + w.workflowId);
    if (head == null) {
      o.putNull("head_commit");
    } else {
      ObjectNode hc = o.putObject("head_commit");
      hc.put("id", head.name());
      hc.put("tree_id", head.getTree().name());
      hc.put("message", head.getFullMessage());
      hc.put("timestamp", ts(head.getCommitterIdent().getWhenAsInstant()));
      hc.set("author", person(head.getAuthorIdent()));
      hc.set("committer", person(head.getCommitterIdent()));
    }
    o.set("repository", repo(r, null, Api.openIssueCount(r)));
    o.set("head_repository", repo(r, null, Api.openIssueCount(r)));
    o.put("head_repository_id", r.id);
    return o;
  }

  /** A commit as GitHub's "get a commit" returns it, without {@code files} and {@code stats}. */
  ObjectNode commit(Repo r, RevCommit c) {
    ObjectNode o = F.objectNode();
    o.put("sha", c.name());
    o.put("node_id", nodeId("Commit", c.name().hashCode() & 0x7fffffffL));
    o.put("url", repoApi(r) + "/commits/" + c.name());
    o.put("html_url", repoWeb(r) + "/commit/" + c.name());
    ObjectNode commit = o.putObject("commit");
    commit.set("author", dated(c.getAuthorIdent()));
    commit.set("committer", dated(c.getCommitterIdent()));
    commit.put("message", c.getFullMessage());
    ObjectNode tree = commit.putObject("tree");
    tree.put("sha", c.getTree().name());
    tree.put("url", repoApi(r) + "/git/trees/" + c.getTree().name());
    commit.put("url", repoApi(r) + "/git/commits/" + c.name());
    commit.put("comment_count", 0);
    ArrayNode parents = o.putArray("parents");
    for (RevCommit p : c.getParents()) {
      ObjectNode po = parents.addObject();
      po.put("sha", p.name());
      po.put("url", repoApi(r) + "/commits/" + p.name());
      po.put("html_url", repoWeb(r) + "/commit/" + p.name());
    }
    return o;
  }

  private ObjectNode dated(PersonIdent p) {
    ObjectNode o = person(p);
    o.put("date", ts(p.getWhenAsInstant()));
    return o;
  }

  private ObjectNode person(PersonIdent p) {
    ObjectNode o = F.objectNode();
    o.put("name", p.getName());
    o.put("email", p.getEmailAddress());
    return o;
  }

  static ObjectNode error(String message, int status) {
    ObjectNode o = F.objectNode();
    o.put("message", message);
    o.put("documentation_url", "https://docs.github.com/rest");
    o.put("status", String.valueOf(status));
    return o;
  }

  static JsonNode text(String s) {
    return F.textNode(s);
  }
}
