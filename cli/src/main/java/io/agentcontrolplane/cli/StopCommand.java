package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp stop}: asks the {@code acp run} of the profiles to stop cleanly (SIGTERM) and waits for it. */
@Command(name = "stop", description = "Stops the acp run that runs the profiles: sends it SIGTERM (running work"
        + " finishes or is handed back, agent-running is removed from its items) and waits until it has exited.")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, arity = "1..*", paramLabel = "FILE", description = "The profiles.")
    List<Path> profileFiles;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for it to exit (default: ${DEFAULT-VALUE}); exit 1 if it has not.")
    long waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Map<Long, ProcessHandle> processes = new LinkedHashMap<>();
        for (Path file : profileFiles) {
            Profile profile = Standalone.loadProfile(file);
            Path state = Standalone.stateDir(profile, null);
            Optional<RunMarker> marker = RunMarker.read(state);
            Optional<ProcessHandle> process = marker.flatMap(RunMarker::process);
            if (process.isEmpty()) {
                out.println("profile " + profile.id() + ": no acp run is running it");
                continue;
            }
            processes.put(marker.get().pid(), process.get());
            out.println("profile " + profile.id() + ": stopping acp run (pid " + marker.get().pid() + ")");
        }
        out.flush();
        for (ProcessHandle p : processes.values()) {
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        for (Map.Entry<Long, ProcessHandle> e : processes.entrySet()) {
            while (e.getValue().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (e.getValue().isAlive()) {
                throw new AcpCommand.InputException("acp run (pid " + e.getKey() + ") is still stopping after "
                        + waitSeconds + " s; it finishes its running work first (--wait to wait longer)");
            }
            out.println("acp run (pid " + e.getKey() + ") stopped");
        }
        return 0;
    }
}
