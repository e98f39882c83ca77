package io.agentcontrolplane.core.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends a process and everything it started. A child whose parent has died is re-parented and no longer shows up as
 * a descendant of the agent, so descendants are remembered while the agent runs, and on Linux every process that
 * still carries the attempt's marker variable in its environment ({@code /proc/<pid>/environ}) is found too, however
 * quickly its parent exited.
 */
final class ProcessTree {
    /** The variable each attempt's processes inherit; its value is unique to the attempt. */
    static final String MARKER = "ACP_AGENT_ATTEMPT";

    private final ProcessHandle root;
    private final byte[] marker;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    ProcessTree(ProcessHandle root, String markerValue) {
        this.root = root;
        this.marker = (MARKER + "=" + markerValue).getBytes(StandardCharsets.UTF_8);
    }

    /** Remembers the current descendants (called while the agent runs). */
    synchronized void observe() {
        root.descendants().forEach(seen::add);
    }

    /** Every process of the tree still alive, the root included, after a full search (marker included). */
    synchronized List<ProcessHandle> alive() {
        marked();
        return remembered();
    }

    /** Every remembered process still alive, the root included (a cheap look, without the marker search). */
    private synchronized List<ProcessHandle> remembered() {
        observe();
        List<ProcessHandle> all = new ArrayList<>();
        if (root.isAlive()) {
            all.add(root);
        }
        for (ProcessHandle handle : seen) {
            if (handle.isAlive()) {
                all.add(handle);
            }
        }
        return all;
    }

    private void marked() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return;
        }
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(handle -> {
            if (handle.pid() != self && !seen.contains(handle) && carriesMarker(proc, handle.pid())) {
                seen.add(handle);
            }
        });
    }

    private boolean carriesMarker(Path proc, long pid) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone
        }
        // Entries are NUL-separated: match a whole entry.
        outer:
        for (int start = 0; start + marker.length <= environ.length; start++) {
            if (start > 0 && environ[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < marker.length; i++) {
                if (environ[start + i] != marker[i]) {
                    continue outer;
                }
            }
            int end = start + marker.length;
            if (end == environ.length || environ[end] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks every process of the tree to stop (SIGTERM), waits up to {@code grace}, then kills what is left
     * (SIGKILL). Returns how many processes had to be killed.
     */
    int kill(Duration grace) throws InterruptedException {
        List<ProcessHandle> targets = alive();
        targets.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            targets = remembered();
            if (targets.isEmpty()) {
                // One full search before calling it done: a child may have been re-parented meanwhile.
                targets = alive();
                if (targets.isEmpty()) {
                    return 0;
                }
            }
            // Children started while stopping are stopped too.
            targets.forEach(ProcessHandle::destroy);
            Thread.sleep(50);
        }
        targets = alive();
        targets.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!remembered().isEmpty() && System.nanoTime() < killDeadline) {
            remembered().forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(20);
        }
        return targets.size();
    }
}
