package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Anthropic Claude Code: {@code claude -p --output-format stream-json --verbose} with the prompt on standard input.
 * The last event, {@code result}, says whether the run succeeded ({@code is_error}, {@code subtype}) and carries the
 * provider's message when it did not (usage limit, invalid key, overload). Options: {@code permissionMode}
 * ({@code acceptEdits} by default, with the reference's allowed tools; {@code bypassPermissions} for no checks),
 * {@code allowedTools} (comma-separated).
 */
final class ClaudeBackend extends CliBackend {
    static final String DEFAULT_TOOLS = "Bash(*),Read,Grep,Glob,LS,Edit,Write,MultiEdit";

    ClaudeBackend() {
        super("claude");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return "claude";
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        List<String> args = new ArrayList<>(List.of("-p", "--output-format", "stream-json", "--verbose",
                "--no-session-persistence", "--permission-mode", attempt.option("permissionMode", "acceptEdits"),
                "--allowedTools", attempt.option("allowedTools", DEFAULT_TOOLS),
                "--add-dir", request.runDirectory().toString()));
        if (request.settings().model() != null && !request.settings().model().isBlank()) {
            args.addAll(List.of("--model", request.settings().model()));
        }
        if (request.settings().effort() != null && !request.settings().effort().isBlank()) {
            args.addAll(List.of("--effort", request.settings().effort()));
        }
        return args;
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL",
                "CLAUDE_CONFIG_DIR", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "AWS_PROFILE", "AWS_REGION",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ANTHROPIC_VERTEX_PROJECT_ID",
                "CLOUD_ML_REGION", "GOOGLE_APPLICATION_CREDENTIALS");
    }

    @Override
    List<String> credentialFiles() {
        return List.of(".claude/.credentials.json", ".claude.json");
    }

    @Override
    OutputReader reader() {
        return new EventStream("claude", "result") {
            @Override
            void onEvent(String type, JsonNode event) {
                switch (type) {
                    case "system" -> {
                        if (sessionId == null) {
                            sessionId = text(event, "/session_id");
                        }
                    }
                    case "result" -> {
                        finished = true;
                        if (event.path("is_error").asBoolean(false)
                                || event.path("subtype").asText("success").startsWith("error")) {
                            fatalError = CodexBackend.firstNonNull(text(event, "/result", "/error"),
                                    event.path("subtype").asText("error"));
                        }
                    }
                    default -> {
                    }
                }
            }
        };
    }
}
