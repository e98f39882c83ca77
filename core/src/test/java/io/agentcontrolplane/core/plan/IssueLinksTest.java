package io.agentcontrolplane.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Managed PRs and issue links of acp-behaviour.md 3.4, on profile {@code demo}. */
class IssueLinksTest {
    private static final IssueLinks LINKS = new IssueLinks(Profile.defaults("demo", "acme/widgets"));

    private static PullRequest pr(String head, String body, boolean agentComment, String... labels) {
        return new PullRequest(7, "A PR", body, head, "main", "sha", List.of(labels), false, "someone",
                PrLane.PENDING, agentComment, Instant.EPOCH);
    }

    private static List<Integer> linked(String head, String body) {
        return LINKS.linkedIssues(pr(head, body, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent/demo/issue-12-fix", "agent/demo/pr-7", "agent/demo/anything", "codex/x",
        "openclaw/refactor"})
    void aManagedPrefixMakesAPrManaged(String head) {
        assertThat(LINKS.isManaged(pr(head, "", false))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"feature/x", "agent/other/issue-1", "agent/demo", "Codex/x", "my-codex/x", ""})
    void otherBranchesAreNotManaged(String head) {
        assertThat(LINKS.isManaged(pr(head, "", false))).isFalse();
    }

    @Test
    void theHandoffLabelOrAnAgentCommentMakesAnyPrManaged() {
        assertThat(LINKS.isManaged(pr("feature/x", "", false, "agent-handoff"))).isTrue();
        assertThat(LINKS.isManaged(pr("feature/x", "", true))).isTrue();
        assertThat(LINKS.isManaged(pr("feature/x", "", false, "agent-automerge"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "agent/demo/issue-12-x, 12",
        "agent/demo/issue-12, 12",
        "agent/demo/issue-123, 123",
        "agent/demo/issue-123-fix-login, 123",
        "codex/issue-3, 3",
        "codex/issue-3-retry-2, 3",
        "openclaw/issue-44-y, 44",
    })
    void anIssueBranchLinksItsIssue(String head, int issue) {
        assertThat(linked(head, "")).containsExactly(issue);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent/demo/issue-12x", "agent/demo/issue-", "agent/demo/issues-12",
        "agent/other/issue-12", "codex/feature-issue-12", "feature/issue-12", "agent/demo/pr-12",
        "agent/demo/issue-0", "agent/demo/issue-12345678901"})
    void otherBranchesLinkNothing(String head) {
        assertThat(linked(head, "")).isEmpty();
    }

    @Test
    void issue12IsNotLinkedByTheBranchOfIssue123() {
        assertThat(linked("agent/demo/issue-123", "")).doesNotContain(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves",
        "resolved", "CLOSES", "Fixes", "ReSoLvEd"})
    void everyClosingKeywordLinksInAnyCase(String keyword) {
        assertThat(linked("feature/x", "Summary.\n\n" + keyword + " #4")).containsExactly(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Fixes: #4           | 4",
        "Fixes:\t#4          | 4",
        "fixes   #4.         | 4",
        "(closes #4)         | 4",
        "Closes #4, closes #5| 4;5",
        "Fixes #4 and fixes #4 | 4",
    })
    void closingReferencesInTheBody(String body, String expected) {
        List<Integer> numbers = java.util.Arrays.stream(expected.split(";")).map(Integer::valueOf).toList();
        assertThat(linked("feature/x", body)).containsExactlyElementsOf(numbers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#4", "See #4", "Relates to #4", "prefixes #4", "unfixed #4", "Closes acme/widgets#4",
        "closes prefix#4", "Fixes:#4", "Fixes#4", "Fixes #4x", "Fixes # 4", "Fixes #0", "Fixes #12345678901",
        "Fixes\n#4"})
    void otherMentionsLinkNothing(String body) {
        assertThat(linked("feature/x", body)).as(body).isEmpty();
    }

    @Test
    void branchAndBodyLinksAreMergedWithoutDuplicates() {
        assertThat(linked("agent/demo/issue-12-x", "Closes #12 and fixes #13")).containsExactly(12, 13);
    }

    @Test
    void customPrefixesAreQuotedNotReadAsRegex() {
        Profile.Naming naming = new Profile.Naming("bots/x.y/issue", null, null, null, List.of("bots/x.y/"));
        Profile profile = new Profile("demo", null, null, null, null, null, null, null, naming, null, null, null,
                null);
        IssueLinks links = new IssueLinks(profile);
        assertThat(links.linkedIssues(pr("bots/x.y/issue-5", "", false))).containsExactly(5);
        assertThat(links.linkedIssues(pr("bots/xzy/issue-5", "", false))).isEmpty();
        assertThat(links.isManaged(pr("bots/xzy/issue-5", "", false))).isFalse();
    }
}
