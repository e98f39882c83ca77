package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code command} backend: any program, given as {@code agent.backends.command.command}. {@code {prompt}} in an
 * argument stands for the prompt file; the prompt is also on standard input and in {@code ACP_PROMPT_FILE}. Its
 * exit code and last lines decide how it ended.
 */
final class CommandBackend extends CliBackend {
    static final String PROMPT_PLACEHOLDER = "{prompt}";

    CommandBackend() {
        super("command");
    }

    @Override
    String defaultProgram(Profile.BackendSettings settings) {
        List<String> command = settings.command();
        return command.isEmpty() ? null : command.get(0);
    }

    @Override
    List<String> arguments(Attempt attempt) {
        List<String> command = attempt.request().settings().command();
        List<String> args = new ArrayList<>();
        for (String arg : command.subList(Math.min(1, command.size()), command.size())) {
            args.add(arg.replace(PROMPT_PLACEHOLDER, attempt.request().promptFile().toString()));
        }
        return args;
    }
}
