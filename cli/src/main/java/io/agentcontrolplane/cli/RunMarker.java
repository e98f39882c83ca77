package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code <stateDir>/acp-run.json}: which {@code acp run} process runs a profile, so that a second one refuses to
 * start and {@code acp stop} knows whom to ask to stop. A marker whose process is gone (a crash, a kill -9) is
 * stale and is simply replaced.
 *
 * @param processStartedAt the process's start time, against a recycled pid
 */
record RunMarker(long pid, Instant processStartedAt, Instant startedAt, List<String> profiles) {
    static final String FILE = "acp-run.json";

    static RunMarker ofThisProcess(List<String> profiles) {
        ProcessHandle self = ProcessHandle.current();
        return new RunMarker(self.pid(), self.info().startInstant().orElse(null), Instant.now(), profiles);
    }

    static Optional<RunMarker> read(Path stateDir) {
        try {
            return Optional.of(StateJson.mapper().readValue(Files.readAllBytes(stateDir.resolve(FILE)),
                    RunMarker.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: no process can be named from it; it is replaced on the next run
        }
    }

    /** The process, if it is still the one that wrote the marker. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> processStartedAt == null
                || h.info().startInstant().map(processStartedAt::equals).orElse(true));
    }

    void write(Path stateDir) {
        try {
            DurableFiles.writeAtomically(stateDir.resolve(FILE), StateJson.bytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE), e);
        }
    }

    /** Removes the marker if it is this one's (never another run's). */
    void remove(Path stateDir) {
        if (read(stateDir).filter(m -> m.pid() == pid).isPresent()) {
            try {
                DurableFiles.delete(stateDir.resolve(FILE));
            } catch (IOException e) {
                // a stale marker is replaced by the next run
            }
        }
    }
}
