package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pi coding agent: {@code pi --mode json --no-session --model M --thinking T @<prompt file>}. Its JSON events
 * ({@code agent_start}, {@code turn_*}, {@code message_*}, {@code tool_execution_*}, {@code auto_retry_*},
 * {@code agent_end}) are read; an assistant message that stops with {@code stopReason: "error"} carries the
 * provider's error, unless a later message (pi's own retry) succeeds. Thinking is one of
 * {@code off|minimal|low|medium|high|xhigh}.
 */
final class PiBackend extends CliBackend {
    PiBackend() {
        super("pi");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return "pi";
    }

    @Override
    boolean promptOnStdin() {
        return false;
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        List<String> args = new ArrayList<>(List.of("--mode", "json", "--no-session"));
        if (request.settings().model() != null && !request.settings().model().isBlank()) {
            args.addAll(List.of("--model", request.settings().model()));
        }
        if (request.settings().effort() != null && !request.settings().effort().isBlank()) {
            args.addAll(List.of("--thinking", request.settings().effort()));
        }
        args.add("@" + request.promptFile());
        return args;
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENROUTER_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY",
                "XAI_API_KEY", "CEREBRAS_API_KEY", "ZAI_API_KEY", "MISTRAL_API_KEY", "PI_CODING_AGENT_DIR");
    }

    @Override
    List<String> credentialFiles() {
        return List.of(".pi/agent/auth.json", ".pi/agent/settings.json");
    }

    @Override
    OutputReader reader() {
        return new EventStream("pi", "agent_end") {
            @Override
            void onEvent(String type, JsonNode event) {
                switch (type) {
                    case "agent_end" -> finished = true;
                    case "auto_retry_start" -> lastError = text(event, "/errorMessage");
                    case "message_end" -> {
                        JsonNode message = event.path("message");
                        if ("assistant".equals(message.path("role").asText())) {
                            fatalError = "error".equals(message.path("stopReason").asText())
                                    ? CodexBackend.firstNonNull(text(message, "/errorMessage"), "model error")
                                    : null;
                        }
                    }
                    default -> {
                    }
                }
            }
        };
    }
}
