package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp service}: runs {@code acp run} as a systemd user service. */
@Command(name = "service", description = "Runs acp run as a systemd user service.",
        subcommands = ServiceCommand.Install.class)
final class ServiceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "install", description = "Writes a systemd user unit that runs acp run for the profiles"
            + " (~/.config/systemd/user/NAME.service), or prints it (--print).")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--profile", required = true, arity = "1..*", paramLabel = "FILE",
                description = "The profiles.")
        List<Path> profileFiles;

        @Option(names = "--worker-command", paramLabel = "CMD",
                description = "A custom worker command instead of acp worker (as for acp run).")
        String workerCommand;

        @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
                description = "As for acp run (default: ${DEFAULT-VALUE}).")
        long interval;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "acp",
                description = "The unit's name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--env-file", paramLabel = "FILE", defaultValue = "%h/.config/acp/env",
                description = "Where the service reads its environment, the token variables (default:"
                        + " ${DEFAULT-VALUE}; %%h is the home directory).")
        String envFile;

        @Option(names = "--print", description = "Print the unit; write nothing.")
        boolean print;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9_.@-]{1,100}")) {
                throw new AcpCommand.InputException("--name: '" + name + "' is not a unit name (letters, digits,"
                        + " _ . @ -)");
            }
            List<Profile> profiles = new ArrayList<>();
            List<String> command = new ArrayList<>(launcher());
            command.add("run");
            for (Path file : profileFiles) {
                profiles.add(Standalone.loadProfile(file));
                command.add("--profile");
                command.add(file.toAbsolutePath().normalize().toString());
            }
            if (workerCommand != null) {
                HeartbeatCommand.split(workerCommand);
                command.addAll(List.of("--worker-command", workerCommand));
            }
            command.addAll(List.of("--interval", String.valueOf(interval)));
            String unit = unit(profiles.stream().map(Profile::id).collect(Collectors.joining(", ")), command, envFile);
            PrintWriter out = spec.commandLine().getOut();
            if (print) {
                out.print(unit);
                return 0;
            }
            String config = System.getenv("XDG_CONFIG_HOME");
            Path dir = (config != null && !config.isBlank() ? Path.of(config)
                    : Path.of(System.getProperty("user.home"), ".config")).resolve("systemd/user");
            Path file = dir.resolve(name + ".service");
            try {
                Files.createDirectories(dir);
                Files.writeString(file, unit);
            } catch (IOException e) {
                throw new AcpCommand.InputException("cannot write " + file + ": " + e.getMessage());
            }
            out.println("wrote " + file);
            out.println("next: put the token variables in " + envFile.replace("%h", System.getProperty("user.home"))
                    + ", then: systemctl --user daemon-reload && systemctl --user enable --now " + name);
            return 0;
        }

        /** How this {@code acp} was started: {@code java -jar acp.jar}, or the class path it runs from. */
        static List<String> launcher() {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            try {
                Path code = Path.of(AcpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(code)) {
                    return List.of(java, "-jar", code.toString());
                }
            } catch (URISyntaxException | RuntimeException e) {
                // fall back to the class path
            }
            return List.of(java, "-cp", System.getProperty("java.class.path"), AcpCommand.class.getName());
        }

        /**
         * The unit. SIGTERM goes to acp run alone (KillMode=mixed), which lets running work finish or hands it
         * back within its stop grace, well inside TimeoutStopSec; only then would systemd kill what is left.
         */
        static String unit(String profiles, List<String> command, String envFile) {
            return "[Unit]\n"
                    + "Description=Agent Control Plane: acp run (" + profiles + ")\n"
                    + "After=network-online.target\n"
                    + "Wants=network-online.target\n"
                    + "\n"
                    + "[Service]\n"
                    + "Type=simple\n"
                    + "ExecStart=" + command.stream().map(ServiceCommand::quote).collect(Collectors.joining(" "))
                    + "\n"
                    + "EnvironmentFile=-" + envFile + "\n"
                    + "Restart=on-failure\n"
                    + "RestartSec=10\n"
                    + "KillSignal=SIGTERM\n"
                    + "KillMode=mixed\n"
                    + "TimeoutStopSec=120\n"
                    + "\n"
                    + "[Install]\n"
                    + "WantedBy=default.target\n";
        }
    }

    /** A word of ExecStart: quoted when it must be, {@code %} and {@code $} escaped for systemd. */
    static String quote(String word) {
        String escaped = word.replace("%", "%%").replace("$", "$$");
        if (!escaped.isEmpty() && escaped.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''
                || c == '\\' || c == ';')) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
