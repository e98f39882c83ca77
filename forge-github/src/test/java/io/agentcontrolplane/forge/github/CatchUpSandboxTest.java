package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.heartbeat.Heartbeat;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.outbox.CrashPoints;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.JGitHost;
import io.agentcontrolplane.core.reconcile.Reconciler;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.sandbox.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catching up after pull requests merged or closed outside the control plane, end to end over the GitHub sandbox:
 * the control plane opens a pull request through heartbeats (a scripted agent's run, reconciled and published), a
 * person merges or closes it through the sandbox's REST API, and the next heartbeats clean up after it once.
 */
class CatchUpSandboxTest extends ForgeTestSupport {
    static final String PULL = "/repos/{owner}/{repo}/pulls/{pull_number}";

    Profile profile = Profile.defaults("widgets", REPO);
    StateStore store;
    Outbox outbox;
    ReconcileFixture runs;
    RecordingDispatcher dispatcher;

    @BeforeEach
    void engine() {
        Path acp = stateDir.resolve("acp");
        store = new StateStore(acp, clock, p -> { });
        outbox = new Outbox(acp, profile.schedules().retryCooldowns(), 80, 500, clock, d -> clock.advance(d),
                CrashPoints.NONE);
        runs = new ReconcileFixture(stateDir.resolve("work"), sandbox.baseUrl() + "/" + REPO + ".git", store);
        dispatcher = new RecordingDispatcher(clock);
        // No PR lane runs in these tests: the pull request is left to the person who merges or closes it.
        IntStream.rangeClosed(1, 20).forEach(n -> dispatcher.failFor.add(ItemRef.pr(n)));
    }

    Heartbeat heartbeat() {
        Reconciler reconciler = new Reconciler(profile, store, outbox, forge, new JGitHost(runs.cloneUrl, TOKEN),
                runs.runsRoot, clock);
        return new Heartbeat(profile, forge, store, outbox, dispatcher, clock, reconciler);
    }

    HeartbeatReport beat(Heartbeat hb) {
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport r = hb.run();
        assertThat(r.outcome()).as(r.render()).isEqualTo("completed");
        return r;
    }

    /** The control plane implements the issue and opens its pull request, through heartbeats. */
    int published(Heartbeat hb, int issue) throws Exception {
        String branch = "agent/widgets/issue-" + issue + "-work";
        Path ws = runs.workspace(branch, "main");
        String base = ReconcileFixture.head(ws);
        runs.finish("r-" + issue, Lane.IMPLEMENT, ItemRef.issue(issue), ws, base, base, branch, List.of(),
                ReconcileFixture.write("src/f" + issue + ".js", "export const x = 1;")
                        + ReconcileFixture.commit("feat: #" + issue) + ReconcileFixture.passVerification()
                        + ReconcileFixture.result("implemented", RunResult.PUBLISH_ISSUE_PR), RunPhase.SUCCEEDED,
                null, "claude-sonnet", clock.instant().minusSeconds(600), clock.instant());
        for (int i = 0; i < 4 && !Files.exists(runs.runsRoot.resolve("r-" + issue + "/reconciled.json")); i++) {
            beat(hb);
        }
        int pr = repo.issues().stream().filter(i -> i.pullRequest() && repo.pull(i.number()).headRef()
                .equals(branch)).findFirst().orElseThrow().number();
        beat(hb); // observed open, tracked with its labels
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isFalse());
        return pr;
    }

    /** A person's REST call on the sandbox, as maria (a maintainer). */
    void asMaria(String method, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/repos/" + REPO + path))
                .header("Authorization", "token maria-token").header("Accept", "application/vnd.github+json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers
                .ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    @Test
    void aPullRequestMergedByAPersonIsCaughtUpOnceLabelsCleanedAndItsIssueClosed() throws Exception {
        Heartbeat hb = heartbeat();
        int issue = repo.createIssue("walt", "Add the widget", "body");
        int pr = published(hb, issue);
        repo.addLabels(pr, "agent-automerge", "agent-double-check-1/2");
        repo.addLabels(issue, "agent-running");
        store.putRetry(ItemRef.issue(issue), RetryEntry.schedule(null, List.of(300), clock.instant(), "x", null,
                null));
        beat(hb); // the labels are seen

        asMaria("PUT", "/pulls/" + pr + "/merge", "{\"merge_method\": \"squash\"}");
        long reads = sandbox.counters().requests("GET", PULL);
        HeartbeatReport r = beat(hb);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("catch-up: pr#" + pr + " was merged"));
        beat(hb); // the outbox flushes what the catch-up queued

        assertThat(repo.issue(issue).state()).as("closed for the merged PR (the sandbox, unlike GitHub, does not"
                + " close it itself)").isEqualTo("closed");
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(repo.labels(pr)).doesNotContain("agent-automerge", "agent-double-check-1/2", "agent-running");
        assertThat(store.retry(ItemRef.issue(issue))).isEmpty();
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isTrue());
        long asked = sandbox.counters().requests("GET", PULL) - reads;
        assertThat(asked).as("GitHub asked about the PR once").isEqualTo(1);

        long writes = sandbox.counters().writes().size();
        beat(hb);
        beat(hb);
        assertThat(sandbox.counters().requests("GET", PULL) - reads).as("never again once handled").isEqualTo(1);
        assertThat(sandbox.counters().writes()).hasSize((int) writes);
        assertThat(repo.issue(pr).state()).isEqualTo("closed");
    }

    @Test
    void aMonthLaterRetentionRemovesTheFinishedRunItsDoneWritesAndTheCaughtUpRecord() throws Exception {
        Heartbeat hb = heartbeat();
        int issue = repo.createIssue("walt", "Old work", "body");
        int pr = published(hb, issue);
        asMaria("PUT", "/pulls/" + pr + "/merge", "{\"merge_method\": \"squash\"}");
        beat(hb);
        assertThat(repo.issue(issue).state()).isEqualTo("closed");
        assertThat(store.run("r-" + issue)).isPresent();
        Path outboxDone = stateDir.resolve("acp/outbox/done");
        long doneBefore;
        try (var files = Files.list(outboxDone)) {
            doneBefore = files.count();
        }

        clock.advance(Duration.ofDays(31));
        HeartbeatReport r = beat(hb);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("retention: removed 1 run record(s)"));
        assertThat(store.run("r-" + issue)).isEmpty();
        assertThat(runs.runsRoot.resolve("r-" + issue)).doesNotExist();
        assertThat(store.trackedPr(pr)).isEmpty();
        try (var files = Files.list(outboxDone)) {
            assertThat(files.count()).as("done writes of a month ago removed").isLessThan(doneBefore);
        }
        assertThat(outbox.find("run/r-" + issue + "/open-pr")).as("its key went with it").isEmpty();
        assertThat(stateDir.resolve("acp/outbox/keys/labels")).as("label definitions keep their keys").exists();
    }

    @Test
    void aPullRequestClosedUnmergedPutsItsIssueBackInTheQueueAndIsNeverReopened() throws Exception {
        Heartbeat hb = heartbeat();
        int issue = repo.createIssue("walt", "Try again", "body");
        int pr = published(hb, issue);
        repo.addLabels(pr, "agent-repair-queued");
        repo.addLabels(issue, "agent-running");
        beat(hb);

        asMaria("PATCH", "/pulls/" + pr, "{\"state\": \"closed\"}");
        dispatcher.failFor.add(ItemRef.issue(issue));
        HeartbeatReport r = beat(hb);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("catch-up: pr#" + pr + " was closed",
                "issue#" + issue + " goes back to the queue"));
        assertThat(repo.issue(issue).state()).isEqualTo("open");
        assertThat(repo.labels(issue)).doesNotContain("agent-running");
        assertThat(repo.labels(pr)).doesNotContain("agent-repair-queued");
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isTrue());

        dispatcher.failFor.remove(ItemRef.issue(issue));
        beat(hb);
        assertThat(dispatcher.given()).as("the issue is launched again").anySatisfy(l -> {
            assertThat(l.item()).isEqualTo(ItemRef.issue(issue));
            assertThat(l.lane()).isEqualTo(Lane.IMPLEMENT);
        });
        beat(hb);
        assertThat(repo.pull(pr).state()).as("never reopened").isEqualTo("closed");
    }

    @Test
    void aRecurringIssueStaysOpenAndAnOutageDuringTheCatchUpOnlyDelaysIt() throws Exception {
        Heartbeat hb = heartbeat();
        int issue = repo.createIssue("walt", "Keep the docs fresh", "body", "agent-keep-open");
        int pr = published(hb, issue);
        asMaria("PUT", "/pulls/" + pr + "/merge", "{\"merge_method\": \"squash\"}");
        dispatcher.failFor.add(ItemRef.issue(issue)); // no new recurring run holds the issue meanwhile

        // GitHub fails the one read the catch-up needs: nothing is cleaned, nothing forgotten.
        sandbox.faults().on("GET", "/repos/*/*/pulls/" + pr).next(3, Fault.status(502));
        clock.advance(Duration.ofMinutes(1));
        HeartbeatReport failed = hb.run();
        assertThat(failed.notes()).anySatisfy(n -> assertThat(n).contains("catch-up of pr#" + pr + " waits"));
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isFalse());

        HeartbeatReport r = beat(hb); // a new heartbeat on a fresh process would do the same: the record is on disk
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("catch-up: pr#" + pr + " was merged",
                "'agent-keep-open'): kept open"));
        beat(hb);
        assertThat(repo.issue(issue).state()).isEqualTo("open");
        assertThat(store.trackedPr(pr)).hasValueSatisfying(t -> assertThat(t.isCaughtUp()).isTrue());
    }
}
