package io.jenkins.plugins.acp.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import io.agentcontrolplane.core.agent.ProcessStarter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starts an agent's processes through the build's {@link Launcher}, on the node the step runs on. The launcher adds
 * the node's own environment to what it is given, so every variable of the node that the engine's allow-list did not
 * pass is overridden with an empty value, which removes it: the agent gets exactly the engine's environment (never
 * a GitHub token). Stopping goes through {@link Proc#kill()}, which ends every process carrying the attempt's
 * variables.
 */
final class LauncherProcesses implements ProcessStarter {
    /** The variable each attempt's processes inherit, unique to the attempt (as for local processes). */
    static final String MARKER = "ACP_AGENT_ATTEMPT";

    private final Launcher launcher;
    private final Set<String> nodeVariables;

    LauncherProcesses(Launcher launcher, Set<String> nodeVariables) {
        this.launcher = launcher;
        this.nodeVariables = Set.copyOf(nodeVariables);
    }

    /** The launcher's environment for exactly {@code environment}: the node's other variables blanked out. */
    static Map<String, String> overrides(Map<String, String> environment, Set<String> nodeVariables) {
        Map<String, String> out = new HashMap<>();
        for (String name : nodeVariables) {
            out.put(name, "");
        }
        out.putAll(environment);
        return out;
    }

    @Override
    public Started start(List<String> command, Map<String, String> environment, Path directory, Path stdin)
            throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.put(MARKER, UUID.randomUUID().toString());
        Launcher.ProcStarter starter = launcher.launch().cmds(command).envs(overrides(env, nodeVariables))
                .pwd(new FilePath(directory.toFile())).readStdout().quiet(true);
        InputStream in = stdin == null ? null : Files.newInputStream(stdin);
        if (in != null) {
            starter.stdin(in);
        }
        Proc proc = starter.start();
        return new Launched(proc, in);
    }

    private record Launched(Proc proc, InputStream stdin) implements Started {
        @Override
        public InputStream output() {
            return proc.getStdout();
        }

        @Override
        public boolean waitFor(Duration time) throws InterruptedException {
            long deadline = System.nanoTime() + time.toNanos();
            try {
                while (proc.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
                }
                return true;
            } catch (IOException e) {
                // the channel to the node is gone: the process is as good as ended
                return true;
            }
        }

        @Override
        public int exitValue() {
            try {
                return proc.join();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } finally {
                closeStdin();
            }
        }

        @Override
        public String name() {
            return "launcher";
        }

        @Override
        public int stopTree(Duration grace) throws InterruptedException {
            kill();
            return 0;
        }

        @Override
        public int stopLeftovers(Duration grace) throws InterruptedException {
            // Proc#kill also ends processes left behind that still carry the attempt's variables.
            kill();
            return 0;
        }

        private void kill() throws InterruptedException {
            try {
                proc.kill();
            } catch (IOException e) {
                // the node's channel is gone, and its processes with it
            } finally {
                closeStdin();
            }
        }

        private void closeStdin() {
            if (stdin != null) {
                try {
                    stdin.close();
                } catch (IOException e) {
                    // nothing was left to feed
                }
            }
        }
    }
}
