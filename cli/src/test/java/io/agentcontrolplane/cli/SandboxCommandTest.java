package io.agentcontrolplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acp sandbox} as a user runs it: a separate process, seeded, that accepts new issues and stops on SIGTERM. */
class SandboxCommandTest {
    @Test
    void theDemoSandboxServesTheSeededProjectAndAcceptsIssues() throws Exception {
        Process p = new ProcessBuilder(javaCommand("sandbox", "--seed", "demo")).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.startsWith("Serving"); line = in.readLine()) {
                lines.add(line);
            }
            String text = String.join("\n", lines);
            assertThat(text).doesNotContain("SLF4J").contains("user acp-bot, token demo-bot-token")
                    .contains("user stranger, token demo-stranger-token").contains("repository demo/calc: git clone");
            Matcher m = Pattern.compile("GitHub sandbox at (http://127\\.0\\.0\\.1:\\d+)").matcher(text);
            assertThat(m.find()).as(text).isTrue();
            String base = m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/repos/demo/calc/issues"))
                    .header("Authorization", "token demo-maria-token")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"Add a divide command\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode issues = Json.mapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create(base + "/repos/demo/calc/issues?per_page=100"))
                    .header("Authorization", "token demo-bot-token").build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            List<String> titles = new ArrayList<>();
            issues.forEach(i -> titles.add(i.get("title").asText()));
            assertThat(titles).contains("Add a divide command", "Add a subtract command", "Run the tests in CI",
                    "Add a command that deletes files").hasSize(7);
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void aBadSeedIsExplained(@TempDir Path dir) throws IOException {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, "[]");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), "sandbox", "--seed",
                seed.toString());
        assertThat(code).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(err.toString()).contains(seed + ": a seed is a JSON object with users and repos");
        code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), "sandbox", "--seed",
                dir.resolve("missing.json").toString());
        assertThat(code).isEqualTo(AcpCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("no such file (or use --seed demo)");
    }

    /** {@code java -cp <this test's class path> AcpCommand args...}: the real command in its own process. */
    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AcpCommand.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
