package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local model served by Ollama, driven by acp's own agent loop over {@code POST /api/chat} (streamed, with
 * {@code think: false} and {@code options.num_ctx}), offering the tools {@code read_file}, {@code write_file},
 * {@code run_command}, {@code list_directory} and {@code task_complete}. Paths are confined to the workspace and the
 * run directory; commands run in the workspace under the same supervision and environment as any agent. Tool calls
 * a model writes as JSON text instead of structured calls are understood too. Supervision: the hard timeout covers
 * the whole loop; a response silent for {@code stallSeconds} is a stall. Options: {@code baseUrl} (else
 * {@code OLLAMA_HOST}, else {@code http://127.0.0.1:11434}), {@code maxIterations} (30), {@code numCtx} (32768),
 * {@code commandTimeoutSeconds} (300).
 */
final class OllamaBackend implements AgentBackend {
    static final String DEFAULT_URL = "http://127.0.0.1:11434";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_READ_CHARS = 64 * 1024;
    private static final int MAX_COMMAND_OUTPUT_CHARS = 16 * 1024;
    private static final int MAX_LIST_ENTRIES = 500;

    @Override
    public String name() {
        return "ollama";
    }

    static String baseUrl(Map<String, String> options, Map<String, String> host) {
        String configured = options.get("baseUrl");
        if (configured == null || configured.isBlank()) {
            configured = host.get("OLLAMA_HOST");
        }
        if (configured == null || configured.isBlank()) {
            return DEFAULT_URL;
        }
        String url = configured.strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            url = "http://" + url;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Attempted attempt(Attempt attempt) throws InterruptedException {
        AgentRequest request = attempt.request();
        String model = request.settings().model();
        if (model == null || model.isBlank()) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION, "no model configured for the ollama backend "
                    + "(agent.backends.ollama.model)");
        }
        String url = baseUrl(request.settings().options(), attempt.hostEnvironment());
        int maxIterations = intOption(attempt, "maxIterations", 30);
        long deadline = System.nanoTime() + Duration.ofSeconds(request.settings().timeoutSeconds()).toNanos();
        WorkspacePaths paths;
        try {
            paths = new WorkspacePaths(request.workspace(), request.runDirectory());
        } catch (IOException e) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION, "the workspace cannot be used: " + e.getMessage());
        }
        String prompt;
        try {
            prompt = Files.readString(request.promptFile());
        } catch (IOException e) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION, "cannot read the prompt " + request.promptFile());
        }
        attempt.log().listen(null);
        attempt.log().note("attempt " + attempt.number() + ": ollama " + model + " at " + url + "/api/chat");
        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "system").put("content", systemPrompt(request));
        messages.addObject().put("role", "user").put("content", prompt);
        Tools tools = new Tools(attempt, paths, deadline);
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (System.nanoTime() - deadline >= 0) {
                return timedOut(attempt, request);
            }
            Reply reply;
            try {
                reply = chat(attempt, url, model, messages, deadline);
            } catch (Failure f) {
                attempt.log().note(f.verdict.detail());
                return new Attempted(f.verdict, null, true);
            }
            ObjectNode assistant = messages.addObject().put("role", "assistant").put("content", reply.content);
            List<JsonNode> calls = reply.toolCalls.isEmpty() ? callsInText(reply.content) : reply.toolCalls;
            if (!reply.toolCalls.isEmpty()) {
                assistant.set("tool_calls", JSON.valueToTree(reply.toolCalls));
            }
            if (calls.isEmpty()) {
                messages.addObject().put("role", "user").put("content", "Use the tools to do the work. When it is "
                        + "done and the result file is written, call task_complete with a short summary.");
                continue;
            }
            for (JsonNode call : calls) {
                String tool = call.path("function").path("name").asText("");
                JsonNode arguments = arguments(call.path("function").path("arguments"));
                if ("task_complete".equals(tool)) {
                    String summary = arguments.path("summary").asText("");
                    attempt.log().note("task_complete: " + summary);
                    return new Attempted(Verdict.completed("task_complete after " + iteration + " step(s)"
                            + (summary.isBlank() ? "" : ": " + FailureText.shorten(summary))), null, true);
                }
                String result = tools.call(tool, arguments);
                messages.addObject().put("role", "tool").put("tool_name", tool).put("content", result);
            }
            if (tools.timedOut) {
                return timedOut(attempt, request);
            }
        }
        attempt.log().note("stopped after " + maxIterations + " steps without task_complete");
        return new Attempted(Verdict.completed("stopped after " + maxIterations
                + " steps (maxIterations) without task_complete; the result decides"), null, true);
    }

    private static Attempted timedOut(Attempt attempt, AgentRequest request) {
        String detail = "still working after the hard timeout of " + request.settings().timeoutSeconds()
                + " s (timeoutSeconds)";
        attempt.log().note(detail);
        return new Attempted(Verdict.failed(AgentFailure.TIMEOUT, detail), null, true);
    }

    private static int intOption(Attempt attempt, String key, int fallback) {
        try {
            return Integer.parseInt(attempt.option(key, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String systemPrompt(AgentRequest request) {
        return "You are a coding agent working in the repository at " + request.workspace() + ". Work only with "
                + "the tools: read_file, write_file, list_directory, run_command (runs in the repository), and "
                + "task_complete when you are done. Paths are relative to the repository. The run directory is "
                + request.runDirectory() + "; write the files the task asks for there.";
    }

    /** One model reply, streamed. */
    private record Reply(String content, List<JsonNode> toolCalls) {
    }

    private static final class Failure extends Exception {
        final Verdict verdict;

        Failure(AgentFailure failure, String detail) {
            super(detail, null, false, false);
            this.verdict = Verdict.failed(failure, detail);
        }
    }

    private Reply chat(Attempt attempt, String url, String model, ArrayNode messages, long deadline)
            throws Failure, InterruptedException {
        AgentRequest request = attempt.request();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        body.set("tools", toolDefinitions());
        body.put("stream", true);
        body.put("think", false);
        body.putObject("options").put("num_ctx", intOption(attempt, "numCtx", 32768));
        long stallMillis = Duration.ofSeconds(request.settings().stallSeconds()).toMillis();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url + "/api/chat").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setConnectTimeout((int) Math.min(stallMillis, 30_000));
            connection.setRequestProperty("Content-Type", "application/json");
            // Fixed before connecting (later changes do not reach the socket): the longest silence allowed.
            setReadTimeout(connection, stallMillis, deadline);
            String key = attempt.hostEnvironment().get("OLLAMA_API_KEY");
            if (key != null && !key.isBlank()) {
                connection.setRequestProperty("Authorization", "Bearer " + key);
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            // A fixed-length body also stops HttpURLConnection from silently sending the request a second time
            // after a read timeout.
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw httpFailure(status, errorText(connection), url, model);
            }
            StringBuilder content = new StringBuilder();
            List<JsonNode> calls = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw new Failure(AgentFailure.TIMEOUT, "still working after the hard timeout of "
                                + request.settings().timeoutSeconds() + " s (timeoutSeconds)");
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode chunk = JSON.readTree(line);
                    if (chunk.hasNonNull("error")) {
                        String error = chunk.get("error").asText();
                        AgentFailure failure = FailureText.classify(error);
                        throw new Failure(failure == null ? AgentFailure.CRASH : failure, "ollama: " + error);
                    }
                    String piece = chunk.path("message").path("content").asText("");
                    if (!piece.isEmpty()) {
                        content.append(piece);
                        attempt.log().output(piece);
                    }
                    chunk.path("message").path("tool_calls").forEach(calls::add);
                    if (chunk.path("done").asBoolean(false)) {
                        break;
                    }
                }
            }
            attempt.log().flushOutput();
            for (JsonNode call : calls) {
                attempt.log().note("tool call: " + FailureText.shorten(call.path("function").toString()));
            }
            return new Reply(content.toString(), calls);
        } catch (SocketTimeoutException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new Failure(AgentFailure.TIMEOUT, "still working after the hard timeout of "
                        + request.settings().timeoutSeconds() + " s (timeoutSeconds)");
            }
            throw new Failure(AgentFailure.STALL, "ollama sent nothing for " + request.settings().stallSeconds()
                    + " s (stallSeconds)");
        } catch (ConnectException | UnknownHostException e) {
            throw new Failure(AgentFailure.NETWORK, "cannot reach ollama at " + url + ": " + e.getMessage()
                    + " (is `ollama serve` running? set agent.backends.ollama.options.baseUrl or OLLAMA_HOST)");
        } catch (IOException e) {
            throw new Failure(AgentFailure.NETWORK, "ollama at " + url + ": " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static void setReadTimeout(HttpURLConnection connection, long stallMillis, long deadline) {
        long remaining = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
        connection.setReadTimeout((int) Math.max(1, Math.min(stallMillis, remaining)));
    }

    private static String errorText(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            if (in == null) {
                return "";
            }
            String text = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
            try {
                JsonNode node = JSON.readTree(text);
                if (node.hasNonNull("error")) {
                    return node.get("error").asText();
                }
            } catch (IOException e) {
                // not JSON: the text itself
            }
            return text.strip();
        } catch (IOException e) {
            return "";
        }
    }

    static Failure httpFailure(int status, String error, String url, String model) {
        String detail = "ollama at " + url + " answered " + status + (error.isBlank() ? "" : ": " + error);
        if (status == 404 && error.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            return new Failure(AgentFailure.CONFIGURATION, detail + " (pull it: ollama pull " + model + ")");
        }
        if (status == 401 || status == 403) {
            return new Failure(AgentFailure.AUTH, detail);
        }
        if (status == 429) {
            return new Failure(AgentFailure.QUOTA, detail);
        }
        if (status == 400) {
            return new Failure(AgentFailure.CONFIGURATION, detail);
        }
        AgentFailure byText = FailureText.classify(error);
        if (byText != null) {
            return new Failure(byText, detail);
        }
        return new Failure(status >= 502 ? AgentFailure.NETWORK : AgentFailure.CRASH, detail);
    }

    private static JsonNode arguments(JsonNode raw) {
        if (raw.isTextual()) {
            try {
                return JSON.readTree(raw.asText());
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
        return raw.isObject() ? raw : JSON.createObjectNode();
    }

    /** Tool calls a model wrote as JSON text ({"name": ..., "arguments": {...}}), possibly in a code fence. */
    static List<JsonNode> callsInText(String content) {
        String text = content.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int fence = text.lastIndexOf("```");
            text = firstLine > 0 && fence > firstLine ? text.substring(firstLine + 1, fence).strip() : text;
        }
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return List.of();
        }
        try {
            JsonNode node = JSON.readTree(text);
            List<JsonNode> calls = new ArrayList<>();
            for (JsonNode item : node.isArray() ? node : JSON.createArrayNode().add(node)) {
                JsonNode function = item.has("function") ? item.get("function") : item;
                if (function.hasNonNull("name")) {
                    ObjectNode call = JSON.createObjectNode();
                    ObjectNode fn = call.putObject("function").put("name", function.get("name").asText());
                    fn.set("arguments", function.has("arguments") ? function.get("arguments")
                            : function.path("parameters"));
                    calls.add(call);
                }
            }
            return calls;
        } catch (IOException e) {
            return List.of();
        }
    }

    static ArrayNode toolDefinitions() {
        ArrayNode tools = JSON.createArrayNode();
        tool(tools, "read_file", "Read a text file of the repository.", "path", "File path relative to the repository");
        ObjectNode write = tool(tools, "write_file", "Create or overwrite a file with the given content.", "path",
                "File path relative to the repository");
        addParameter(write, "content", "The complete new content of the file");
        tool(tools, "list_directory", "List the entries of a directory.", "path",
                "Directory path relative to the repository ('.' for the root)");
        tool(tools, "run_command", "Run a shell command in the repository and get its output.", "command",
                "The command line (bash)");
        tool(tools, "task_complete", "Call once the task is done and its result is written.", "summary",
                "What was done, in one or two sentences");
        return tools;
    }

    private static ObjectNode tool(ArrayNode tools, String name, String description, String parameter,
            String parameterDescription) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", name).put("description", description);
        ObjectNode parameters = function.putObject("parameters").put("type", "object");
        parameters.putObject("properties");
        parameters.putArray("required");
        addParameter(function, parameter, parameterDescription);
        return function;
    }

    private static void addParameter(ObjectNode function, String name, String description) {
        ObjectNode parameters = (ObjectNode) function.get("parameters");
        ((ObjectNode) parameters.get("properties")).putObject(name).put("type", "string").put("description",
                description);
        ((ArrayNode) parameters.get("required")).add(name);
    }

    /** The tools, each answering with text for the model; a refused or failed call is an answer, not a crash. */
    private static final class Tools {
        private final Attempt attempt;
        private final WorkspacePaths paths;
        private final long deadline;
        boolean timedOut;

        Tools(Attempt attempt, WorkspacePaths paths, long deadline) {
            this.attempt = attempt;
            this.paths = paths;
            this.deadline = deadline;
        }

        String call(String tool, JsonNode arguments) throws InterruptedException {
            try {
                return switch (tool) {
                    case "read_file" -> read(arguments.path("path").asText(null));
                    case "write_file" -> write(arguments.path("path").asText(null),
                            arguments.path("content").asText(""));
                    case "list_directory" -> list(arguments.path("path").asText("."));
                    case "run_command" -> run(arguments.path("command").asText(""));
                    default -> "error: unknown tool '" + tool + "'; the tools are read_file, write_file, "
                            + "list_directory, run_command and task_complete";
                };
            } catch (IllegalArgumentException e) {
                attempt.log().note(tool + " refused: " + e.getMessage());
                return "error: " + e.getMessage();
            } catch (IOException e) {
                return "error: " + e.getMessage();
            }
        }

        private String read(String path) throws IOException {
            Path file = paths.resolve(path);
            if (!Files.isRegularFile(file)) {
                return "error: " + path + " is not a file";
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > MAX_READ_CHARS
                    ? text.substring(0, MAX_READ_CHARS) + "\n[... cut at " + MAX_READ_CHARS + " characters]"
                    : text;
        }

        private String write(String path, String content) throws IOException {
            Path file = paths.resolve(path);
            if (file.equals(paths.workspace()) || Files.isDirectory(file)) {
                return "error: " + path + " is a directory";
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            attempt.log().note("write_file " + path + " (" + content.length() + " characters)");
            return "wrote " + content.length() + " characters to " + path;
        }

        private String list(String path) throws IOException {
            Path dir = paths.resolve(path);
            if (!Files.isDirectory(dir)) {
                return "error: " + path + " is not a directory";
            }
            List<String> entries = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                children.sorted().limit(MAX_LIST_ENTRIES).forEach(child -> entries.add(
                        child.getFileName() + (Files.isDirectory(child) ? "/" : "")));
            }
            return entries.isEmpty() ? "(empty)" : String.join("\n", entries);
        }

        private String run(String command) throws InterruptedException {
            if (command.isBlank()) {
                return "error: a command is required";
            }
            AgentRequest request = attempt.request();
            long remaining = Duration.ofNanos(deadline - System.nanoTime()).toSeconds();
            if (remaining <= 0) {
                timedOut = true;
                return "error: no time left";
            }
            long limit = Math.min(remaining, intOption(attempt, "commandTimeoutSeconds", 300));
            Map<String, String> env = AgentEnvironment.build(attempt.hostEnvironment(), List.of(),
                    request.environment(), request.secrets());
            StringBuilder output = new StringBuilder();
            attempt.log().listen(line -> {
                if (output.length() < MAX_COMMAND_OUTPUT_CHARS * 4) {
                    output.append(line).append('\n');
                }
            });
            attempt.log().note("run_command: " + command);
            ProcessSupervisor.Ended ended;
            try {
                ended = attempt.supervisor().run(new ProcessSupervisor.Launch(List.of("/bin/bash", "-c", command),
                        env, request.workspace(), null, Duration.ofSeconds(limit),
                        Duration.ofSeconds(request.settings().stallSeconds()),
                        List.of(request.workspace(), request.runDirectory())), attempt.log());
            } catch (IOException e) {
                return "error: cannot run bash: " + e.getMessage();
            } finally {
                attempt.log().listen(null);
            }
            if (ended.stoppedFor() == AgentFailure.TIMEOUT && limit >= remaining) {
                timedOut = true;
            }
            String text = output.length() > MAX_COMMAND_OUTPUT_CHARS
                    ? "[... earlier output cut]\n" + output.substring(output.length() - MAX_COMMAND_OUTPUT_CHARS)
                    : output.toString();
            String status = ended.stoppedFor() != null ? "stopped: " + ended.detail()
                    : "exit code " + ended.exitCode();
            return status + "\n" + text;
        }
    }
}
