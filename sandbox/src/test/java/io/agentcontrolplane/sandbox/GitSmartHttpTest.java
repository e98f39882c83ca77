package io.agentcontrolplane.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone, commit, push over smart HTTP, then open and squash-merge a PR from the pushed branch. */
class GitSmartHttpTest extends SandboxTestSupport {

  @TempDir
  Path tmp;

  @Test
  void cloneCommitPushThenPullRequest() throws Exception {
    String url = sandbox.baseUrl() + "/acme/widgets.git";
    try (Git git = Git.cloneRepository().setURI(url).setDirectory(tmp.resolve("w").toFile()).call()) {
      assertThat(Files.readString(tmp.resolve("w/README.md"))).startsWith("# widgets");
      git.checkout().setCreateBranch(true).setName("agent/fix-1").call();
      Files.writeString(tmp.resolve("w/FIX.md"), "fixed\n");
      git.add().addFilepattern("FIX.md").call();
      String sha = git.commit().setMessage("Fix #1").setAuthor("Agent", "agent@example.com")
          .setCommitter("Agent", "agent@example.com").call().name();

      assertThatThrownBy(() -> git.push().setRemote("origin").setRefSpecs(new RefSpec("agent/fix-1")).call())
          .as("anonymous push is challenged").isInstanceOf(TransportException.class);
      assertThatThrownBy(() -> git.push().setRemote("origin").setRefSpecs(new RefSpec("agent/fix-1"))
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", RITA)).call())
          .as("read-only user cannot push").isInstanceOf(TransportException.class);

      Iterable<PushResult> results = git.push().setRemote("origin").setRefSpecs(new RefSpec("agent/fix-1"))
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", BOB)).call();
      RemoteRefUpdate.Status status = results.iterator().next()
          .getRemoteUpdate(Constants.R_HEADS + "agent/fix-1").getStatus();
      assertThat(status).isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(repo.branchSha("agent/fix-1")).isEqualTo(sha);

      JsonNode pr = json(call("POST", "/repos/acme/widgets/pulls", BOB,
          "{\"title\":\"Fix #1\",\"head\":\"agent/fix-1\",\"base\":\"main\"}"));
      assertThat(pr.at("/head/sha").asText()).isEqualTo(sha);
      int n = pr.get("number").asInt();
      assertThat(call("PUT", "/repos/acme/widgets/pulls/" + n + "/merge", BOB, "{\"merge_method\":\"squash\"}").statusCode())
          .isEqualTo(200);
      git.fetch().setRemote("origin").call();
      assertThat(git.getRepository().resolve("origin/main").name()).isEqualTo(repo.branchSha("main"));
      assertThat(repo.fileContent("main", "FIX.md")).isEqualTo("fixed\n");
    }
  }

  @Test
  void privateRepositoryNeedsAToken() throws Exception {
    String url = sandbox.baseUrl() + "/acme/secret.git";
    assertThatThrownBy(() -> Git.cloneRepository().setURI(url).setDirectory(tmp.resolve("a").toFile()).call())
        .isInstanceOf(TransportException.class);
    try (Git git = Git.cloneRepository().setURI(url).setDirectory(tmp.resolve("b").toFile())
        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x", ALICE)).call()) {
      assertThat(git.getRepository().resolve("origin/main")).isNotNull();
    }
  }
}
