package io.agentcontrolplane.core.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.run.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The original's host verification recovery: when an agent recorded no passing verification, the host runs the
 * profile's {@code repository.verifyCommands} in the run's workspace and appends each result to the run's
 * verification journal with the note {@value #NOTE}, so the verification guard can let the branch through. Unlike the
 * original, the commands come from the profile, never from the prompt or issue text, and run with a scrubbed
 * environment (no token); each is stopped with its process tree after {@link #TIMEOUT}.
 */
final class HostVerification {
    static final String NOTE = "host-recovery-after-missing-worker-verification";
    /** How long one command may run. */
    static final Duration TIMEOUT = Duration.ofMinutes(20);
    /** The command's output, beside the journal. */
    static final String LOG = "host-verification.log";
    /** The only variables the commands see: nothing of the control plane's (its token above all). */
    private static final List<String> KEPT_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    HostVerification(Clock clock) {
        this.clock = clock;
    }

    /** Whether the journal already holds the host's recovery: it is tried once per run. */
    static boolean attempted(String journal) {
        return journal != null && journal.contains("\"" + NOTE + "\"");
    }

    /**
     * Runs every command in {@code workspace}, in order, until one fails; appends each result to the journal.
     *
     * @return whether every command passed
     */
    boolean run(List<String> commands, Path workspace, Path runDir) throws IOException, InterruptedException {
        if (commands.isEmpty()) {
            return false;
        }
        Path log = runDir.resolve(LOG);
        for (String command : commands) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(workspace.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = new HashMap<>();
            for (String name : KEPT_ENV) {
                String v = System.getenv(name);
                if (v != null) {
                    env.put(name, v);
                }
            }
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean ended = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            boolean passed = ended && p.exitValue() == 0;
            record(runDir, command, passed, ended ? null : "stopped after " + TIMEOUT.toMinutes() + " minutes");
            if (!passed) {
                return false;
            }
        }
        return true;
    }

    private void record(Path runDir, String command, boolean passed, String why) throws IOException {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("timestamp", clock.instant().toString());
        entry.put("status", passed ? "pass" : "fail");
        entry.put("command", command);
        entry.put("note", why == null ? NOTE : NOTE + "; " + why);
        Path journal = runDir.resolve(RunFiles.VERIFICATION);
        // An agent's last line without its newline must not swallow ours.
        boolean open = Files.isRegularFile(journal) && Files.size(journal) > 0
                && !Files.readString(journal, StandardCharsets.UTF_8).endsWith("\n");
        Files.writeString(journal, (open ? "\n" : "") + JSON.writeValueAsString(entry) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
