package io.agentcontrolplane.core.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Local processes; each attempt's tree is tracked by {@link ProcessTree} (descendants and a marker variable). */
final class LocalProcesses implements ProcessStarter {
    @Override
    public Started start(List<String> command, Map<String, String> environment, Path directory, Path stdin)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(stdin == null
                        ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        String marker = UUID.randomUUID().toString();
        builder.environment().put(ProcessTree.MARKER, marker);
        Process process = builder.start();
        return new Local(process, new ProcessTree(process.toHandle(), marker));
    }

    private record Local(Process process, ProcessTree tree) implements Started {
        @Override
        public InputStream output() {
            return process.getInputStream();
        }

        @Override
        public boolean waitFor(Duration time) throws InterruptedException {
            boolean exited = process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                tree.observe();
            }
            return exited;
        }

        @Override
        public int exitValue() {
            return process.exitValue();
        }

        @Override
        public String name() {
            return Long.toString(process.pid());
        }

        @Override
        public int stopTree(Duration grace) throws InterruptedException {
            return tree.kill(grace);
        }

        @Override
        public int stopLeftovers(Duration grace) throws InterruptedException {
            int left = tree.alive().size();
            if (left > 0) {
                tree.kill(grace);
            }
            return left;
        }
    }
}
