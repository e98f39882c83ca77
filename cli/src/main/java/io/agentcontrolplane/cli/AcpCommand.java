package io.agentcontrolplane.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The standalone runtime: {@code acp <command>}. */
// INHERIT: -h/--help and -V/--version on every subcommand, before its required options are checked.
@Command(name = "acp", mixinStandardHelpOptions = true, versionProvider = AcpCommand.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Agent Control Plane: keeps AI coding agents working a GitHub repository's backlog.")
public final class AcpCommand implements Runnable {
    /**
     * Every subcommand, in the order {@code acp --help} lists them. Registered here rather than in the annotation so
     * that a command line naming one builds the model of that one alone: picocli's reflection over every command
     * is most of {@code acp}'s start-up.
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(
            DemoCommand.class, RunCommand.class, StopCommand.class, StatusCommand.class, WhyCommand.class,
            HistoryCommand.class, InitCommand.class, ServiceCommand.class, PlanCommand.class, ValidateCommand.class,
            HeartbeatCommand.class, WorkerCommand.class, OutboxCommand.class, SandboxCommand.class,
            AssessPrCommand.class, DashboardCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class);

    /** Exit code for invalid input (a profile, a world file, a state directory). */
    public static final int EXIT_INVALID = 1;
    /** Exit code for a command line that does not parse. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of {@code acp heartbeat --once} when the heartbeat failed (nothing could be planned). */
    public static final int EXIT_HEARTBEAT_FAILED = 3;
    /**
     * Exit code when the command ran but what it did or checked did not succeed: {@code acp worker}'s run ended
     * failed (its run record says why), an {@code acp doctor} check failed, {@code acp demo --once} did not reach
     * some end state. The one value docs/cli.md's table lists for all three.
     */
    public static final int EXIT_UNSUCCESSFUL = 4;

    /** The environment the commands read (the token variable); the process's own but in tests. */
    final Map<String, String> env;

    AcpCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * The HTTP and GitHub libraries log through java.util.logging (hub4j logs every refused connection with a stack
     * of retries); {@code acp} reports what matters in its own words, one line per problem.
     */
    static void silenceLibraryLogging() {
        // JGit (in the sandbox) logs through SLF4J, which has no backend here and says so on every start.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }

    /** Runs a command line with the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, System.getenv(), args);
    }

    /** Runs a command line with the given streams and environment; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        silenceLibraryLogging();
        CommandLine cli = commandLine(new AcpCommand(env), args.length == 0 ? null : args[0]);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InputException) {
                commandLine.getErr().println("acp: " + e.getMessage());
                return EXIT_INVALID;
            }
            if (e instanceof CommandLine.ParameterException pe) {
                commandLine.getErr().println(pe.getMessage());
                pe.getCommandLine().usage(commandLine.getErr());
                return EXIT_USAGE;
            }
            throw e;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line of {@code acp}: with only the subcommand {@code first} names, when it names one (but
     * {@code help}), else with all of them.
     */
    static CommandLine commandLine(AcpCommand acp, String first) {
        CommandLine cli = new CommandLine(acp);
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && command.name().equals(first) && c != CommandLine.HelpCommand.class) {
                only = c;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                cli.addSubcommand(c);
            }
        }
        return cli;
    }

    /** Bad input: the message names the file and field, and the command exits {@value #EXIT_INVALID}. */
    public static final class InputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InputException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AcpCommand.class.getPackage().getImplementationVersion();
            return new String[] {"acp " + (v == null ? "development build" : v)};
        }
    }
}
