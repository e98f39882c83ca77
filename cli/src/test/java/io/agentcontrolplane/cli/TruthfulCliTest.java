package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI tells the truth: each fix found by trying {@code acp} as a new user, through the real command. */
class TruthfulCliTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path EXAMPLE = ROOT.resolve("examples/plan");
    private static final String REPO = "acme/widgets";
    private static final String TOKEN_ENV = "ACP_TEST_GITHUB_TOKEN";

    @TempDir
    Path dir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    Path profile;
    Path stateDir;

    static CliResult run(Map<String, String> env, String... args) {
        return CliResult.run(env, args);
    }

    static Map<String, String> token(String token) {
        return Map.of(TOKEN_ENV, token);
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GitHubSandbox.builder()
                .user("acp-bot", "bot-token")
                .user("reader", "reader-token")
                .user("walt", "walt-token")
                .repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN)
                .permission(REPO, "reader", Permission.READ)
                .permission(REPO, "walt", Permission.WRITE)
                .build().start();
        repo = sandbox.repo(REPO);
        stateDir = dir.resolve("ws/state");
        profile = writeProfile(sandbox.baseUrl());
    }

    private Path writeProfile(String apiUrl) throws IOException {
        Path file = dir.resolve("widgets.yaml");
        Files.writeString(file, "id: widgets\n"
                + "repository:\n  slug: " + REPO + "\n  apiUrl: " + apiUrl + "\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + "workspace:\n  root: " + dir.resolve("ws") + "\n");
        return file;
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ------------------------------------------------------------------------------------------ tokens

    @Test
    void aBadTokenIsAnAuthenticationErrorNotABudget() {
        repo.createIssue("walt", "Fix it", "body");
        for (String[] args : List.of(
                new String[] {"plan", "--profile", profile.toString()},
                new String[] {"heartbeat", "--once", "--profile", profile.toString(), "--worker-command", "true"},
                new String[] {"outbox", "flush", "--profile", profile.toString()})) {
            CliResult r = run(token("expired-token"), args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(AcpCommand.EXIT_INVALID);
            assertThat(r.err()).as(args[0]).contains("authentication failed")
                    .contains("rejected the token in " + TOKEN_ENV).contains("wrong, expired or revoked")
                    .doesNotContain("budget").doesNotContain("Exception");
        }
        assertThat(Files.exists(stateDir.resolve("runs"))).isFalse();
    }

    @Test
    void aReadOnlyTokenIsCaughtBeforeTheFirstLaunch() {
        int issue = repo.createIssue("walt", "Fix it", "body");
        CliResult r = run(token("reader-token"), "heartbeat", "--once", "--profile", profile.toString(),
                "--worker-command", "true");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("the token in " + TOKEN_ENV + " has read access to acme/widgets")
                .contains("needs write access");
        assertThat(r.out()).doesNotContain("launched");
        assertThat(StateStore.open(stateDir).runs()).isEmpty();
        assertThat(repo.labels(issue)).isEmpty();
        CliResult ok = run(token("bot-token"), "heartbeat", "--once", "--profile", profile.toString(),
                "--worker-command", "true");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("launched widgets-implement-issue-" + issue);
    }

    @Test
    void anUnreachableGitHubIsOneClearLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        writeProfile("http://127.0.0.1:" + port);
        CliResult r = run(token("bot-token"), "heartbeat", "--once", "--profile", profile.toString(),
                "--worker-command", "true");
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_HEARTBEAT_FAILED);
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().filter(l -> l.contains("GitHub could not be observed"))).singleElement()
                .asString().contains("cannot connect").doesNotContain("HttpException").doesNotContain("-1");
        CliResult plan = run(token("bot-token"), "plan", "--profile", profile.toString());
        assertThat(plan.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(plan.err().lines()).singleElement().asString()
                .contains("GitHub (http://127.0.0.1:" + port + ", acme/widgets) is unreachable");
    }

    // ------------------------------------------------------------------------------------------ help

    @Test
    void everyCommandHasHelpAndTheVersionIsPrinted() {
        CommandLine cli = AcpCommand.commandLine(new AcpCommand(Map.of()), null);
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(cli, List.of(), paths);
        assertThat(paths).hasSizeGreaterThan(5);
        for (List<String> path : paths) {
            String[] args = Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new);
            CliResult r = run(Map.of(), args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
            assertThat(r.out()).contains("Usage: acp " + String.join(" ", path));
        }
        CliResult version = run(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("acp ");
        assertThat(run(Map.of(), "plan", "-V").out()).startsWith("acp ");
    }

    private static void collect(CommandLine cli, List<String> prefix, List<List<String>> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || sub.getCommandSpec().aliases().length > 0
                    && !sub.getCommandSpec().name().equals(name)) {
                return;
            }
            List<String> path = Stream.concat(prefix.stream(), Stream.of(name)).toList();
            out.add(path);
            collect(sub, path, out);
        });
    }

    // ------------------------------------------------------------------------------------------ read-only state

    @Test
    void planNeverMovesACorruptRecordAndItsItemWaitsForAPerson() throws IOException {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("retries/issues"));
        Path bad = state.resolve("retries/issues/11.json");
        Files.writeString(bad, "{\"attempts\": ");
        String[] args = {"plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
            EXAMPLE.resolve("world.json").toString(), "--state", state.toString(), "--now", "2026-11-24T12:00:00Z"};
        CliResult r = run(Map.of(), args);
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("acp: warning: " + bad).contains("left in place");
        assertThat(r.out()).contains("state-unreadable (1)").containsPattern("issue#11 +.*retries/issues/11.json")
                .doesNotContain("implement        issue#11").contains("Warning: " + bad);
        assertThat(bad).exists();
        assertThat(state.resolve("quarantine")).doesNotExist();

        CliResult json = run(Map.of(), Stream.concat(Stream.of(args), Stream.of("--json")).toArray(String[]::new));
        assertThat(json.code()).isZero();
        assertThat(Json.mapper().readTree(json.out()).path("warnings").get(0).asText()).startsWith(bad.toString());
        assertThat(json.out()).contains("\"reason\" : \"state-unreadable\"");
        assertThat(bad).exists();
    }

    @Test
    void aQuarantinedRecordHoldsItsItemUntilAPersonRemovesIt() throws IOException {
        int issue = repo.createIssue("walt", "Fix it", "body");
        Path bad = stateDir.resolve("retries/issues/" + issue + ".json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "[]");
        CliResult first = run(token("bot-token"), "heartbeat", "--profile", profile.toString(), "--worker-command",
                "true");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("note: state file quarantined: " + bad).contains("state-unreadable (1)")
                .doesNotContain("launched");
        assertThat(bad).doesNotExist();
        CliResult second = run(token("bot-token"), "heartbeat", "--profile", profile.toString(), "--worker-command",
                "true");
        assertThat(second.out()).contains("state-unreadable (1)").contains("delete it once repaired")
                .doesNotContain("launched");
        try (Stream<Path> q = Files.walk(stateDir.resolve("quarantine"))) {
            for (Path f : q.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
        CliResult third = run(token("bot-token"), "heartbeat", "--profile", profile.toString(), "--worker-command",
                "true");
        assertThat(third.out()).contains("launched widgets-implement-issue-" + issue);
    }

    // ------------------------------------------------------------------------------------------ JSON errors

    @Test
    void worldErrorsNameFilePathAndProblemInPlainWords() throws IOException {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", ": empty: no JSON value at all");
        cases.put("[]", ": wrong top-level type: expected an object, found a list");
        cases.put("{\"issues\": [{\"number\": 99999999999}]}",
                ": issues[0].number: the number 99999999999 is out of range (at most 2147483647)");
        cases.put("{\"issues\": [{\"number\": \"seven\"}]}", ": issues[0].number: 'seven' is not a whole number");
        cases.put("{\"issues\": [{\"number\": 1, \"labels\": \"bug\"}]}",
                ": issues[0].labels: expected a list, found a string");
        cases.put("{\"issues\": [{\"number\": 1, \"createdAt\": \"noon\"}]}",
                ": issues[0].createdAt: 'noon' is not an ISO-8601 time");
        cases.put("{\"issues\": [}", ": issues: not valid JSON: unexpected '}' (line 1, column 13)");
        cases.put("{\"issues\": x}", ": not valid JSON: unexpected word 'x' (line 1, column 14)");
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path world = dir.resolve("world-" + n++ + ".json");
            Files.writeString(world, c.getKey());
            CliResult r = run(Map.of(), "plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
                    world.toString());
            assertThat(r.code()).as(c.getKey()).isEqualTo(AcpCommand.EXIT_INVALID);
            assertThat(r.err()).as(c.getKey()).contains("acp: " + world + c.getValue());
            assertPlain(r.err());
        }
    }

    @Test
    void stateErrorsNameFilePathAndProblemInPlainWords() throws IOException {
        Path state = dir.resolve("state");
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("retries/issues/11.json", "");
        files.put("retries/issues/12.json", "[1]");
        files.put("retries/issues/13.json", "{\"attempts\": 99999999999, \"nextAttemptAt\": \"2026-01-01T00:00:00Z\"}");
        files.put("retries/issues/14.json", "{\"attempts\": \"two\", \"nextAttemptAt\": \"2026-01-01T00:00:00Z\"}");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(state.resolve(f.getKey()).getParent());
            Files.writeString(state.resolve(f.getKey()), f.getValue());
        }
        CliResult r = run(Map.of(), "plan", "--profile", EXAMPLE.resolve("profile.yaml").toString(), "--world",
                EXAMPLE.resolve("world.json").toString(), "--state", state.toString(), "--now",
                "2026-11-24T12:00:00Z");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(state.resolve("retries/issues/11.json") + ": empty file")
                .contains(state.resolve("retries/issues/12.json")
                        + ": wrong top-level type: expected an object, found a list")
                .contains(state.resolve("retries/issues/13.json")
                        + ": attempts: the number 99999999999 is out of range")
                .contains(state.resolve("retries/issues/14.json")
                        + ": attempts: expected a whole number, found a string");
        assertPlain(r.err());
    }

    private static void assertPlain(String text) {
        assertThat(text).doesNotContain("`", "java.", "Cannot deserialize", "JsonToken", "Exception", "Jackson",
                "MismatchedInput", "(code ");
    }

    // ------------------------------------------------------------------------------------------ outbox and wording

    @Test
    void outboxOnADirectoryThatIsNotAStateDirectoryIsAnError() throws IOException {
        Path notState = Files.createDirectories(dir.resolve("src"));
        Files.writeString(notState.resolve("App.java"), "class App {}");
        CliResult r = run(token("bot-token"), "outbox", "--profile", profile.toString(), "--state", notState.toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(r.err()).contains("--state " + notState + ": not a state directory");
        CliResult missing = run(token("bot-token"), "outbox", "list", "--profile", profile.toString(), "--state",
                dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(missing.err()).contains("no such directory");
        assertThat(notState.resolve("outbox")).doesNotExist();
        CliResult fresh = run(token("bot-token"), "outbox", "--profile", profile.toString());
        assertThat(fresh.code()).isZero();
        assertThat(fresh.out()).contains("no state yet in " + stateDir);
    }

    @Test
    void oneLaunchIsSingularAndTimesHaveNoNanoseconds() throws IOException {
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, Files.readString(EXAMPLE.resolve("profile.yaml"))
                .replaceAll("maxLaunchesPerHeartbeat: *\\d+", "maxLaunchesPerHeartbeat: 1"));
        assertThat(Files.readString(one)).contains("maxLaunchesPerHeartbeat: 1");
        CliResult r = run(Map.of(), "plan", "--profile", one.toString(), "--world",
                EXAMPLE.resolve("world.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 launch per heartbeat already planned").doesNotContain("1 launches")
                .containsPattern("Launched 1 issue, 0 PRs|Launched 0 issues, 1 PR")
                .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+Z");
    }
}
