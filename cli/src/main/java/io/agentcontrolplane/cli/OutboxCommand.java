package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.outbox.FlushReport;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.outbox.OutboxEntry;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.forge.github.GitHubForge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp outbox}: the GitHub write outbox of a profile, for operators. */
@Command(name = "outbox", description = "Shows and operates the GitHub write outbox of a profile (list, flush, retry,"
        + " drop). Without a subcommand: list.",
        subcommands = {OutboxCommand.ListSub.class, OutboxCommand.FlushSub.class, OutboxCommand.RetrySub.class,
            OutboxCommand.DropSub.class})
final class OutboxCommand implements Callable<Integer> {
    /** {@code --profile} and {@code --state}, accepted before or after the subcommand. */
    static final class Target {
        @Option(names = "--profile", paramLabel = "FILE", description = "The profile (YAML).")
        Path profileFile;

        @Option(names = "--state", paramLabel = "DIR",
                description = "The state directory (default: the profile's workspace.stateDir).")
        Path stateDir;
    }

    @ParentCommand
    AcpCommand acp;

    @Mixin
    Target target;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "With list: also the done and dropped intents.")
    boolean all;

    @Override
    public Integer call() {
        return list(target, all);
    }

    /** The profile and the outbox that a subcommand acts on. */
    private record Opened(Profile profile, Path stateDir, Outbox outbox) {
    }

    private Opened open(Target own) {
        Path file = own.profileFile != null ? own.profileFile : target.profileFile;
        if (file == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--profile=FILE' (before or after the subcommand)");
        }
        Profile profile = Standalone.loadProfile(file);
        Path explicit = own.stateDir != null ? own.stateDir : target.stateDir;
        if (explicit != null) {
            Standalone.requireStateDir(explicit, "--state");
        }
        Path state = Standalone.stateDir(profile, explicit);
        return new Opened(profile, state, Outbox.open(state, profile.schedules().retryCooldowns()));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    int list(Target own, boolean everything) {
        Opened o = open(own);
        List<OutboxEntry> entries = o.outbox().list().stream()
                .filter(e -> everything || e.state() == OutboxEntry.State.PENDING
                        || e.state() == OutboxEntry.State.FAILED)
                .toList();
        PrintWriter out = out();
        if (!java.nio.file.Files.isDirectory(o.stateDir())) {
            out.println("no state yet in " + o.stateDir() + ": nothing has run for profile " + o.profile().id());
            return 0;
        }
        o.outbox().rateLimitedUntil().ifPresent(until -> out.println("rate-limited until " + PlanText.time(until)
                + ": flushes send nothing before then"));
        if (entries.isEmpty()) {
            out.println(everything ? "the outbox is empty" : "no pending or failed intents");
            return 0;
        }
        for (OutboxEntry e : entries) {
            out.println(line(e));
        }
        return 0;
    }

    /** {@code <id> <state> <kind> <item> <key> attempts=N next=<instant|-> error=<text|->}. */
    static String line(OutboxEntry e) {
        String state = e.state().name().toLowerCase(java.util.Locale.ROOT);
        Intent i = e.intent();
        if (i == null) {
            return e.id() + " " + state + " (unreadable) error=" + oneLine(e.reason());
        }
        String item = Optional.ofNullable(i.item()).map(Object::toString).orElse(i.lane());
        String error = e.reason() != null ? e.reason() : i.lastError();
        return e.id() + " " + state + " " + i.kind().shortName() + " " + item + " " + i.key() + " attempts="
                + i.attempts() + " next=" + PlanText.time(i.nextAttemptAt()) + " error="
                + (error == null ? "-" : oneLine(error));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    @Command(name = "list", description = "Lists the pending and failed intents, one a line: id, state, kind, item,"
            + " key, attempts, next attempt, last error.")
    static final class ListSub implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        Target target;

        @Option(names = "--all", description = "Also the done and dropped intents.")
        boolean all;

        @Override
        public Integer call() {
            return outbox.list(target, all || outbox.all);
        }
    }

    @Command(name = "flush", description = "Applies pending intents to GitHub now and prints what each did.")
    static final class FlushSub implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        Target target;

        @Option(names = "--limit", paramLabel = "N", description = "At most N intents (default: ${DEFAULT-VALUE}).")
        int limit = Heartbeat.FLUSH_LIMIT;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new AcpCommand.InputException("--limit: must be at least 1, got " + limit);
            }
            Opened o = outbox.open(target);
            GitHubForge forge = Standalone.forge(o.profile(), outbox.acp.env, o.stateDir());
            try {
                Standalone.requireWriteAccess(o.profile(), forge);
            } catch (ForgeException e) {
                throw Standalone.explain(o.profile(), e);
            }
            FlushReport report = o.outbox().flush(forge, limit);
            PrintWriter out = outbox.out();
            out.println(report);
            out.println(Standalone.cost(forge.stats()));
            return 0;
        }
    }

    @Command(name = "retry", description = "Puts a failed intent back to pending, its attempts reset.")
    static final class RetrySub implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        Target target;

        @Parameters(index = "0", paramLabel = "ID", description = "The intent's id, as listed.")
        String id;

        @Override
        public Integer call() {
            Opened o = outbox.open(target);
            try {
                Intent retried = o.outbox().retry(id);
                outbox.out().println("retrying " + retried.id() + " (" + retried.kind().shortName() + " "
                        + retried.key() + "): pending again");
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new AcpCommand.InputException(explain(o.outbox(), id, e, "failed"));
            }
        }
    }

    @Command(name = "drop", description = "Removes a pending or failed intent without applying it (kept in dropped/).")
    static final class DropSub implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        Target target;

        @Parameters(index = "0", paramLabel = "ID", description = "The intent's id, as listed.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept with the intent).")
        String reason;

        @Override
        public Integer call() {
            Opened o = outbox.open(target);
            try {
                OutboxEntry dropped = reason == null ? o.outbox().drop(id) : o.outbox().drop(id, reason);
                outbox.out().println("dropped " + dropped.id() + ": " + dropped.reason());
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new AcpCommand.InputException(explain(o.outbox(), id, e, "pending or failed"));
            }
        }
    }

    /** Why an intent cannot be acted on: unknown, or in the wrong state. */
    static String explain(Outbox outbox, String id, RuntimeException e, String expected) {
        Optional<OutboxEntry> found = outbox.list().stream().filter(x -> x.id().equals(id)).findFirst();
        if (found.isEmpty()) {
            return "no outbox intent " + id + " in " + outbox.root() + " (acp outbox list --all shows them)";
        }
        String state = found.get().state().name().toLowerCase(java.util.Locale.ROOT);
        if (e instanceof IllegalArgumentException) {
            return "outbox intent " + id + " is " + state + ", not " + expected;
        }
        return e.getMessage();
    }
}
