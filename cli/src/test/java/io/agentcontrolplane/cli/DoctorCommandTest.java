package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acp doctor} against real things: a CLI script on PATH that answers {@code --version}, a loopback server
 * speaking Ollama's {@code /api/version} and {@code /api/tags}, and a real git repository as the clone URL.
 */
class DoctorCommandTest {
    static final String TOKEN = "ghp_doctorTestToken0123456789";

    @TempDir
    Path dir;
    Path bin;
    Path home;
    HttpServer ollama;
    String origin;
    final Map<String, String> env = new HashMap<>();

    private CliResult run(String... args) {
        return CliResult.run(env, args);
    }

    @BeforeEach
    void setUp() throws Exception {
        bin = Files.createDirectories(dir.resolve("bin"));
        home = Files.createDirectories(dir.resolve("home"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("GITHUB_TOKEN", TOKEN);
        script("claude", "#!/bin/sh\n[ \"$1\" = --version ] && echo '2.0.31 (Claude Code)'\n");
        ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ollama.createContext("/api/version", exchange -> answer(exchange, "{\"version\":\"0.12.6\"}"));
        ollama.createContext("/api/tags", exchange -> answer(exchange, "{\"models\":[{\"name\":\"qwen2.5-coder:7b\","
                + "\"model\":\"qwen2.5-coder:7b\",\"modified_at\":\"2026-01-10T09:00:00.000Z\",\"size\":4683087332,"
                + "\"digest\":\"2b0496514337\",\"details\":{\"format\":\"gguf\",\"family\":\"qwen2\","
                + "\"parameter_size\":\"7.6B\",\"quantization_level\":\"Q4_K_M\"}}]}"));
        ollama.start();
        Path repo = dir.resolve("origin.git");
        try (Git git = Git.init().setDirectory(dir.resolve("seed").toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("seed/README.md"), "# widgets\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
        }
        Git.cloneRepository().setURI(dir.resolve("seed").toUri().toString()).setDirectory(repo.toFile()).setBare(true)
                .call().close();
        origin = repo.toUri().toString();
    }

    @AfterEach
    void tearDown() {
        ollama.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path profile(String backend, String ollamaModel, String cloneUrl) throws IOException {
        Path file = dir.resolve("widgets.yaml");
        Files.writeString(file, "id: widgets\n"
                + "repository:\n  slug: acme/widgets\n  cloneUrl: " + cloneUrl + "\n"
                + "workspace:\n  root: " + dir.resolve("acp") + "\n"
                + "agent:\n  backend: " + backend + "\n"
                + "  backends:\n    ollama:\n      options:\n        baseUrl: http://127.0.0.1:"
                + ollama.getAddress().getPort() + "\n"
                + "  pools:\n    - {name: primary, backend: " + backend + "}\n"
                + "    - {name: local, backend: ollama, model: \"" + ollamaModel + "\"}\n");
        return file;
    }

    @Test
    void aReadyProfilePassesEveryCheckAndPrintsNoSecret() throws Exception {
        env.put("ANTHROPIC_API_KEY", "sk-ant-doctor-secret");
        CliResult r = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("ok    claude: program " + bin.resolve("claude"),
                "ok    claude version: 2.0.31 (Claude Code)", "ok    claude auth: ANTHROPIC_API_KEY set",
                "ok    ollama: server http://127.0.0.1:", "ok    ollama version: 0.12.6",
                "ok    ollama model: qwen2.5-coder:7b is available", "ok    token: GITHUB_TOKEN set",
                "ok    clone URL: " + origin + " answers (1 branch)",
                "ok    anchor clone: " + dir.resolve("acp/anchor.git") + " not cloned yet",
                "acp doctor: profile widgets: ready");
        assertThat(r.out()).doesNotContain("sk-ant-doctor-secret").doesNotContain(TOKEN);
    }

    @Test
    void whatIsMissingIsNamedAndTheExitCodeSaysSo() throws Exception {
        Files.createDirectories(home.resolve(".codex"));
        Files.writeString(home.resolve(".codex/auth.json"), "{\"OPENAI_API_KEY\":\"sk-secret-in-file\"}");
        env.remove("GITHUB_TOKEN");
        CliResult r = run("doctor", "--profile",
                profile("codex", "llama3.3", dir.resolve("nowhere.git").toUri().toString()).toString());

        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_UNSUCCESSFUL);
        assertThat(r.out()).contains("fail  codex: program 'codex' not found on PATH; install it or set "
                        + "agent.backends.codex.options.binary",
                "fail  ollama model: llama3.3 is not pulled (have: qwen2.5-coder:7b); run: ollama pull llama3.3",
                "fail  token: GITHUB_TOKEN is not set", "fail  clone URL: " + dir.resolve("nowhere.git").toUri(),
                "acp doctor: profile widgets: 4 failed");
        assertThat(r.out()).doesNotContain("sk-secret-in-file");
    }

    @Test
    void theAnchorCloneMustBeOfTheCloneUrl() throws Exception {
        Path anchor = dir.resolve("acp/anchor.git");
        Git.cloneRepository().setURI(dir.resolve("seed").toUri().toString()).setDirectory(anchor.toFile())
                .setBare(true).call().close();
        CliResult other = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());
        assertThat(other.code()).isEqualTo(AcpCommand.EXIT_UNSUCCESSFUL);
        assertThat(other.out()).contains("fail  anchor clone: " + anchor + " is a clone of "
                + dir.resolve("seed").toUri() + ", not of repository.cloneUrl");

        try (Git git = Git.open(anchor.toFile())) {
            git.getRepository().getConfig().setString("remote", "origin", "url", origin);
            git.getRepository().getConfig().save();
        }
        CliResult same = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());
        assertThat(same.out()).contains("ok    anchor clone: " + anchor + ", last fetched 20");
    }

    @Test
    void aLoginFileCountsAsAuthAndNoLoginIsAWarning() throws Exception {
        CliResult none = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("warn  claude auth: no credential found: none of ANTHROPIC_API_KEY",
                "ready, 1 warning");

        Files.writeString(home.resolve(".claude.json"), "{}");
        CliResult file = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());
        assertThat(file.out()).contains("ok    claude auth: ~/.claude.json present");
    }

    @Test
    void anUnreachableOllamaServerIsNamed() throws Exception {
        ollama.stop(0);
        CliResult r = run("doctor", "--profile", profile("claude", "qwen2.5-coder:7b", origin).toString());
        assertThat(r.code()).isEqualTo(AcpCommand.EXIT_UNSUCCESSFUL);
        assertThat(r.out()).contains("fail  ollama: no answer from http://127.0.0.1:",
                "start `ollama serve` or set agent.backends.ollama.options.baseUrl or OLLAMA_HOST");
    }

    @Test
    void withoutAProfileEveryBackendIsLookedAt() throws Exception {
        env.put("OLLAMA_HOST", "127.0.0.1:" + ollama.getAddress().getPort());
        CliResult r = run("doctor");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ok    claude version: 2.0.31 (Claude Code)", "fail  codex: program 'codex' not found",
                "fail  gemini:", "ok    ollama version: 0.12.6", "acp doctor: at least one backend can run here");
        assertThat(r.out()).doesNotContain("command:");
    }

    @Test
    void helpDescribesTheCommand() {
        CliResult r = run("doctor", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--profile=FILE", "Exits 4 when").contains("a check fails");
    }
}
