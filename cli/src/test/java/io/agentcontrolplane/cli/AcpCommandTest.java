package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcpCommandTest {
    /** The repository root: the examples live there. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path EXAMPLE = ROOT.resolve("examples/plan");

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    private static String[] planArgs(String... extra) {
        String[] base = {"plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
            EXAMPLE.resolve("world.json").toString(), "--state", EXAMPLE.resolve("state").toString(), "--now",
            "2026-11-24T12:00:00Z"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void planPrintsTheWorkedExample() {
        CliResult r = run(planArgs());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Provider: pool fallback (codex) ready")
                .contains("1. scheduled        issue#15   scheduled-due")
                .contains("issue#20   until 2026-11-24T12:10:00Z  attempt 1 failed (worker-exit-failed)")
                .contains("baseline-unchanged (1)")
                .contains("remove-label issue#19 'agent-running'");
    }

    @Test
    void planJsonIsDeterministicAndReadable() {
        CliResult first = run(planArgs("--json"));
        CliResult second = run(planArgs("--json"));
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
        Plan plan = Json.read("plan", first.out(), Plan.class);
        assertThat(plan.launches()).hasSize(5);
        assertThat(plan.counts().launchBudgetRemaining()).isZero();
    }

    @Test
    void aBadWorldNamesFileAndField(@TempDir Path dir) throws IOException {
        Path world = dir.resolve("world.json");
        Files.writeString(world, "{\"issues\": [{\"number\": 1, \"labls\": []}]}");
        CliResult r = run("plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world", world.toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains(world + ": issues[0].labls: unknown field 'labls'");
    }

    @Test
    void aBadNowIsExplained() {
        CliResult r = run(planArgs()[0], "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
                EXAMPLE.resolve("world.json").toString(), "--now", "noon");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("--now: 'noon' is not an ISO-8601 instant");
    }

    @Test
    void aCorruptStateFileIsReportedItsItemWaitsAndTheRestIsPlanned(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("retries/issues"));
        Files.writeString(state.resolve("retries/issues/11.json"), "{\"attempts\": ");
        CliResult r = run("plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
                EXAMPLE.resolve("world.json").toString(), "--state", state.toString(), "--now",
                "2026-11-24T12:00:00Z");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("acp: warning:").contains("11.json");
        // The rest is planned; issue 11 itself waits for a person, its retry state unknown.
        assertThat(r.out()).contains("state-unreadable (1)").doesNotContain("implement        issue#11")
                .contains("1. scheduled        issue#15");
    }

    @Test
    void validateAcceptsTheExamples() {
        CliResult full = run("validate", ROOT.resolve("examples/profile-full.yaml").toString());
        assertThat(full.err()).isEmpty();
        assertThat(full.code()).isZero();
        CliResult r = run("validate", EXAMPLE.resolve("profile.yaml").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("profile.yaml: ok (profile demo, repository acme/widgets)");
        CliResult together = run("validate", ROOT.resolve("examples/profile-full.yaml").toString(),
                EXAMPLE.resolve("profile.yaml").toString());
        assertThat(together.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(together.err()).contains("both profiles would claim the same pull requests");
    }

    @Test
    void validateReportsEveryProblemAndExitsNonZero(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "id: Bad_Id\nrepository: {slug: nope}\nlimits: {maxWorker: 3, maxPrWorkers: -1}\n");
        CliResult r = run("validate", bad.toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains(bad + ": id:").contains("repository.slug").contains("maxWorkers")
                .contains("limits.maxPrWorkers");
    }

    @Test
    void validateFindsDuplicatePrefixesAcrossProfiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: one\nrepository: {slug: acme/a}\n"
                + "naming: {issueSessionPrefix: x-issue-, prSessionPrefix: x-pr-}\n");
        Files.writeString(dir.resolve("b.yaml"), "id: two\nrepository: {slug: acme/b}\n"
                + "naming: {issueSessionPrefix: x-issue-, prSessionPrefix: y-pr-}\n");
        CliResult r = run("validate", dir.toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("a.yaml").contains("b.yaml").contains("issueSessionPrefix");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("plan").code()).isEqualTo(AcpCommand.EXIT_USAGE);
        assertThat(run("frobnicate").code()).isEqualTo(AcpCommand.EXIT_USAGE);
    }
}
