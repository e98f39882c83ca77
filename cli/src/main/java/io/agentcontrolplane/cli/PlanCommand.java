package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.state.LoadResult;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.state.StateProblem;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp plan}: what a heartbeat would launch for a world, and why everything else waits. Writes nothing. */
@Command(name = "plan", description = "Plans one heartbeat for an observed world and prints what launches and why"
        + " everything else waits. Reads the state directory; writes nothing.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Option(names = "--world", required = true, paramLabel = "FILE",
            description = "The observed world (JSON, see docs/planner.md).")
    Path worldFile;

    @Option(names = "--state", paramLabel = "DIR", description = "The profile's state directory (default: none, an"
            + " empty state).")
    Path stateDir;

    @Option(names = "--now", paramLabel = "INSTANT", description = "The time to plan at, ISO-8601 (default: now).")
    String now;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "List every waiting item, not the first few per reason.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedProfile loaded = ProfileLoader.load(profileFile);
        if (!loaded.isValid()) {
            throw new AcpCommand.InputException("invalid profile:\n" + loaded.problems().stream()
                    .map(ProfileProblem::toString).collect(Collectors.joining("\n")));
        }
        Profile profile = loaded.profile();
        World world;
        try {
            world = Json.read(worldFile, World.class);
        } catch (Json.JsonInputException e) {
            throw new AcpCommand.InputException(e.getMessage());
        }
        PlannerState state = PlannerState.empty();
        if (stateDir != null) {
            if (!Files.isDirectory(stateDir)) {
                throw new AcpCommand.InputException(stateDir + ": not a state directory");
            }
            LoadResult<PlannerState> result = StateStore.open(stateDir).loadPlannerState();
            for (StateProblem problem : result.problems()) {
                spec.commandLine().getErr().println("acp: warning: " + problem);
            }
            state = result.value();
        }
        Instant at = parseNow();
        Plan plan = HeartbeatPlanner.plan(profile, world, state, at);
        spec.commandLine().getOut().print(json ? Json.write(plan) : PlanText.render(plan, verbose));
        return 0;
    }

    private Instant parseNow() {
        if (now == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw new AcpCommand.InputException("--now: '" + now + "' is not an ISO-8601 instant such as"
                    + " 2026-11-24T12:00:00Z");
        }
    }
}
