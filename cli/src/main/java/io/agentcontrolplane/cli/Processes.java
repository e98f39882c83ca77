package io.agentcontrolplane.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Process checks the JDK does not make. */
final class Processes {
    private Processes() {
    }

    /**
     * Alive and not a zombie. A worker's children are orphaned when it stops; where nothing collects orphans (a
     * container whose first process does not), they stay zombies, which {@link ProcessHandle#isAlive()} counts as
     * alive although they run nothing.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        try {
            return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc/self")) && p.isAlive(); // no /proc here: trust the JDK
        } catch (IOException e) {
            return p.isAlive();
        }
    }
}
