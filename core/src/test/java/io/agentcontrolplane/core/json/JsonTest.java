package io.agentcontrolplane.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.world.World;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String WORLD = """
            {"defaultBranchSha": "abc",
             "issues": [{"number": 3, "title": "Fix login", "body": "Agent schedule: every 4h", "labels": ["bug"],
                         "author": "alice", "authorPermission": "write", "createdAt": "2026-11-20T10:00:00Z",
                         "labelledBy": {"agent-ready": "maintain"}}],
             "pulls": [{"number": 7, "headRef": "agent/demo/issue-9", "lane": "double-check-1", "labels": []}],
             "runs": [{"runId": "demo-run-1", "lane": "fix", "item": "pr#8", "phase": "running",
                       "startedAt": "2026-11-24T11:00:00Z"}]}
            """;

    @Test
    void aWorldRoundTripsAndPlansIdentically() {
        World world = Json.read("world.json", WORLD, World.class);
        assertThat(world.issues().get(0).labelledBy()).containsKey("agent-ready");
        assertThat(world.runs().get(0).item().toString()).isEqualTo("pr#8");
        World again = Json.read("again", Json.write(world), World.class);
        assertThat(again).isEqualTo(world);

        Profile profile = Profile.defaults("demo", "acme/widgets");
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        Plan first = HeartbeatPlanner.plan(profile, world, PlannerState.empty(), now);
        Plan second = HeartbeatPlanner.plan(profile, again, PlannerState.empty(), now);
        assertThat(Json.write(second)).isEqualTo(Json.write(first));
        assertThat(Json.read("plan", Json.write(first), Plan.class)).isEqualTo(first);
    }

    @Test
    void anUnknownFieldIsNamedWithItsPath() {
        String bad = "{\"issues\": [{\"number\": 1}, {\"number\": 2, \"titel\": \"x\"}]}";
        assertThatThrownBy(() -> Json.read("world.json", bad, World.class))
                .isInstanceOf(Json.JsonInputException.class)
                .hasMessageStartingWith("world.json: issues[1].titel: unknown field 'titel'");
    }

    @Test
    void aBadValueIsNamedWithItsPathAndTheRule() {
        String bad = "{\"pulls\": [{\"number\": 1, \"lane\": \"review-please\"}]}";
        assertThatThrownBy(() -> Json.read("world.json", bad, World.class))
                .hasMessageContaining("world.json: pulls[0].lane")
                .hasMessageContaining("unknown PR lane 'review-please'");
        String badItem = "{\"runs\": [{\"runId\": \"a\", \"lane\": \"fix\", \"item\": \"issue#4\"}]}";
        assertThatThrownBy(() -> Json.read("world.json", badItem, World.class))
                .hasMessageContaining("runs[0]")
                .hasMessageContaining("lane fix does not work on issue#4");
    }

    @Test
    void brokenSyntaxGivesTheLine() {
        assertThatThrownBy(() -> Json.read("world.json", "{\n\"issues\": [\n{\"number\": }", World.class))
                .hasMessageStartingWith("world.json: ")
                .hasMessageContaining("line 3");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> Json.read(Path.of("/nonexistent/world.json"), World.class))
                .hasMessage("/nonexistent/world.json: no such file");
    }

    @Test
    void duplicateNumbersAreRejected() {
        assertThatThrownBy(() -> Json.read("world.json", "{\"issues\": [{\"number\": 4}, {\"number\": 4}]}",
                World.class)).hasMessageContaining("world.json").hasMessageContaining("issue #4 appears twice");
    }
}
