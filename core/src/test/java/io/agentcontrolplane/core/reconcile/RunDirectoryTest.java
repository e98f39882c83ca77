package io.agentcontrolplane.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory as reconcile reads it: bad files are refused with the file and a plain reason. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void readsTheResultTheFactsAndTheJournal() throws Exception {
        Files.writeString(dir.resolve(RunFiles.RESULT), "{\"outcome\": \"implemented\", \"action\":"
                + " \"host-publish-issue-pr\", \"detail\": \"done\"}");
        Files.writeString(dir.resolve(RunFiles.VERIFICATION), "{\"status\": \"fail\"}\nnot json\n"
                + "{\"status\": \"pass\", \"command\": \"make test\"}\n");
        Files.writeString(dir.resolve(RunFiles.WORKSPACE), "{\"workspace\": \"/w\", \"branch\": \"b\","
                + " \"baseSha\": \"a\", \"startSha\": \"a\", \"headSha\": \"c\"}");
        RunDirectory run = new RunDirectory(dir);
        assertThat(run.result()).hasValueSatisfying(r -> assertThat(r.detail()).isEqualTo("done"));
        assertThat(run.verificationPassed()).isTrue();
        assertThat(run.workspace()).hasValueSatisfying(f -> assertThat(f.hasNewCommits()).isTrue());
        assertThat(run.text(RunFiles.PR_BODY)).isEmpty();
    }

    @Test
    void refusesSymlinksOversizedFilesPathsOutsideAndBadJson() throws Exception {
        Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-secret.txt"), "token");
        Files.createSymbolicLink(dir.resolve(RunFiles.ISSUE_COMMENT), outside);
        Files.write(dir.resolve(RunFiles.PR_COMMENT), new byte[(int) RunDirectory.MAX_FILE_BYTES + 1]);
        Files.writeString(dir.resolve(RunFiles.RESULT), "{\"outcome\": \"implemented\"");
        RunDirectory run = new RunDirectory(dir);
        assertThatThrownBy(() -> run.text(RunFiles.ISSUE_COMMENT)).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> run.text(RunFiles.PR_COMMENT)).hasMessageContaining("bytes, more than the");
        assertThatThrownBy(() -> run.text("../x")).hasMessageContaining("is not a file name inside the run directory");
        assertThatThrownBy(run::result).hasMessageContaining(RunFiles.RESULT).hasMessageContaining("not valid JSON");
        Files.writeString(dir.resolve(RunFiles.RESULT), "{\"outcome\": \"implemented\"}");
        assertThatThrownBy(run::result).hasMessageContaining("outcome and action are required");
        Files.delete(outside);
    }

    @Test
    void theMarkerIsWrittenAtomicallyAndATornOneMeansNotReconciled() throws Exception {
        RunDirectory run = new RunDirectory(dir);
        assertThat(run.reconciled()).isEmpty();
        run.markReconciled(new RunDirectory.Reconciled("r1", Instant.EPOCH, Instant.EPOCH, "implemented", null,
                List.of("a")));
        assertThat(run.reconciled()).hasValueSatisfying(m -> assertThat(m.steps()).containsExactly("a"));
        Files.writeString(dir.resolve(RunFiles.RECONCILED), "{\"runId\": ");
        assertThat(run.reconciled()).isEmpty();
    }
}
