package io.agentcontrolplane.core.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where an agent's processes start: as local processes (the standalone runtime, {@link #LOCAL}) or, in Jenkins, on
 * the build's agent through its launcher. Everything around the start (the backend's command line and environment,
 * supervision against the timeout and stalls, retries, classification of how it ended) is the same engine code for
 * both.
 */
public interface ProcessStarter {
    /** Local processes, each attempt's process tree found by a marker variable. */
    ProcessStarter LOCAL = new LocalProcesses();

    /**
     * Starts a process with exactly this environment (nothing else of the host's), its standard error merged into
     * its standard output.
     *
     * @param stdin a file fed to standard input, or {@code null} for none
     * @throws IOException when it cannot be started at all (the program is missing or not executable)
     */
    Started start(List<String> command, Map<String, String> environment, Path directory, Path stdin)
            throws IOException;

    /** A started process. */
    interface Started {
        /** Its output (standard output and error, merged). */
        InputStream output();

        /** Waits up to {@code time}; whether it has exited. */
        boolean waitFor(Duration time) throws InterruptedException;

        /** Its exit code, once it has exited. */
        int exitValue();

        /** A short name for thread names and notes (a pid where there is one). */
        String name();

        /**
         * Stops it and every process it started, SIGTERM then, after {@code grace}, SIGKILL where that can be told
         * apart; returns how many had to be killed (0 when the starter cannot tell).
         */
        int stopTree(Duration grace) throws InterruptedException;

        /**
         * After a normal exit: stops processes it left running; returns how many there were (0 when none or when the
         * starter cannot tell).
         */
        int stopLeftovers(Duration grace) throws InterruptedException;
    }
}
