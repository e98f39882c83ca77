package io.agentcontrolplane.core.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.forge.Observation.Check;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.Issue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The original's label semantics (reference section 6, "label sync", and the heartbeat's issue label sync). */
class LabelSyncTest {
    static final Profile PROFILE = Profile.defaults("demo", "acme/app");

    static Assessment assess(List<String> labels, List<String> files, List<Check> checks, String merge) {
        PrObservation o = new PrObservation(3, "t", "Closes #9", "bot", "agent/demo/issue-9", "main", "abc1234",
                false, labels, files, merge, List.of(), checks, List.of(), List.of(), List.of(), null, List.of());
        return new PrAssessor(PROFILE).assess(o, null, false);
    }

    @Test
    void theLaneKeepsExactlyItsLabelAndAutomergeFollowsEligibility() {
        List<String> labels = List.of("agent-double-check-1/2", "agent-human-review");
        Assessment fix = assess(labels, List.of("src/a.js"), List.of(new Check("t", "check-run", "failure")),
                "unstable");
        LabelSync.Change c = LabelSync.forPr(PROFILE, fix, labels, List.of());
        assertThat(c.add()).containsExactly("agent-repair-queued");
        assertThat(c.remove()).containsExactlyInAnyOrder("agent-double-check-1/2", "agent-human-review");
        Assessment green = assess(List.of("agent-repair-queued"), List.of("src/a.js"),
                List.of(new Check("t", "check-run", "success")), "clean");
        LabelSync.Change g = LabelSync.forPr(PROFILE, green, List.of("agent-repair-queued"), List.of("agent-exclusive"));
        assertThat(g.add()).containsExactlyInAnyOrder("agent-automerge", "agent-exclusive");
        assertThat(g.remove()).containsExactly("agent-repair-queued");
        assertThat(LabelSync.forPr(PROFILE, green, List.of("agent-automerge", "agent-exclusive"),
                List.of("agent-exclusive")).isEmpty()).as("labels already match: nothing").isTrue();
    }

    @Test
    void blockedStripsTheAutomationLabelsAndBypassIsLabelled() {
        List<String> labels = List.of("agent-blocked", "agent-automerge", "agent-ci-refresh");
        Assessment a = assess(labels, List.of("src/a.js"), List.of(), "clean");
        LabelSync.Change c = LabelSync.forPr(PROFILE, a, labels, List.of());
        assertThat(c.add()).isEmpty();
        assertThat(c.remove()).containsExactlyInAnyOrder("agent-automerge", "agent-ci-refresh");
        Assessment bypassed = assess(List.of(), List.of("src/a.js"), List.of(new Check("e2e", "check-run",
                "failure", "exceeded your spending limit")), "unstable");
        assertThat(LabelSync.forPr(PROFILE, bypassed, List.of(), List.of()).add()).contains("agent-ci-bypassed",
                "agent-automerge");
    }

    @Test
    void anUnmanagedPrIsLeftAlone() {
        PrObservation o = new PrObservation(3, "t", "", "human", "feature/x", "main", "abc1234", false,
                List.of("agent-automerge"), List.of("a"), "clean", List.of(), List.of(), List.of(), List.of(),
                List.of(), null, List.of());
        Assessment a = new PrAssessor(PROFILE).assess(o, null, false);
        assertThat(LabelSync.forPr(PROFILE, a, o.labels(), List.of()).isEmpty()).isTrue();
    }

    static Issue issue(String body, List<String> labels) {
        return new Issue(5, "t", body, labels, "walt", null, Instant.EPOCH, null, null, null);
    }

    @Test
    void aCadenceAddsItsLabelsAndNoCadenceRemovesThemWithStaleRunningAndBlocked() {
        Issue daily = issue("Agent schedule: every 1d", List.of("agent-schedule-10m"));
        LabelSync.Change c = LabelSync.forIssue(PROFILE, daily, daily.labels(), false);
        assertThat(c.add()).containsExactly("agent-scheduled", "agent-schedule-1d");
        assertThat(c.remove()).containsExactly("agent-schedule-10m");
        Issue plain = issue("no schedule", List.of("agent-scheduled", "agent-schedule-10m", "agent-running",
                "agent-blocked"));
        LabelSync.Change p = LabelSync.forIssue(PROFILE, plain, plain.labels(), false);
        assertThat(p.add()).isEmpty();
        assertThat(p.remove()).containsExactlyInAnyOrder("agent-scheduled", "agent-schedule-10m", "agent-running",
                "agent-blocked");
        assertThat(LabelSync.forIssue(PROFILE, plain, plain.labels(), true).remove())
                .as("an active run keeps running and blocked").doesNotContain("agent-running", "agent-blocked");
    }
}
