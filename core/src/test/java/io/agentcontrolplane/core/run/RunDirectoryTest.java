package io.agentcontrolplane.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    private RunDirectory run() {
        return new RunDirectory(dir);
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aValidResultIsReadAndNormalisedForTheLane() throws Exception {
        assertThat(run().readResult(Lane.IMPLEMENT).absent()).isTrue();
        write("result.json", "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\", \"detail\": \"ok\"}");
        assertThat(run().readResult(Lane.IMPLEMENT).result()).isEqualTo(new RunResult("implemented",
                "host-publish-issue-pr", "ok"));
        write("result.json", "{\"outcome\": \"blocked\", \"action\": \"requested-changes-or-blocked\"}");
        assertThat(run().readResult(Lane.DOUBLE_CHECK_1).result().action()).isEqualTo("host-comment-pr-blocker");
    }

    @Test
    void badResultsAreRefusedWithTheirReason() throws Exception {
        write("result.json", "{\"outcome\": \"implemented\", \"action\": \"host-approve-and-merge\"}");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).isEqualTo("result.json: action"
                + " 'host-approve-and-merge' does not go with outcome 'implemented' on a implement run (expected one"
                + " of host-publish-issue-pr)");
        write("result.json", "{\"outcome\": \"merged\", \"action\": \"x\"}");
        assertThat(run().readResult(Lane.FIX).problem()).contains("outcome 'merged' is not one a fix run may report");
        write("result.json", "{\"outcome\": \"implemented\"");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).startsWith("result.json is not valid JSON (line 1");
        write("result.json", "[1]");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).contains("must hold one JSON object");
        write("result.json", "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\", \"push\": true}");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).contains("unknown key 'push'");
        write("result.json", "{\"action\": \"host-publish-issue-pr\"}");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).contains("no \"outcome\"");
        write("result.json", "{\"outcome\": \"implemented\", \"action\": \"host-publish-issue-pr\", \"detail\": \""
                + "x".repeat(70 * 1024) + "\"}");
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).contains("bytes, more than the 65536 allowed");
        Files.write(dir.resolve("result.json"), new byte[] {'{', (byte) 0xff, '}'});
        assertThat(run().readResult(Lane.IMPLEMENT).problem()).isEqualTo("result.json is not UTF-8 text");
    }

    @Test
    void symlinksDirectoriesAndPathsOutsideAreRefused() throws Exception {
        Path secret = Files.writeString(dir.getParent().resolve("secret-" + dir.getFileName()), "{}");
        try {
            Files.createSymbolicLink(dir.resolve("result.json"), secret);
            assertThat(run().readResult(Lane.IMPLEMENT).problem()).isEqualTo("result.json is a symbolic link; run"
                    + " files must be regular files");
            Files.createDirectory(dir.resolve("issue-comment.md"));
            assertThatThrownBy(() -> run().readText("issue-comment.md", 100)).hasMessage("issue-comment.md is not a"
                    + " regular file");
            assertThatThrownBy(() -> run().readText("../" + secret.getFileName(), 100))
                    .hasMessageContaining("is not a file name inside the run directory");
            assertThatThrownBy(() -> run().readText("..", 100)).hasMessageContaining("is not a file name");
            assertThatThrownBy(() -> run().file("/etc/passwd")).hasMessageContaining("is not a file name");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void theJournalKeepsGoodLinesAndNamesBadOnes() throws Exception {
        write("verification.jsonl", "{\"timestamp\": \"2026-11-24T12:00:00Z\", \"status\": \"pass\", \"command\":"
                + " \"mvn test\"}\n\n{\"status\": \"maybe\", \"command\": \"x\"}\nnot json\n{\"timestamp\": \"yesterday\","
                + " \"status\": \"fail\", \"command\": \"npm test\"}\n{\"status\": \"fail\", \"command\": \"npm test\","
                + " \"note\": \"flaky\"}\n");
        RunDirectory.Journal j = run().readVerification();
        assertThat(j.entries()).extracting(VerificationEntry::command).containsExactly("mvn test", "npm test");
        assertThat(j.entries().get(1).note()).isEqualTo("flaky");
        assertThat(j.problems()).containsExactly(
                "verification.jsonl line 3: status must be \"pass\" or \"fail\", got maybe",
                "verification.jsonl line 4: not valid JSON",
                "verification.jsonl line 5: timestamp is not an ISO-8601 instant such as 2026-01-01T12:00:00Z");
    }

    @Test
    void workerStatusFollowsTheReferencesPrecedence() throws Exception {
        RunDirectory d = run();
        assertThat(WorkerStatus.of(d, T0).state()).isEqualTo("unknown");
        RunRecord running = RunRecord.running("r1", "demo", Lane.IMPLEMENT, ItemRef.issue(3), "command", T0,
                ProcessHandle.current());
        d.writeRecord(running);
        assertThat(WorkerStatus.of(d, T0).state()).isEqualTo("running");

        // The worker process is gone (a pid no process has), with no result: a crash.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunRecord dead = new RunRecord("r1", "demo", Lane.IMPLEMENT, ItemRef.issue(3), "command",
                RunRecord.Status.RUNNING, null, null, null, null, T0, null, gone.pid(), gone.info().startInstant()
                        .orElse(T0), 0);
        d.writeRecord(dead);
        WorkerStatus crashed = WorkerStatus.of(d, T0);
        assertThat(crashed.state()).isEqualTo("failed");
        assertThat(crashed.reason()).isEqualTo(WorkerStatus.CRASHED);

        // ...but with a complete result it is a result-only completion.
        write("result.json", "{\"outcome\": \"blocked\", \"action\": \"host-comment-blocker\"}");
        WorkerStatus resultOnly = WorkerStatus.of(d, T0);
        assertThat(resultOnly.state()).isEqualTo("succeeded");
        assertThat(resultOnly.resultOnlyCompletion()).isTrue();
        assertThat(resultOnly.outcome()).isEqualTo("blocked");

        // A terminal record wins over everything.
        d.writeRecord(dead.failed("timeout", "ran 900 s", T0.plusSeconds(900), 1));
        assertThat(WorkerStatus.of(d, T0)).satisfies(s -> {
            assertThat(s.state()).isEqualTo("failed");
            assertThat(s.reason()).isEqualTo("timeout");
            assertThat(s.endedAt()).isEqualTo(T0.plusSeconds(900));
        });
        write("run.json", "{\"runId\": 3");
        assertThat(WorkerStatus.of(d, T0).reason()).isEqualTo("invalid-run-record");
    }
}
