package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OpenClaw in embedded mode. First {@code openclaw agents add <id> --model M --workspace W --agent-dir D
 * --non-interactive --json} (an existing agent is fine), then {@code openclaw agent --agent <id> --session-id <run>
 * --local --json --timeout T [--thinking L] --message <prompt>}. The agent directory is inside the run directory, so
 * its session files count as progress. OpenClaw prints one JSON payload at the end, not a stream: the exit code and
 * the last lines decide (usage limit, invalid key, unknown model, context length).
 */
final class OpenclawBackend extends CliBackend {
    /** Above this the prompt is not passed as an argument (the kernel caps one argument at 128 KiB). */
    static final int MAX_MESSAGE_CHARS = 100_000;

    OpenclawBackend() {
        super("openclaw");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        return "openclaw";
    }

    @Override
    boolean promptOnStdin() {
        return false;
    }

    static String agentId(AgentRequest request) {
        String custom = request.settings().options().get("agentId");
        if (custom != null && !custom.isBlank()) {
            return custom.strip();
        }
        return ("acp-" + request.runId()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    }

    static Path agentDir(AgentRequest request) {
        return request.runDirectory().resolve("openclaw-agent");
    }

    @Override
    List<String> arguments(Attempt attempt) {
        AgentRequest request = attempt.request();
        List<String> args = new ArrayList<>(List.of("agent", "--agent", agentId(request), "--session-id",
                request.runId() + "-" + attempt.number(), "--local", "--json",
                "--timeout", Integer.toString(request.settings().timeoutSeconds())));
        if (request.settings().effort() != null && !request.settings().effort().isBlank()) {
            args.addAll(List.of("--thinking", request.settings().effort()));
        }
        args.addAll(List.of("--message", message(request)));
        return args;
    }

    private static String message(AgentRequest request) {
        try {
            String prompt = Files.readString(request.promptFile());
            if (prompt.length() <= MAX_MESSAGE_CHARS) {
                return prompt;
            }
        } catch (IOException e) {
            // Fall through: the agent reads the file itself.
        }
        return "Read the file " + request.promptFile() + " and carry out the task it describes.";
    }

    @Override
    Set<String> environmentNames() {
        return Set.of("OPENROUTER_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY",
                "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_HOME");
    }

    @Override
    List<String> credentialFiles() {
        return List.of(".openclaw/openclaw.json");
    }

    @Override
    public Attempted attempt(Attempt attempt) throws InterruptedException {
        AgentRequest request = attempt.request();
        if (attempt.number() == 1) {
            // Registering the agent is a short call of its own; its failure is the run's (e.g. a wrong model).
            List<String> add = new ArrayList<>(List.of("agents", "add", agentId(request), "--workspace",
                    request.workspace().toString(), "--agent-dir", agentDir(request).toString(),
                    "--non-interactive", "--json"));
            if (request.settings().model() != null && !request.settings().model().isBlank()) {
                add.addAll(List.of("--model", request.settings().model()));
            }
            Attempted registered = runOnce(attempt, add, Duration.ofSeconds(120));
            if (!registered.verdict().ok() && !mentionsExisting(attempt.log().tail())) {
                return registered;
            }
        }
        return super.attempt(attempt);
    }

    private static boolean mentionsExisting(List<String> tail) {
        return tail.stream().anyMatch(line -> line.toLowerCase(Locale.ROOT).contains("already exists"));
    }
}
