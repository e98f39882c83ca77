package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.profile.Permission;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.PullRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewComment;
import org.kohsuke.github.GitHub;

/**
 * Real GitHub bodies (hub4j's recordings under {@code ${acp.shared.dir}/github-api/recorded/}) through hub4j's own
 * mapper and then {@link Mapping}: every field the engine uses survives.
 */
class RecordedBodiesTest {
    private static final Path RECORDED = Path.of(System.getProperty("acp.shared.dir", "../../shared"))
            .resolve("github-api/recorded");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader HUB4J = GitHub.getMappingObjectReader();

    private static List<JsonNode> items(String operation) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(RECORDED.resolve(operation))) {
            for (Path f : files.sorted().toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                if (n.isArray()) {
                    n.forEach(out::add);
                } else if (n.has("check_runs")) {
                    n.get("check_runs").forEach(out::add);
                } else {
                    out.add(n);
                }
            }
        }
        assertThat(out).as(operation).isNotEmpty();
        return out;
    }

    private static Instant time(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }

    private static List<String> labelNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.path("labels").forEach(l -> out.add(l.path("name").asText()));
        return out;
    }

    @Test
    void issues() throws Exception {
        int seen = 0;
        for (String op : List.of("issues__list-for-repo", "issues__get", "issues__update")) {
            for (JsonNode n : items(op)) {
                GHIssue gh = HUB4J.forType(GHIssue.class).readValue(n);
                assertThat(gh.isPullRequest()).isEqualTo(n.has("pull_request"));
                Issue i = Mapping.issue(gh, Permission.WRITE, Map.of(), null);
                assertThat(i.number()).isEqualTo(n.get("number").asInt());
                assertThat(i.title()).isEqualTo(n.get("title").asText());
                assertThat(i.body()).isEqualTo(n.path("body").isNull() ? "" : n.path("body").asText(""));
                assertThat(i.labels()).isEqualTo(labelNames(n));
                assertThat(i.author()).isEqualTo(n.path("user").path("login").asText());
                assertThat(i.createdAt()).isEqualTo(time(n, "created_at"));
                assertThat(Mapping.instant(gh.getUpdatedAt())).isEqualTo(time(n, "updated_at"));
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(3);
    }

    @Test
    void pullRequests() throws Exception {
        for (String op : List.of("pulls__list", "pulls__get", "pulls__create", "pulls__update")) {
            for (JsonNode n : items(op)) {
                GHPullRequest gh = HUB4J.forType(GHPullRequest.class).readValue(n);
                PullRequest p = Mapping.pull(gh, false);
                assertThat(p.number()).isEqualTo(n.get("number").asInt());
                assertThat(p.title()).isEqualTo(n.get("title").asText());
                assertThat(p.body()).isEqualTo(n.path("body").isNull() ? "" : n.path("body").asText(""));
                assertThat(p.headRef()).isEqualTo(n.path("head").path("ref").asText());
                assertThat(p.headSha()).isEqualTo(n.path("head").path("sha").asText());
                assertThat(p.baseRef()).isEqualTo(n.path("base").path("ref").asText());
                assertThat(p.draft()).isEqualTo(n.path("draft").asBoolean(false));
                assertThat(p.labels()).isEqualTo(labelNames(n));
                assertThat(p.author()).isEqualTo(n.path("user").path("login").asText());
                assertThat(p.updatedAt()).isEqualTo(time(n, "updated_at"));
                if (n.has("mergeable_state")) {
                    assertThat(gh.getMergeableState()).isEqualTo(n.get("mergeable_state").asText());
                    if (!n.path("mergeable").isNull()) {
                        assertThat(gh.getMergeable()).isEqualTo(n.get("mergeable").asBoolean());
                    }
                }
            }
        }
    }

    @Test
    void commentsReviewsReviewCommentsChecks() throws Exception {
        for (String op : List.of("issues__list-comments", "issues__create-comment")) {
            for (JsonNode n : items(op)) {
                ForgeComment c = Mapping.comment(HUB4J.forType(GHIssueComment.class).readValue(n));
                assertThat(c.id()).isEqualTo(n.get("id").asLong());
                assertThat(c.author()).isEqualTo(n.path("user").path("login").asText());
                assertThat(c.body()).isEqualTo(n.get("body").asText());
                assertThat(c.createdAt()).isEqualTo(time(n, "created_at"));
            }
        }
        for (String op : List.of("pulls__list-reviews", "pulls__create-review")) {
            for (JsonNode n : items(op)) {
                ForgeReview r = Mapping.review(HUB4J.forType(GHPullRequestReview.class).readValue(n));
                assertThat(r.id()).isEqualTo(n.get("id").asLong());
                assertThat(r.author()).isEqualTo(n.path("user").path("login").asText());
                assertThat(r.state()).isEqualTo(n.get("state").asText());
                assertThat(r.body()).isEqualTo(n.path("body").asText());
                assertThat(r.commitSha()).isEqualTo(n.path("commit_id").asText());
            }
        }
        for (JsonNode n : items("pulls__list-review-comments")) {
            Observation.ReviewComment c = Mapping.reviewComment(
                    HUB4J.forType(GHPullRequestReviewComment.class).readValue(n));
            assertThat(c.id()).isEqualTo(n.get("id").asLong());
            assertThat(c.author()).isEqualTo(n.path("user").path("login").asText());
            assertThat(c.path()).isEqualTo(n.get("path").asText());
            assertThat(c.body()).isEqualTo(n.get("body").asText());
        }
        for (JsonNode n : items("checks__list-for-ref")) {
            Observation.Check c = Mapping.check(HUB4J.forType(GHCheckRun.class).readValue(n));
            assertThat(c.name()).isEqualTo(n.get("name").asText());
            String expected = !"completed".equals(n.get("status").asText()) ? "pending"
                    : switch (n.path("conclusion").asText()) {
                        case "success" -> "success";
                        case "neutral" -> "neutral";
                        case "skipped" -> "skipped";
                        case "cancelled" -> "cancelled";
                        default -> "failure";
                    };
            assertThat(c.state()).isEqualTo(expected);
        }
    }
}
