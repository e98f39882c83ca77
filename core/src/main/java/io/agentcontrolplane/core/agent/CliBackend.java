package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A backend that is a command-line program: how to call it, which host variables it needs, and how to read its
 * output. Options every such backend takes: {@code binary} (the program, a name on PATH or a path), {@code passEnv}
 * (more host variables to pass, comma-separated) and {@code extraArgs} (more arguments, space-separated).
 */
abstract class CliBackend implements AgentBackend {
    private final String name;

    CliBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** The program's usual name, looked up on the agent's PATH. */
    abstract String defaultProgram(Profile.BackendSettings settings);

    /** The arguments after the program. */
    abstract List<String> arguments(Attempt attempt);

    /** Host variables this backend needs (its credentials and config locations). */
    Set<String> environmentNames() {
        return Set.of();
    }

    /** Whether the prompt file is fed to standard input. */
    boolean promptOnStdin() {
        return true;
    }

    /** A fresh reader of the program's output lines for one attempt (events, errors), or none. */
    OutputReader reader() {
        return OutputReader.NONE;
    }

    /** Judges the exit; the default reads the last lines for known failure messages. */
    Verdict judge(int exitCode, List<String> tail, OutputReader reader) {
        Verdict fromEvents = reader.verdict(exitCode);
        return fromEvents != null ? fromEvents : FailureText.judge(exitCode, tail);
    }

    /** The version command {@code acp doctor} runs. */
    List<String> versionArguments() {
        return List.of("--version");
    }

    /** Files under the home directory that hold this backend's login, for {@code acp doctor}. */
    List<String> credentialFiles() {
        return List.of();
    }

    /** The program to run: the {@code binary} option, else the backend's usual name. */
    String program(Profile.BackendSettings settings) {
        String configured = settings.options().get("binary");
        return configured != null && !configured.isBlank() ? configured.strip() : defaultProgram(settings);
    }

    @Override
    public Attempted attempt(Attempt attempt) throws InterruptedException {
        List<String> arguments = new ArrayList<>(arguments(attempt));
        for (String extra : attempt.option("extraArgs", "").split("\\s+")) {
            if (!extra.isEmpty()) {
                arguments.add(extra);
            }
        }
        return runOnce(attempt, arguments, Duration.ofSeconds(attempt.request().settings().timeoutSeconds()),
                reader(), promptOnStdin());
    }

    /** Runs the program once with these arguments, supervised, its output judged by the exit code and last lines. */
    Attempted runOnce(Attempt attempt, List<String> arguments, Duration timeout) throws InterruptedException {
        return runOnce(attempt, arguments, timeout, OutputReader.NONE, false);
    }

    private Attempted runOnce(Attempt attempt, List<String> arguments, Duration timeout, OutputReader reader,
            boolean stdin) throws InterruptedException {
        AgentRequest request = attempt.request();
        Map<String, String> env = environment(attempt);
        String program = program(request.settings());
        if (program == null || program.isBlank()) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION,
                    "no command configured for the " + name + " backend (agent.backends." + name + ".command)");
        }
        Path resolved = Executables.find(program, env.get("PATH"), request.workspace()).orElse(null);
        if (resolved == null) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION, "the " + name + " backend's program '" + program
                    + "' was not found " + (program.contains("/") ? "" : "on the agent's PATH (" + env.get("PATH") + ")")
                    + "; install it or set agent.backends." + name + ".options.binary");
        }
        if (!Files.isExecutable(resolved)) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION,
                    "the " + name + " backend's program " + resolved + " is not executable (chmod +x)");
        }
        List<String> command = new ArrayList<>();
        command.add(resolved.toString());
        command.addAll(arguments);
        attempt.log().listen(reader);
        attempt.log().note("attempt " + attempt.number() + ": " + String.join(" ", quoted(shortened(command))));
        ProcessSupervisor.Launch launch = new ProcessSupervisor.Launch(command, env, request.workspace(),
                stdin ? request.promptFile() : null, timeout,
                Duration.ofSeconds(request.settings().stallSeconds()),
                List.of(request.workspace(), request.runDirectory()));
        ProcessSupervisor.Ended ended;
        try {
            ended = attempt.supervisor().run(launch, attempt.log());
        } catch (IOException e) {
            return Attempted.notStarted(AgentFailure.CONFIGURATION,
                    "the " + name + " backend's program " + resolved + " could not be started: " + e.getMessage());
        }
        if (ended.stoppedFor() != null) {
            return new Attempted(Verdict.failed(ended.stoppedFor(), ended.detail()), null, true);
        }
        return new Attempted(judge(ended.exitCode(), attempt.log().tail(), reader), ended.exitCode(), true);
    }

    /** The agent's environment: the allow-list, this backend's variables, {@code passEnv}, the run's variables. */
    Map<String, String> environment(Attempt attempt) {
        AgentRequest request = attempt.request();
        Set<String> names = new LinkedHashSet<>(environmentNames());
        for (String extra : attempt.option("passEnv", "").split(",")) {
            if (!extra.isBlank()) {
                names.add(extra.strip());
            }
        }
        Map<String, String> run = new LinkedHashMap<>();
        run.putIfAbsent("ACP_PROMPT_FILE", request.promptFile().toString());
        run.putIfAbsent("ACP_RUN_DIR", request.runDirectory().toString());
        run.putIfAbsent("ACP_BACKEND", name);
        run.putAll(request.environment());
        return AgentEnvironment.build(attempt.hostEnvironment(), names, run, request.secrets());
    }

    /** A prompt passed as an argument is not copied whole into the log's command line. */
    private static List<String> shortened(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.length() > 200 ? part.substring(0, 120).replace('\n', ' ') + "... (" + part.length()
                    + " characters)" : part);
        }
        return out;
    }

    private static List<String> quoted(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.isEmpty() || part.matches(".*[\\s'\"$`\\\\].*") ? "'" + part.replace("'", "'\\''") + "'"
                    : part);
        }
        return out;
    }

    /** Reads a backend's output lines as they come; tells what the events said when the program has exited. */
    interface OutputReader extends Consumer<String> {
        OutputReader NONE = new OutputReader() {
            @Override
            public void accept(String line) {
            }

            @Override
            public Verdict verdict(int exitCode) {
                return null;
            }
        };

        /** The verdict the events give, or {@code null} to leave it to the exit code and the last lines. */
        Verdict verdict(int exitCode);
    }
}
