package io.agentcontrolplane.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSetTest {

    private static LoadedProfile profile(String file, String yaml) {
        LoadedProfile loaded = ProfileLoader.load(yaml, file);
        assertThat(loaded.problems()).isEmpty();
        return loaded;
    }

    private static final LoadedProfile A = profile("a.yaml", "id: alpha\nrepository: {slug: acme/one}\n");

    @Test
    void distinctProfilesAreFine() {
        LoadedProfile b = profile("b.yaml", "id: beta\nrepository: {slug: acme/two}\n");
        assertThat(ProfileSet.checkTogether(List.of(A, b))).isEmpty();
    }

    @Test
    void duplicateIds() {
        LoadedProfile b = profile("b.yaml", """
                id: alpha
                repository: {slug: acme/two}
                naming: {issueBranchPrefix: b/i, prBranchPrefix: b/p, issueSessionPrefix: b-i-, prSessionPrefix: b-p-,
                         managedBranchPrefixes: [b/]}
                workspace: {root: /srv/b}
                """);
        assertThat(ProfileSet.checkTogether(List.of(A, b))).singleElement()
                .hasToString("b.yaml: id: DUPLICATE_ID: 'alpha' is also the id of a.yaml");
    }

    @Test
    void duplicateSessionAndBranchPrefixes() {
        LoadedProfile b = profile("b.yaml", """
                id: beta
                repository: {slug: acme/two}
                naming: {issueSessionPrefix: alpha-issue-, prSessionPrefix: alpha-pr-,
                         issueBranchPrefix: agent/alpha/issue, prBranchPrefix: agent/alpha/pr,
                         managedBranchPrefixes: [agent/alpha/]}
                """);
        List<ProfileProblem> problems = ProfileSet.checkTogether(List.of(A, b));
        assertThat(problems).extracting(ProfileProblem::field).containsExactlyInAnyOrder(
                "naming.issueSessionPrefix", "naming.prSessionPrefix", "naming.issueBranchPrefix",
                "naming.prBranchPrefix");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("b.yaml");
            assertThat(p.message()).contains("a.yaml").startsWith("DUPLICATE_");
        });
    }

    @Test
    void overlappingSessionPrefixes() {
        LoadedProfile b = profile("b.yaml", "id: beta\nrepository: {slug: acme/two}\n"
                + "naming: {issueSessionPrefix: alpha-, prSessionPrefix: beta-pr-}\n");
        assertThat(ProfileSet.checkTogether(List.of(A, b))).extracting(ProfileProblem::message)
                .anySatisfy(m -> assertThat(m).contains("DUPLICATE_ISSUE_PREFIX").contains("start alike")
                        .contains("a.yaml"));
    }

    @Test
    void sameRepositoryWithOverlappingManagedPrefixes() {
        LoadedProfile b = profile("b.yaml", "id: beta\nrepository: {slug: ACME/one}\n");
        List<ProfileProblem> problems = ProfileSet.checkTogether(List.of(A, b));
        assertThat(problems).extracting(ProfileProblem::field).containsOnly("naming.managedBranchPrefixes");
        assertThat(problems).extracting(ProfileProblem::message)
                .anySatisfy(m -> assertThat(m).contains("'codex/' overlaps 'codex/' of a.yaml"));

        LoadedProfile c = profile("c.yaml", "id: gamma\nrepository: {slug: acme/one}\n"
                + "naming: {managedBranchPrefixes: [agent/gamma/]}\n");
        LoadedProfile a2 = profile("a.yaml", "id: alpha\nrepository: {slug: acme/one}\n"
                + "naming: {managedBranchPrefixes: [agent/alpha/]}\n");
        assertThat(ProfileSet.checkTogether(List.of(a2, c))).isEmpty();
    }

    @Test
    void sharedDirectories() {
        LoadedProfile b = profile("b.yaml", "id: beta\nrepository: {slug: acme/two}\n"
                + "workspace: {stateDir: ~/.acp/alpha/state}\n");
        assertThat(ProfileSet.checkTogether(List.of(A, b))).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("b.yaml: workspace.stateDir: ").contains("a.yaml"));
    }

    @Test
    void invalidProfilesAreLeftOutOfCrossChecks() {
        LoadedProfile bad = ProfileLoader.load("id: alpha\n", "bad.yaml");
        ProfileSet set = ProfileSet.of(List.of(A, bad));
        assertThat(set.crossProblems()).isEmpty();
        assertThat(set.problems()).extracting(ProfileProblem::file).containsOnly("bad.yaml");
        assertThat(set.profiles()).containsExactly(A.profile());
    }

    @Test
    void loadsADirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: alpha\nrepository: {slug: acme/one}\n");
        Files.writeString(dir.resolve("b.yml"), "id: alpha\nrepository: {slug: acme/two}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a profile");
        ProfileSet set = ProfileSet.loadDirectory(dir);
        assertThat(set.loaded()).hasSize(2);
        assertThat(set.isValid()).isFalse();
        assertThat(set.crossProblems()).extracting(ProfileProblem::message)
                .anySatisfy(m -> assertThat(m).contains("DUPLICATE_ID").contains(dir.resolve("a.yaml").toString()));
    }
}
