package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Google Gemini CLI in headless mode: {@code gemini --output-format stream-json --approval-mode yolo --prompt ...}
 * with the prompt on standard input (the CLI appends {@code --prompt}'s text to it). Events: {@code init},
 * {@code message}, {@code tool_use}, {@code tool_result}, {@code error}, {@code result} (with {@code status}).
 * Exit codes the CLI documents: 41 authentication, 42 bad input, 44 sandbox, 52 configuration, 53 turn limit.
 * Effort has no flag here; set thinking in the CLI's settings. Option: {@code approvalMode}.
 */
final class GeminiBackend extends CliBackend {
    static final String PROMPT_POINTER = "Carry out the task given above.";

    GeminiBackend() {
        super("gemini");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return "gemini";
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        List<String> args = new ArrayList<>(List.of("--output-format", "stream-json", "--approval-mode",
                attempt.option("approvalMode", "yolo"), "--include-directories", request.runDirectory().toString()));
        if (request.settings().model() != null && !request.settings().model().isBlank()) {
            args.addAll(List.of("--model", request.settings().model()));
        }
        args.addAll(List.of("--prompt", PROMPT_POINTER));
        return args;
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION",
                "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_APPLICATION_CREDENTIALS", "GEMINI_CLI_HOME");
    }

    @Override
    List<String> credentialFiles() {
        return List.of(".gemini/oauth_creds.json", ".gemini/settings.json");
    }

    @Override
    Verdict judge(int exitCode, List<String> tail, OutputReader reader) {
        Verdict documented = switch (exitCode) {
            case 41 -> Verdict.failed(AgentFailure.AUTH, "gemini: authentication failed (exit 41)"
                    + FailureText.lastLine(tail));
            case 42, 44, 52 -> Verdict.failed(AgentFailure.CONFIGURATION, "gemini: bad input or configuration (exit "
                    + exitCode + ")" + FailureText.lastLine(tail));
            case 53 -> Verdict.failed(AgentFailure.CRASH, "gemini: turn limit exceeded (exit 53)");
            default -> null;
        };
        if (documented != null) {
            Verdict fromEvents = reader.verdict(exitCode);
            // A quota message beats the generic exit code: it decides cooldown, not configuration.
            return fromEvents != null && fromEvents.failure() == AgentFailure.QUOTA ? fromEvents : documented;
        }
        return super.judge(exitCode, tail, reader);
    }

    @Override
    OutputReader reader() {
        return new EventStream("gemini", "result") {
            @Override
            void onEvent(String type, JsonNode event) {
                switch (type) {
                    case "init" -> sessionId = text(event, "/session_id");
                    case "error" -> lastError = text(event, "/message", "/error/message");
                    case "result" -> {
                        finished = true;
                        if (!"success".equals(event.path("status").asText("success"))) {
                            fatalError = CodexBackend.firstNonNull(text(event, "/error/message", "/message"),
                                    "status " + event.path("status").asText());
                        }
                    }
                    default -> {
                    }
                }
            }
        };
    }
}
