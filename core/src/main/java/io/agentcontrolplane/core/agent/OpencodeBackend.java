package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenCode ({@code opencode run --format json}) and its fork Kilo ({@code kilo run --auto --format json}), with the
 * prompt on standard input. Events: {@code step_start}, {@code text}, {@code tool_use}, {@code step_finish} (its
 * {@code reason} is {@code tool-calls} until the last step) and {@code error}; these CLIs may exit 0 after an error
 * event, so the events decide. Effort is passed as {@code --variant} (the provider's reasoning variant). For the
 * opencode backend, option {@code cli: crush} runs Charm's Crush instead, as the original tool did
 * ({@code crush run --quiet --model M --cwd W [--yolo]}, plain text output).
 */
final class OpencodeBackend extends CliBackend {
    private final boolean kilo;

    private OpencodeBackend(String name, boolean kilo) {
        super(name);
        this.kilo = kilo;
    }

    static OpencodeBackend opencode() {
        return new OpencodeBackend("opencode", false);
    }

    static OpencodeBackend kilo() {
        return new OpencodeBackend("kilo", true);
    }

    private static boolean crush(Profile.BackendSettings settings) {
        return "crush".equals(settings.options().getOrDefault("cli", "").strip());
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return kilo ? "kilo" : crush(settings) ? "crush" : "opencode";
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        String model = request.settings().model();
        String effort = request.settings().effort();
        List<String> args = new ArrayList<>();
        if (!kilo && crush(request.settings())) {
            args.addAll(List.of("run", "--quiet", "--cwd", request.workspace().toString()));
            if (model != null && !model.isBlank()) {
                args.addAll(List.of("--model", model));
            }
            if ("bypass".equals(attempt.option("mode", "safe"))) {
                args.add("--yolo");
            }
            return args;
        }
        args.add("run");
        if (kilo) {
            args.add("--auto");
        }
        args.addAll(List.of("--format", "json", "--dir", request.workspace().toString()));
        if (model != null && !model.isBlank()) {
            args.addAll(List.of("--model", model));
        }
        if (effort != null && !effort.isBlank()) {
            args.addAll(List.of("--variant", effort));
        }
        return args;
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENROUTER_API_KEY", "GEMINI_API_KEY",
                "GOOGLE_GENERATIVE_AI_API_KEY", "GROQ_API_KEY", "XAI_API_KEY", "DEEPSEEK_API_KEY", "MISTRAL_API_KEY",
                "AWS_PROFILE", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                kilo ? "KILO_API_KEY" : "OPENCODE_CONFIG", kilo ? "KILOCODE_TOKEN" : "OPENCODE_CONFIG_DIR");
    }

    @Override
    List<String> credentialFiles() {
        return kilo ? List.of(".local/share/kilo/auth.json", ".config/kilo/config.json")
                : List.of(".local/share/opencode/auth.json", ".local/share/crush/crush.json");
    }

    @Override
    OutputReader reader() {
        return new EventStream(name(), "step_finish") {
            @Override
            void onEvent(String type, JsonNode event) {
                if (sessionId == null) {
                    sessionId = text(event, "/sessionID");
                }
                switch (type) {
                    case "step_finish" -> finished = true;
                    case "error" -> fatalError = CodexBackend.firstNonNull(
                            text(event, "/error/data/message", "/error/message", "/message"),
                            CodexBackend.firstNonNull(text(event, "/error/name"), "error event"));
                    default -> {
                    }
                }
            }
        };
    }

    @Override
    Verdict judge(int exitCode, List<String> tail, OutputReader reader) {
        // Crush prints text, not events: the exit code and the last lines decide.
        return reader instanceof EventStream ? super.judge(exitCode, tail, reader) : FailureText.judge(exitCode, tail);
    }
}
