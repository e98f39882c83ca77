package io.agentcontrolplane.core.profile;

import static io.agentcontrolplane.core.profile.Fixtures.load;
import static io.agentcontrolplane.core.profile.Fixtures.loadWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileLoaderTest {

    private static List<String> fields(LoadedProfile loaded) {
        return loaded.problems().stream().map(ProfileProblem::field).toList();
    }

    private static String problemAt(LoadedProfile loaded, String field) {
        assertThat(fields(loaded)).as("problems: %s", loaded.problems()).contains(field);
        return loaded.problems().stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow().message();
    }

    @Test
    void minimalExampleLoadsWithDefaults() {
        LoadedProfile loaded = ProfileLoader.load(Fixtures.repoRoot().resolve("examples/profile-minimal.yaml"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.profile()).isEqualTo(Profile.defaults("demo", "acme/widgets"));
    }

    @Test
    void fullExampleLoadsAndSetsEveryKey() {
        LoadedProfile loaded = ProfileLoader.load(Fixtures.repoRoot().resolve("examples/profile-full.yaml"));
        assertThat(loaded.problems()).isEmpty();
        Profile p = loaded.profile();
        assertThat(p.id()).isEqualTo("widgets");
        assertThat(p.credentials().credentialsId()).isEqualTo("widgets-github-app");
        assertThat(p.agent().backends().get("command").command())
                .containsExactly("./my-agent.sh", "--prompt-file", "{prompt}");
        assertThat(p.agent().pools()).extracting(Profile.ProviderPool::name).containsExactly("primary", "fallback");
        assertThat(p.templates()).hasSize(ProfileKeys.TEMPLATE_LANES.size());
        assertThat(p.trust().minimumPermission()).isEqualTo(Permission.WRITE);
    }

    @Test
    void theBriefsExampleIsValid() {
        String yaml = """
                id: demo
                repository: {slug: acme/widgets, defaultBranch: main, apiUrl: https://api.github.com, cloneUrl: https://github.com/acme/widgets.git}
                credentials: {tokenEnv: GITHUB_TOKEN}
                agent:
                  backend: claude
                  backends:
                    claude: {model: sonnet, effort: medium, timeoutSeconds: 900, stallSeconds: 300, maxAttempts: 3, retryBackoffSeconds: 30}
                    command: {command: ["./my-agent.sh", "--prompt-file", "{prompt}"]}
                  pools: [{name: primary, backend: claude, model: sonnet}, {name: fallback, backend: codex}]
                limits: {maxWorkers: 20, maxPrWorkers: 12}
                schedules: {retryCooldowns: [300, 900, 1800, 3600], providerCooldowns: [300, 900, 1800, 3600]}
                labels: {running: agent-running}
                naming: {issueBranchPrefix: agent/demo/issue, prBranchPrefix: agent/demo/pr, issueSessionPrefix: demo-issue-, prSessionPrefix: demo-pr-, managedBranchPrefixes: [agent/demo/, codex/, openclaw/]}
                trust: {minimumPermission: write, optInLabel: agent-ready}
                budget: {maxAttempts: 6, maxAgentMinutes: 180}
                workspace: {root: ~/.acp/demo}
                templates: {implement: templates/implement.md}
                """;
        assertThat(load(yaml).problems()).isEmpty();
    }

    @Test
    void problemReadsFileFieldMessage() {
        LoadedProfile loaded = loadWith("limits:\n  maxWorkers: 0\n");
        assertThat(loaded.isValid()).isFalse();
        assertThat(loaded.profile()).isNull();
        assertThat(loaded.problems()).hasSize(1);
        assertThat(loaded.problems().get(0).toString())
                .isEqualTo("profiles/demo.yaml: limits.maxWorkers: must be at least 1, got 0 (line 4)");
    }

    @Test
    void manyMistakesAreAllReportedTogether() {
        String yaml = """
                id: Demo_1
                repository:
                  slug: not-a-slug
                  apiUrl: ftp://example.com
                agent:
                  backend: gpt
                  pools:
                    - {backend: claude}
                    - {name: a, backend: nope}
                limits:
                  maxWorker: 3
                  maxPrWorkers: "12"
                  maxHeavyWorkers: -1
                schedules:
                  retryCooldowns: []
                labels:
                  running: agent-blocked
                heavy:
                  titlePattern: "e2e("
                trust:
                  minimumPermission: superuser
                templates:
                  implment: x.md
                naming:
                  issueSessionPrefix: same-
                  prSessionPrefix: same-
                """;
        LoadedProfile loaded = load(yaml);
        assertThat(fields(loaded)).containsExactlyInAnyOrder(
                "id", "repository.slug", "repository.apiUrl", "agent.backend", "agent.pools[0].name",
                "agent.pools[1].backend", "limits.maxWorker", "limits.maxPrWorkers", "limits.maxHeavyWorkers",
                "schedules.retryCooldowns", "labels.running", "heavy.titlePattern", "trust.minimumPermission",
                "templates.implment", "naming.prSessionPrefix");
        assertThat(loaded.problems()).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("profiles/demo.yaml");
            assertThat(p.toString()).startsWith("profiles/demo.yaml: " + p.field() + ": ");
            assertThat(p.message()).containsPattern("\\(line \\d+\\)$");
        });
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    @Test
    void emptyFile() {
        assertThat(load("").problems()).singleElement().hasToString("profiles/demo.yaml: is empty; a profile"
                + " needs at least 'id' and 'repository.slug'");
        assertThat(load("# only a comment\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("is empty"));
    }

    @Test
    void listAtTopLevel() {
        assertThat(load("- id: demo\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("mapping").contains("got a list"));
    }

    @Test
    void scalarAtTopLevel() {
        assertThat(load("just some words").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("got the string"));
    }

    @Test
    void syntaxErrorGivesLineAndColumn() {
        LoadedProfile loaded = load("id: demo\nrepository:\n  slug: [acme/widgets\nlimits: {\n");
        assertThat(loaded.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("is not valid YAML").containsPattern("line \\d+, column \\d+"));
    }

    @Test
    void tabIndentedOrBinaryGarbageIsAProblemNotAnException() {
        assertThat(load("id: demo\n\trepository: x\n").isValid()).isFalse();
        assertThat(load("\u0000\u0001\u0002{{{").isValid()).isFalse();
        assertThat(load("id: demo\nid: other\n").isValid()).isFalse();
    }

    @Test
    void missingFile() {
        LoadedProfile loaded = ProfileLoader.load(Path.of("does/not/exist.yaml"));
        assertThat(loaded.problems()).singleElement().hasToString("does/not/exist.yaml: file not found");
    }

    @Test
    void duplicateKeyIsReported() {
        assertThat(problemAt(loadWith("limits:\n  maxWorkers: 3\n  maxWorkers: 4\n"), "limits.maxWorkers"))
                .contains("twice");
    }

    // ---- required and formats ----------------------------------------------------------------------------

    @Test
    void idIsRequired() {
        assertThat(problemAt(load("repository: {slug: acme/widgets}\n"), "id")).startsWith("is required");
    }

    @Test
    void slugIsRequired() {
        assertThat(problemAt(load("id: demo\n"), "repository")).contains("repository.slug is required");
        assertThat(problemAt(load("id: demo\nrepository: {defaultBranch: main}\n"), "repository.slug"))
                .contains("is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Demo", "-demo", "demo_1", "de mo", "démo"})
    void idMustMatchPattern(String id) {
        assertThat(problemAt(load("id: \"" + id + "\"\nrepository: {slug: acme/widgets}\n"), "id"))
                .contains("^[a-z0-9][a-z0-9-]*$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"widgets", "acme/widgets/extra", "/widgets", "acme/", "acme widgets/x"})
    void slugMustBeOwnerRepo(String slug) {
        assertThat(problemAt(load("id: demo\nrepository: {slug: \"" + slug + "\"}\n"), "repository.slug"))
                .contains("owner/repo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.github.com", "ftp://api.github.com", "https://", "not a url"})
    void apiUrlMustBeHttp(String url) {
        assertThat(problemAt(load("id: demo\nrepository: {slug: acme/w, apiUrl: \"" + url + "\"}\n"),
                "repository.apiUrl")).contains("http");
    }

    @Test
    void gitHubEnterpriseApiUrlIsFine() {
        assertThat(load("id: demo\nrepository: {slug: acme/w, apiUrl: \"http://ghe.local/api/v3\"}\n").isValid())
                .isTrue();
    }

    @Test
    void tokenEnvMustBeAVariableName() {
        assertThat(problemAt(loadWith("credentials: {tokenEnv: \"$GITHUB_TOKEN\"}\n"), "credentials.tokenEnv"))
                .contains("environment variable");
    }

    @Test
    void emptyStringsAreRejected() {
        assertThat(problemAt(loadWith("repository2: x\n"), "repository2")).contains("did you mean 'repository'");
        assertThat(problemAt(load("id: demo\nrepository: {slug: acme/w, defaultBranch: \"\"}\n"),
                "repository.defaultBranch")).contains("must not be empty");
    }

    @Test
    void emptyValueMeansDefault() {
        LoadedProfile loaded = loadWith("limits:\n  maxWorkers:\n");
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.profile().limits().maxWorkers()).isEqualTo(20);
    }

    @Test
    void schemaVersionMustBeOne() {
        assertThat(loadWith("schemaVersion: 1\n").isValid()).isTrue();
        assertThat(problemAt(loadWith("schemaVersion: 2\n"), "schemaVersion")).contains("not supported");
        assertThat(problemAt(loadWith("schemaVersion: \"1\"\n"), "schemaVersion")).contains("got the string");
    }

    // ---- unknown keys ------------------------------------------------------------------------------------

    @Test
    void didYouMeanForATypo() {
        assertThat(problemAt(loadWith("limits: {maxWorker: 3}\n"), "limits.maxWorker"))
                .isEqualTo("unknown key 'maxWorker'; did you mean 'maxWorkers'? (line 3)");
    }

    @Test
    void didYouMeanForSnakeCase() {
        assertThat(problemAt(loadWith("limits: {max_pr_workers: 3}\n"), "limits.max_pr_workers"))
                .contains("did you mean 'maxPrWorkers'");
    }

    @Test
    void didYouMeanForAKeyAtTheWrongLevel() {
        assertThat(problemAt(loadWith("maxWorkers: 3\n"), "maxWorkers")).contains("'limits.maxWorkers'");
    }

    @Test
    void unknownKeyWithoutAnythingCloseListsTheKnownOnes() {
        assertThat(problemAt(loadWith("budget: {zzzzzzzz: 1}\n"), "budget.zzzzzzzz"))
                .contains("known keys here: maxAttempts, maxAgentMinutes");
    }

    @Test
    void unknownKeysAreFoundAtEveryLevel() {
        LoadedProfile loaded = load("""
                id: demo
                colour: red
                repository: {slug: acme/w, brnach: main}
                agent:
                  backends:
                    claude: {modle: opus}
                  pools: [{name: p, backend: codex, weight: 2}]
                """);
        assertThat(fields(loaded)).containsExactlyInAnyOrder("colour", "repository.brnach",
                "agent.backends.claude.modle", "agent.pools[0].weight");
    }

    @Test
    void templateKeysMustBeLanes() {
        assertThat(problemAt(loadWith("templates: {review: r.md}\n"), "templates.review"))
                .contains("unknown lane 'review'").contains("implement, scheduled");
        assertThat(loadWith("templates: {ci-refresh: c.md, double-check-2: d.md}\n").isValid()).isTrue();
    }

    // ---- types -------------------------------------------------------------------------------------------

    @Test
    void stringWhereANumberIsExpected() {
        assertThat(problemAt(loadWith("limits: {maxWorkers: \"20\"}\n"), "limits.maxWorkers"))
                .contains("must be a number, got the string \"20\"");
        assertThat(problemAt(loadWith("limits: {maxWorkers: many}\n"), "limits.maxWorkers"))
                .contains("must be a whole number");
        assertThat(problemAt(loadWith("limits: {maxWorkers: 2.5}\n"), "limits.maxWorkers"))
                .contains("whole number, got 2.5");
        assertThat(problemAt(loadWith("limits: {maxWorkers: 99999999999}\n"), "limits.maxWorkers"))
                .contains("too large");
    }

    @Test
    void listWhereAMappingIsExpectedAndBack() {
        assertThat(problemAt(loadWith("limits: [1, 2]\n"), "limits")).contains("must be a mapping").contains("got a list");
        assertThat(problemAt(loadWith("schedules: {retryCooldowns: {a: 1}}\n"), "schedules.retryCooldowns"))
                .contains("must be a list, got a mapping");
        assertThat(problemAt(loadWith("heavy: {labels: e2e}\n"), "heavy.labels")).contains("must be a list");
    }

    @Test
    void numberWhereAStringIsExpected() {
        assertThat(problemAt(loadWith("labels: {running: 12}\n"), "labels.running"))
                .contains("must be a string (put it in quotes), got the number 12");
    }

    // ---- numbers -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"limits.maxWorkers", "limits.maxPrWorkers", "limits.maxLaunchesPerHeartbeat",
        "budget.maxAttempts", "budget.maxAgentMinutes", "agent.backends.codex.timeoutSeconds",
        "agent.backends.codex.stallSeconds", "agent.backends.codex.maxAttempts"})
    void zeroIsRejectedWhereItMakesNoSense(String path) {
        assertThat(problemAt(loadWith(nested(path, "0")), path)).isEqualTo("must be at least 1, got 0 (line "
                + (path.split("\\.").length + 2) + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limits.maxHeavyWorkers", "limits.maxRecurringWorkers", "limits.maxScheduledWorkers",
        "limits.maxScheduledHeavyWorkers", "limits.maxBlockedRecoveryWorkers", "limits.maxOpenAgentPrsForRecurring",
        "limits.doubleCheckFastLaunches", "limits.prReservationFloor", "limits.blockedRecoveryCooldownSeconds",
        "agent.backends.codex.retryBackoffSeconds"})
    void zeroMeansDisabledWhereDocumented(String path) {
        LoadedProfile loaded = loadWith(nested(path, "0"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(problemAt(loadWith(nested(path, "-1")), path)).startsWith("must not be negative, got -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limits.maxWorkers", "budget.maxAttempts", "agent.backends.codex.timeoutSeconds"})
    void negativeIsRejectedEverywhere(String path) {
        assertThat(problemAt(loadWith(nested(path, "-5")), path)).startsWith("must be at least 1, got -5");
    }

    @Test
    void cooldownListsMustBeNonEmptyAndPositive() {
        assertThat(problemAt(loadWith("schedules: {retryCooldowns: []}\n"), "schedules.retryCooldowns"))
                .startsWith("must not be empty");
        assertThat(problemAt(loadWith("schedules: {providerCooldowns: [300, 0]}\n"), "schedules.providerCooldowns[1]"))
                .startsWith("must be at least 1, got 0");
        assertThat(problemAt(loadWith("schedules: {providerCooldowns: [-300]}\n"), "schedules.providerCooldowns[0]"))
                .startsWith("must be at least 1");
        LoadedProfile ok = loadWith("schedules: {retryCooldowns: [60]}\n");
        assertThat(ok.profile().schedules().retryCooldowns()).containsExactly(60);
    }

    // ---- backends and pools ------------------------------------------------------------------------------

    @Test
    void unsupportedBackendListsTheSupportedOnes() {
        assertThat(problemAt(loadWith("agent: {backend: claud}\n"), "agent.backend"))
                .contains("unsupported backend 'claud' (did you mean 'claude'?)")
                .contains("supported: codex, claude, openclaw, ollama, pi, opencode, kilo, gemini, command");
        assertThat(problemAt(loadWith("agent: {backends: {gpt4: {model: x}}}\n"), "agent.backends.gpt4"))
                .contains("unknown backend 'gpt4'");
    }

    @Test
    void claudeEffortIsChecked() {
        assertThat(problemAt(loadWith("agent: {backends: {claude: {effort: extreme}}}\n"),
                "agent.backends.claude.effort")).contains("low, medium, high, max");
    }

    @Test
    void poolsNeedUniqueNamesAndAKnownBackend() {
        LoadedProfile loaded = loadWith("""
                agent:
                  pools:
                    - {name: a, backend: codex}
                    - {name: a, backend: claude}
                    - {backend: gemini}
                    - {name: c}
                    - {name: d, backend: gpt}
                """);
        assertThat(problemAt(loaded, "agent.pools[1].name")).contains("already used by agent.pools[0]");
        assertThat(problemAt(loaded, "agent.pools[2].name")).startsWith("is required");
        assertThat(problemAt(loaded, "agent.pools[3].backend")).startsWith("is required");
        assertThat(problemAt(loaded, "agent.pools[4].backend")).contains("unsupported backend 'gpt'");
        assertThat(loaded.problems()).hasSize(4);
    }

    @Test
    void poolModelComesFromThePoolThenTheBackendSettingsThenTheDefaults() {
        Profile p = loadWith("""
                agent:
                  backends: {opencode: {model: my/model}}
                  pools:
                    - {name: a, backend: claude, model: opus}
                    - {name: b, backend: opencode}
                    - {name: c, backend: gemini}
                    - {name: d, backend: codex}
                """).orElseThrow();
        assertThat(p.agent().pools()).extracting(Profile.ProviderPool::model)
                .containsExactly("opus", "my/model", "gemini-2.5-pro", null);
        assertThat(p.agent().pools().get(1).providerKey()).isEqualTo("opencode-my-model");
    }

    @Test
    void anEmptyModelIsRejectedSoAModelNeedingPoolAlwaysHasOne() {
        assertThat(problemAt(loadWith("agent: {pools: [{name: a, backend: claude, model: \"\"}]}\n"),
                "agent.pools[0].model")).startsWith("must not be empty");
        assertThat(problemAt(loadWith("agent: {backends: {ollama: {model: \" \"}}}\n"),
                "agent.backends.ollama.model")).startsWith("must not be empty");
    }

    @Test
    void backendEntriesAreCompletedFromTheBackendDefaults() {
        Profile p = loadWith("agent: {backend: openclaw, backends: {openclaw: {timeoutSeconds: 600}}}\n").orElseThrow();
        Profile.BackendSettings s = p.agent().settingsFor("openclaw");
        assertThat(s.model()).isEqualTo("openrouter/qwen/qwen3.6-plus-preview:free");
        assertThat(s.timeoutSeconds()).isEqualTo(600);
        assertThat(s.stallSeconds()).isEqualTo(180);
        assertThat(p.agent().effectivePools()).singleElement()
                .satisfies(pool -> assertThat(pool.model()).isEqualTo("openrouter/qwen/qwen3.6-plus-preview:free"));
    }

    @Test
    void commandBackendNeedsACommand() {
        assertThat(problemAt(loadWith("agent: {backend: command}\n"), "agent.backends.command.command"))
                .contains("used by agent.backend").contains("non-empty command list");
        assertThat(problemAt(loadWith("agent: {pools: [{name: x, backend: command}]}\n"),
                "agent.backends.command.command")).contains("used by agent.pools[0]");
        assertThat(problemAt(loadWith("agent: {backend: command, backends: {command: {command: []}}}\n"),
                "agent.backends.command.command")).startsWith("must not be empty");
        assertThat(loadWith("agent: {backend: command, backends: {command: {command: [run.sh]}}}\n").isValid())
                .isTrue();
    }

    @Test
    void backendOptionsKeepScalarsAsText() {
        Profile p = loadWith("agent: {backends: {ollama: {options: {baseUrl: \"http://x:11434\", numCtx: 8192,"
                + " stream: true}}}}\n").orElseThrow();
        assertThat(p.agent().backends().get("ollama").options())
                .isEqualTo(Map.of("baseUrl", "http://x:11434", "numCtx", "8192", "stream", "true"));
    }

    // ---- heavy, trust, labels, naming ---------------------------------------------------------------------

    @Test
    void invalidHeavyRegexIsReportedWithTheRegexError() {
        assertThat(problemAt(loadWith("heavy: {bodyPattern: \"e2e[\"}\n"), "heavy.bodyPattern"))
                .startsWith("is not a valid regular expression: Unclosed character class near index 3");
    }

    @Test
    void unknownPermissionName() {
        assertThat(problemAt(loadWith("trust: {minimumPermission: owner}\n"), "trust.minimumPermission"))
                .contains("unknown permission 'owner'");
        assertThat(loadWith("trust: {minimumPermission: push}\n").orElseThrow().trust().minimumPermission())
                .isEqualTo(Permission.WRITE);
    }

    @Test
    void labelNamesAreLimitedTo50Characters() {
        String fifty = "a".repeat(50);
        assertThat(loadWith("labels: {running: " + fifty + "}\n").isValid()).isTrue();
        assertThat(problemAt(loadWith("labels: {running: " + fifty + "b}\n"), "labels.running"))
                .contains("51 characters").contains("at most 50");
        assertThat(problemAt(loadWith("trust: {optInLabel: " + fifty + "b}\n"), "trust.optInLabel"))
                .contains("51 characters");
        assertThat(problemAt(loadWith("heavy: {labels: [" + fifty + "b]}\n"), "heavy.labels[0]"))
                .contains("51 characters");
        assertThat(problemAt(loadWith("labels: {schedulePrefix: " + "s".repeat(46) + "}\n"), "labels.schedulePrefix"))
                .contains("at most 45");
        assertThat(problemAt(loadWith("labels: {blocked: \"\"}\n"), "labels.blocked")).startsWith("must not be empty");
    }

    @Test
    void oneLabelCannotServeTwoRoles() {
        assertThat(problemAt(loadWith("labels: {running: agent-blocked}\n"), "labels.running"))
                .contains("label 'agent-blocked' is also used for labels.blocked");
        assertThat(problemAt(loadWith("trust: {optInLabel: agent-automerge}\n"), "trust.optInLabel"))
                .contains("also used for labels.automerge");
        assertThat(problemAt(loadWith("labels: {handoff: agent-schedule-x}\n"), "labels.handoff"))
                .contains("starts with labels.schedulePrefix");
    }

    @Test
    void issueAndPrPrefixesMustDiffer() {
        assertThat(problemAt(loadWith("naming: {issueBranchPrefix: agent/x, prBranchPrefix: agent/x,"
                + " managedBranchPrefixes: [agent/]}\n"), "naming.prBranchPrefix"))
                .contains("equals naming.issueBranchPrefix 'agent/x'");
        assertThat(problemAt(loadWith("naming: {prSessionPrefix: demo-issue-}\n"), "naming.prSessionPrefix"))
                .contains("equals naming.issueSessionPrefix 'demo-issue-'");
        assertThat(problemAt(loadWith("naming: {issueSessionPrefix: demo-}\n"), "naming.issueSessionPrefix"))
                .contains("prefix of the other");
    }

    @Test
    void issueBranchesMustBeManaged() {
        assertThat(problemAt(loadWith("naming: {issueBranchPrefix: bot/issue}\n"), "naming.issueBranchPrefix"))
                .contains("not under any of naming.managedBranchPrefixes");
        assertThat(loadWith("naming: {issueBranchPrefix: bot/issue, managedBranchPrefixes: [bot/]}\n").isValid())
                .isTrue();
        assertThat(problemAt(loadWith("naming: {managedBranchPrefixes: []}\n"), "naming.managedBranchPrefixes"))
                .startsWith("must not be empty");
    }

    @ParameterizedTest
    @CsvSource({"naming.issueBranchPrefix, agent/../x", "naming.prBranchPrefix, 'agent pr'",
        "naming.issueSessionPrefix, demo:issue", "naming.prSessionPrefix, demo/pr"})
    void prefixesMustBeUsableNames(String path, String value) {
        assertThat(problemAt(loadWith(nested(path, "\"" + value + "\"")), path)).startsWith("must ");
    }

    @Test
    void orElseThrowListsEveryProblem() {
        LoadedProfile loaded = loadWith("limits: {maxWorkers: 0, maxPrWorkers: 0}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(loaded::orElseThrow)
                .isInstanceOf(LoadedProfile.InvalidProfileException.class)
                .hasMessageContaining("limits.maxWorkers").hasMessageContaining("limits.maxPrWorkers");
    }

    /** {@code a.b.c} and a value as nested block YAML. */
    static String nested(String path, String value) {
        String[] parts = path.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append("  ".repeat(i)).append(parts[i]).append(':');
            sb.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
        }
        return sb.toString();
    }
}
