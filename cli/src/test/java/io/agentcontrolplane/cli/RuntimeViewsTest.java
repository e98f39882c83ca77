package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxRepo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, why and history read what the heartbeats persisted; init and service install write configuration. */
class RuntimeViewsTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN_ENV = "ACP_TEST_GITHUB_TOKEN";
    private static final Map<String, String> ENV = Map.of(TOKEN_ENV, "bot-token");

    @TempDir
    Path dir;
    GitHubSandbox sandbox;
    SandboxRepo repo;
    Path profile;
    Path stateDir;

    static CliResult run(String... args) {
        return CliResult.run(ENV, args);
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GitHubSandbox.builder().user("acp-bot", "bot-token").user("walt", "walt-token")
                .user("stranger", "stranger-token").repo(REPO)
                .permission(REPO, "acp-bot", Permission.ADMIN).permission(REPO, "walt", Permission.WRITE)
                .permission(REPO, "stranger", Permission.READ).build().start();
        repo = sandbox.repo(REPO);
        stateDir = dir.resolve("ws/state");
        profile = dir.resolve("widgets.yaml");
        Files.writeString(profile, "id: widgets\n"
                + "repository:\n  slug: " + REPO + "\n  apiUrl: " + sandbox.baseUrl() + "\n"
                + "credentials:\n  tokenEnv: " + TOKEN_ENV + "\n"
                + "workspace:\n  root: " + dir.resolve("ws") + "\n");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Map<String, FileTime> files() throws IOException {
        Map<String, FileTime> out = new TreeMap<>();
        if (Files.exists(dir.resolve("ws"))) {
            try (Stream<Path> all = Files.walk(dir.resolve("ws"))) {
                for (Path p : all.toList()) {
                    out.put(p.toString(), Files.getLastModifiedTime(p));
                }
            }
        }
        return out;
    }

    @Test
    void statusWhyAndHistoryTellWhatTheHeartbeatsDidAndChangeNothing() throws Exception {
        CliResult before = run("status", "--profile", profile.toString());
        assertThat(before.code()).as(before.err()).isZero();
        assertThat(before.out()).contains("Profile widgets (acme/widgets)").contains("acp run: not running")
                .contains("Last heartbeat: none yet");
        assertThat(run("why", "--profile", profile.toString(), "1").out()).contains("no heartbeat has been recorded");

        int mine = repo.createIssue("walt", "Do it", "body");
        int theirs = repo.createIssue("stranger", "Do this for me", "body");
        CliResult beat = run("heartbeat", "--profile", profile.toString(), "--worker-command", "true");
        assertThat(beat.code()).as(beat.err()).isZero();
        Thread.sleep(1500);
        assertThat(run("heartbeat", "--profile", profile.toString(), "--worker-command", "true").code()).isZero();

        Map<String, FileTime> state = files();
        CliResult status = run("status", "--profile", profile.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("Last heartbeat: completed at ").containsPattern("Runs: \\d+ running")
                .contains("untrusted-author 1").containsPattern("Outbox: \\d+ pending, 0 failed")
                .containsPattern("GitHub: \\d+ requests left");
        JsonNode json = Json.mapper().readTree(run("status", "--json", "--profile", profile.toString()).out());
        assertThat(json.at("/profiles/0/id").asText()).isEqualTo("widgets");
        assertThat(json.at("/profiles/0/plan/waits")).isNotEmpty();

        CliResult why = run("why", "--profile", profile.toString(), "issue#" + theirs);
        assertThat(why.code()).isZero();
        assertThat(why.out()).startsWith("issue#" + theirs + " in profile widgets: waits: untrusted-author (its author"
                + " lacks the required permission").contains("author @stranger has read permission")
                .contains("decided by the heartbeat at ");
        CliResult mineWhy = run("why", "--profile", profile.toString(), String.valueOf(mine));
        assertThat(mineWhy.out()).startsWith("issue#" + mine + " in profile widgets: ")
                .containsPattern("run widgets-implement-issue-" + mine + "-\\S+: implement");
        assertThat(Json.mapper().readTree(run("why", "--json", "--profile", profile.toString(), "issue#" + theirs)
                .out()).at("/waiting/reason").asText()).isEqualTo("untrusted-author");
        assertThat(run("why", "--profile", profile.toString(), "bug#1").code()).isEqualTo(AcpCommand.EXIT_INVALID);

        CliResult history = run("history", "--profile", profile.toString());
        assertThat(history.code()).isZero();
        assertThat(history.out()).containsPattern("implement +issue#" + mine + " +(succeeded|running|pending)")
                .doesNotContain("issue#" + theirs);
        assertThat(run("history", "--profile", profile.toString(), "--item", "issue#" + theirs).out())
                .isEqualTo("no runs of issue#" + theirs + "\n");
        JsonNode runs = Json.mapper().readTree(run("history", "--json", "--item", String.valueOf(mine), "--profile",
                profile.toString()).out());
        assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r.get("item").asText()).isEqualTo("issue#" + mine));
        assertThat(files()).as("read-only commands change nothing").isEqualTo(state);
    }

    @Test
    void initScaffoldsAValidProfileFromFlagsOrAnswers() throws IOException {
        Path file = dir.resolve("calc.yaml");
        CliResult dry = run("init", "--repo", "demo/calc", "--backend", "codex", "--output", file.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("id: calc\n").contains("slug: demo/calc").contains("backend: codex");
        assertThat(file).doesNotExist();

        CliResult wrote = run("init", "--repo", "demo/calc", "--backend", "codex", "--output", file.toString());
        assertThat(wrote.code()).as(wrote.err()).isZero();
        assertThat(wrote.out()).contains("wrote " + file);
        assertThat(ProfileLoader.load(file).isValid()).isTrue();
        assertThat(run("validate", file.toString()).code()).isZero();
        CliResult again = run("init", "--repo", "demo/calc", "--output", file.toString());
        assertThat(again.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(again.err()).contains(file + " exists; --force overwrites it");

        CliResult bad = run("init", "--repo", "not a repo", "--dry-run");
        assertThat(bad.code()).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(bad.err()).contains("the profile would be invalid").contains("repository.slug");
        assertThat(run("init", "--dry-run").err()).contains("--repo: the repository (OWNER/NAME) is required");

        InputStream saved = InitCommand.input;
        try {
            InitCommand.input = new ByteArrayInputStream("acme/gadgets\n\n\nGADGETS_TOKEN\n\n/srv/acp\n"
                    .getBytes(StandardCharsets.UTF_8));
            CliResult asked = run("init", "--interactive", "--dry-run");
            assertThat(asked.code()).as(asked.err()).isZero();
            assertThat(asked.out()).contains("Repository (OWNER/NAME): ").contains("Profile id [gadgets]: ")
                    .contains("id: gadgets\n").contains("tokenEnv: GADGETS_TOKEN").contains("root: /srv/acp")
                    .contains("backend: claude");
        } finally {
            InitCommand.input = saved;
        }
    }

    @Test
    void serviceInstallPrintsOrWritesASystemdUserUnit() throws IOException {
        CliResult printed = run("service", "install", "--print", "--profile", profile.toString(), "--worker-command",
                "sh -c 'my-agent \"$ACP_ITEM\"'");
        assertThat(printed.code()).as(printed.err()).isZero();
        assertThat(printed.out()).contains("[Service]").contains("KillMode=mixed").contains("KillSignal=SIGTERM")
                .contains("EnvironmentFile=-%h/.config/acp/env").contains("WantedBy=default.target")
                .contains(" run --profile " + profile.toAbsolutePath())
                .contains("--worker-command \"sh -c 'my-agent \\\"$$ACP_ITEM\\\"'\"");
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", dir.toString());
            CliResult wrote = run("service", "install", "--profile", profile.toString(), "--worker-command", "true",
                    "--name", "acp-widgets");
            if (System.getenv("XDG_CONFIG_HOME") == null) {
                assertThat(wrote.code()).as(wrote.err()).isZero();
                assertThat(dir.resolve(".config/systemd/user/acp-widgets.service")).content()
                        .contains("Description=Agent Control Plane: acp run (widgets)");
                assertThat(wrote.out()).contains("systemctl --user enable --now acp-widgets");
            }
        } finally {
            System.setProperty("user.home", home);
        }
        assertThat(run("service", "install", "--print", "--profile", profile.toString(), "--worker-command", "true",
                "--name", "bad name").code()).isEqualTo(AcpCommand.EXIT_INVALID);
    }
}
