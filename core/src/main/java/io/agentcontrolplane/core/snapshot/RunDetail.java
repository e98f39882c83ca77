package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import java.util.List;

/**
 * One run in full, for {@code GET /api/runs/{id}}: its record and what its run directory holds.
 *
 * @param runDirectory the run directory's path on the host
 * @param prompt the prompt the agent was given ({@code prompt.md}), at most {@link RunDirectory#MAX_TEXT} bytes
 * @param result what {@code result.json} says, if the agent wrote one
 * @param verification the verification journal, one entry a line of {@code verification.jsonl}
 * @param log the end of {@code agent.log}
 * @param problems files of the run directory that could not be read, in plain words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDetail(RunView run, String runDirectory, String prompt, ResultView result,
        List<VerificationEntry> verification, LogTail log, List<String> problems) {

    /** @param problem why the result is not valid for the run's lane, if it is not */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResultView(String outcome, String action, String detail, String problem) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerificationEntry(String timestamp, String status, String command, String note) {
    }

    /**
     * @param size the whole log's size in bytes
     * @param truncated whether {@code text} is only the end of it
     */
    public record LogTail(String text, long size, boolean truncated) {
    }
}
