package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Codex CLI: {@code codex exec --json} with the prompt on standard input ({@code -}). Its JSON events
 * ({@code thread.started}, {@code turn.started}, {@code item.*}, {@code turn.completed}, {@code turn.failed},
 * {@code error}) are read for the outcome. Options: {@code mode} ({@code safe}, the default: {@code --full-auto};
 * {@code bypass}: no sandbox, no approvals), {@code profile} (a {@code ~/.codex/config.toml} profile).
 */
final class CodexBackend extends CliBackend {
    CodexBackend() {
        super("codex");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return "codex";
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        List<String> args = new ArrayList<>(List.of("exec", "--json", "--skip-git-repo-check",
                "--cd", request.workspace().toString(), "--add-dir", request.runDirectory().toString()));
        if ("bypass".equals(attempt.option("mode", "safe"))) {
            args.add("--dangerously-bypass-approvals-and-sandbox");
        } else {
            args.add("--full-auto");
        }
        String profile = attempt.option("profile", null);
        if (profile != null) {
            args.addAll(List.of("--profile", profile));
        }
        if (request.settings().model() != null && !request.settings().model().isBlank()) {
            args.addAll(List.of("--model", request.settings().model()));
        }
        if (request.settings().effort() != null && !request.settings().effort().isBlank()) {
            args.addAll(List.of("--config", "model_reasoning_effort=" + request.settings().effort()));
        }
        args.add("-");
        return args;
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("OPENAI_API_KEY", "CODEX_API_KEY", "CODEX_HOME", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
                "OPENAI_PROJECT_ID");
    }

    @Override
    List<String> credentialFiles() {
        return List.of(".codex/auth.json");
    }

    @Override
    OutputReader reader() {
        return new EventStream("codex", "turn.completed") {
            @Override
            void onEvent(String type, JsonNode event) {
                switch (type) {
                    case "thread.started" -> sessionId = text(event, "/thread_id");
                    case "turn.completed" -> finished = true;
                    case "turn.failed" -> fatalError = firstNonNull(text(event, "/error/message"), "turn failed");
                    case "error" -> lastError = text(event, "/message", "/error/message");
                    default -> {
                    }
                }
            }
        };
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
