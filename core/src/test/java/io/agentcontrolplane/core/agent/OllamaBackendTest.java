package io.agentcontrolplane.core.agent;

import static io.agentcontrolplane.core.agent.AgentFixture.GITHUB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ollama backend's agent loop against a loopback server that answers {@code POST /api/chat} the way Ollama does:
 * a stream of NDJSON chunks with {@code message.content}, {@code message.tool_calls} and a final {@code done: true},
 * or an HTTP error with {@code {"error": ...}}.
 */
class OllamaBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    AgentFixture fx;
    HttpServer server;
    final Deque<Reply> replies = new ArrayDeque<>();
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    /** One scripted answer: status, NDJSON lines, and a pause before the body (for stalls). */
    record Reply(int status, List<String> lines, long pauseMillis) {
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new AgentFixture(temp);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/chat", this::chat);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private void chat(HttpExchange exchange) throws IOException {
        requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
        Reply reply;
        synchronized (replies) {
            reply = replies.isEmpty() ? new Reply(500, List.of("{\"error\":\"no scripted reply\"}"), 0)
                    : replies.removeFirst();
        }
        try {
            Thread.sleep(reply.pauseMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseHeaders().add("Content-Type",
                reply.status() == 200 ? "application/x-ndjson" : "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String line : reply.lines()) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client gave up (stall test)
        }
    }

    private static String chunk(String content, String toolCalls, boolean done) {
        String message = "{\"role\":\"assistant\",\"content\":" + JSON.valueToTree(content)
                + (toolCalls == null ? "" : ",\"tool_calls\":" + toolCalls) + "}";
        return "{\"model\":\"qwen2.5-coder:7b\",\"created_at\":\"2026-01-15T10:00:00.123456Z\",\"message\":" + message
                + (done ? ",\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":"
                        + "1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,"
                        + "\"eval_duration\":4535599000}" : ",\"done\":false}");
    }

    private void toolCall(String name, String arguments) {
        replies.add(new Reply(200, List.of(
                chunk("", "[{\"function\":{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}}]", false),
                chunk("", null, true)), 0));
    }

    private Profile.BackendSettings settings(int timeout, int stall, int maxAttempts) {
        return new Profile.BackendSettings("qwen2.5-coder:7b", null, timeout, stall, maxAttempts, 0, List.of(),
                Map.of("baseUrl", "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    private AgentOutcome run(Profile.BackendSettings settings) throws Exception {
        return fx.runner().run(fx.request("ollama", settings));
    }

    @Test
    void theLoopRunsToolsInTheWorkspaceAndEndsAtTaskComplete() throws Exception {
        Files.writeString(fx.workspace.resolve("README.md"), "# demo\n");
        toolCall("list_directory", "{\"path\":\".\"}");
        toolCall("read_file", "{\"path\":\"README.md\"}");
        toolCall("write_file", "{\"path\":\"src/hello.txt\",\"content\":\"hello\\n\"}");
        toolCall("run_command", "{\"command\":\"cat src/hello.txt; echo token=$GITHUB_TOKEN; exit 3\"}");
        toolCall("read_file", "{\"path\":\"../../../etc/passwd\"}");
        toolCall("write_file", "{\"path\":\"" + fx.runDir.resolve("result.json") + "\",\"content\":\"{}\"}");
        replies.add(new Reply(200, List.of(chunk("All done.", null, false), chunk("", null, true)), 0));
        toolCall("task_complete", "{\"summary\":\"Wrote hello.txt\"}");

        AgentOutcome outcome = run(settings(60, 30, 1));

        assertThat(outcome.completed()).as(outcome.detail()).isTrue();
        assertThat(outcome.detail()).contains("task_complete after 8 step(s): Wrote hello.txt");
        assertThat(fx.workspace.resolve("src/hello.txt")).hasContent("hello");
        assertThat(fx.runDir.resolve("result.json")).hasContent("{}");
        assertThat(requests).hasSize(8);
        JsonNode first = requests.get(0);
        assertThat(first.path("model").asText()).isEqualTo("qwen2.5-coder:7b");
        assertThat(first.path("stream").asBoolean()).isTrue();
        assertThat(first.path("think").asBoolean(true)).isFalse();
        assertThat(first.path("options").path("num_ctx").asInt()).isEqualTo(32768);
        List<String> tools = new ArrayList<>();
        first.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
        assertThat(tools).containsExactly("read_file", "write_file", "list_directory", "run_command",
                "task_complete");
        assertThat(first.path("messages").get(1).path("content").asText()).isEqualTo("Implement issue 7.\n");

        JsonNode last = requests.get(7).path("messages");
        List<String> toolResults = new ArrayList<>();
        last.forEach(m -> {
            if ("tool".equals(m.path("role").asText())) {
                toolResults.add(m.path("tool_name").asText() + ": " + m.path("content").asText());
            }
        });
        assertThat(toolResults).hasSize(6);
        assertThat(toolResults.get(0)).isEqualTo("list_directory: README.md");
        assertThat(toolResults.get(1)).isEqualTo("read_file: # demo\n");
        assertThat(toolResults.get(3)).startsWith("run_command: exit code 3\nhello\ntoken=\n");
        assertThat(toolResults.get(4)).contains("error:", "outside the workspace");
        assertThat(last.toString()).contains("Use the tools to do the work");
        assertThat(fx.log()).contains("All done.", "write_file src/hello.txt", "refused").doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void aToolCallWrittenAsJsonTextIsUnderstood() throws Exception {
        replies.add(new Reply(200, List.of(chunk("```json\n{\"name\": \"write_file\", \"arguments\": "
                + "{\"path\": \"a.txt\", \"content\": \"x\"}}\n```", null, false), chunk("", null, true)), 0));
        toolCall("task_complete", "{\"summary\":\"ok\"}");

        AgentOutcome outcome = run(settings(60, 30, 1));

        assertThat(outcome.completed()).isTrue();
        assertThat(fx.workspace.resolve("a.txt")).hasContent("x");
    }

    @Test
    void aSymlinkOutOfTheWorkspaceIsRefused() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        Files.createSymbolicLink(fx.workspace.resolve("link"), outside);
        toolCall("read_file", "{\"path\":\"link/secret.txt\"}");
        toolCall("write_file", "{\"path\":\"link/new.txt\",\"content\":\"x\"}");
        toolCall("task_complete", "{\"summary\":\"ok\"}");

        assertThat(run(settings(60, 30, 1)).completed()).isTrue();

        String messages = requests.get(2).path("messages").toString();
        assertThat(messages).doesNotContain("do not read").contains("outside the workspace");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aModelThatIsNotPulledIsAConfigurationFailure() throws Exception {
        replies.add(new Reply(404, List.of("{\"error\":\"model \\\"qwen2.5-coder:7b\\\" not found, try pulling it first\"}"),
                0));

        AgentOutcome outcome = run(settings(60, 30, 3));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.CONFIGURATION);
        assertThat(outcome.detail()).contains("not found", "ollama pull qwen2.5-coder:7b");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void aUsageLimitIsAQuotaFailureAndAnErrorInTheStreamIsClassified() throws Exception {
        replies.add(new Reply(429, List.of("{\"error\":\"you have reached your hourly usage limit\"}"), 0));
        assertThat(run(settings(60, 30, 3)).failure()).isEqualTo(AgentFailure.QUOTA);

        replies.add(new Reply(200, List.of(chunk("partial", null, false),
                "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}"), 0));
        AgentOutcome crashed = run(settings(60, 30, 1));
        assertThat(crashed.failure()).isEqualTo(AgentFailure.CRASH);
        assertThat(crashed.detail()).contains("unexpected EOF");
    }

    @Test
    void anUnreachableServerIsANetworkFailureAndIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Profile.BackendSettings settings = new Profile.BackendSettings("qwen2.5-coder:7b", null, 60, 30, 2, 0,
                List.of(), Map.of("baseUrl", "127.0.0.1:" + closedPort));

        AgentOutcome outcome = run(settings);

        assertThat(outcome.failure()).isEqualTo(AgentFailure.NETWORK);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.detail()).contains("cannot reach ollama at http://127.0.0.1:" + closedPort);
    }

    @Test
    void aSilentServerIsAStall() throws Exception {
        replies.add(new Reply(200, List.of(chunk("", null, true)), 4000));

        AgentOutcome outcome = run(settings(60, 1, 1));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.STALL);
        assertThat(outcome.detail()).contains("sent nothing for 1 s");
    }

    @Test
    void theHardTimeoutCoversTheWholeLoop() throws Exception {
        toolCall("run_command", "{\"command\":\"sleep 30\"}");

        AgentOutcome outcome = run(settings(2, 60, 1));

        assertThat(outcome.failure()).isEqualTo(AgentFailure.TIMEOUT);
    }
}
