package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a CLI's stream of JSON events (one object a line) and remembers what decides how the run ended: whether the
 * final event came, the error it carried, and the last error reported on the way. Lines that are not JSON (warnings
 * on stderr, progress text) are ignored here; they are in the log and the tail.
 */
abstract class EventStream implements CliBackend.OutputReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String backend;
    private final String finalEvent;
    /** Whether the final event was seen. */
    boolean finished;
    /** The error the final event (or a fatal event) carried, or {@code null}. */
    String fatalError;
    /** The last error reported along the way (may have been retried by the CLI itself). */
    String lastError;
    /** The CLI's session or thread id, when it names one. */
    String sessionId;

    EventStream(String backend, String finalEvent) {
        this.backend = backend;
        this.finalEvent = finalEvent;
    }

    @Override
    public final void accept(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return;
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(trimmed);
        } catch (IOException e) {
            return;
        }
        if (event != null && event.isObject()) {
            onEvent(event.path("type").asText(""), event);
        }
    }

    abstract void onEvent(String type, JsonNode event);

    @Override
    public Verdict verdict(int exitCode) {
        if (exitCode == 126 || exitCode == 127 || exitCode > 128) {
            return null; // the exit code says it all
        }
        if (fatalError != null) {
            return classified(exitCode, fatalError);
        }
        if (exitCode != 0) {
            return lastError != null ? classified(exitCode, lastError) : null;
        }
        if (!finished) {
            return Verdict.failed(AgentFailure.INVALID_RESULT, backend + " exited with 0 without its final '"
                    + finalEvent + "' event; the output is not what this version of acp expects (see the run log)");
        }
        return Verdict.completed(sessionId == null ? "completed" : "completed (session " + sessionId + ")");
    }

    /** The class a provider's error message shows; a message that shows none is a crash. */
    Verdict classified(int exitCode, String message) {
        AgentFailure failure = FailureText.classify(message);
        return Verdict.failed(failure == null ? AgentFailure.CRASH : failure,
                backend + " reported (exit " + exitCode + "): " + FailureText.shorten(message));
    }

    static String text(JsonNode node, String... paths) {
        for (String path : paths) {
            JsonNode at = node.at(path);
            if (at.isTextual() && !at.asText().isBlank()) {
                return at.asText();
            }
        }
        return null;
    }
}
