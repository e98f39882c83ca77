package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.PlanText;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.LoadResult;
import io.agentcontrolplane.core.state.PlannerState;
import io.agentcontrolplane.core.state.StateProblem;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.World;
import io.agentcontrolplane.forge.github.GitHubForge;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp plan}: what a heartbeat would launch for a world, and why everything else waits. Writes nothing. */
@Command(name = "plan", description = "Plans one heartbeat and prints what launches and why everything else waits:"
        + " for a world file (--world), or live, for what GitHub shows now, followed by what the reads cost. Reads the"
        + " state directory; writes nothing to GitHub.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @Option(names = "--world", paramLabel = "FILE",
            description = "The observed world (JSON, see docs/planner.md). Without it, GitHub is observed live (the"
                    + " token from the variable named by credentials.tokenEnv).")
    Path worldFile;

    @Option(names = "--state", paramLabel = "DIR", description = "The profile's state directory (default: with"
            + " --world none, an empty state; live, the profile's workspace.stateDir).")
    Path stateDir;

    @ParentCommand
    AcpCommand acp;

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
        Profile profile = Standalone.loadProfile(profileFile);
        if (worldFile == null) {
            return live(profile);
        }
        World world;
        try {
            world = Json.read(worldFile, World.class);
        } catch (Json.JsonInputException e) {
            throw new AcpCommand.InputException(e.getMessage());
        }
        LoadResult<PlannerState> state = new LoadResult<>(PlannerState.empty(), List.of());
        if (stateDir != null) {
            state = readState(Standalone.requireStateDir(stateDir, "--state"));
        }
        Instant at = parseNow();
        Plan plan = withWarnings(HeartbeatPlanner.plan(profile, world, state.value(), at), state);
        spec.commandLine().getOut().print(json ? Json.write(plan) : PlanText.render(plan, verbose));
        return 0;
    }

    /**
     * Plans from a live observation of GitHub, then prints what the reads cost (after the plan; on stderr with
     * {@code --json}, so that stdout stays JSON). Active runs are the state's unfinished run records.
     */
    private int live(Profile profile) {
        Instant at = parseNow();
        if (stateDir != null) {
            Standalone.requireStateDir(stateDir, "--state");
        }
        Path state = Standalone.stateDir(profile, stateDir);
        GitHubForge forge = Standalone.forge(profile, acp.env, state);
        Observation observation;
        try {
            observation = forge.observe();
        } catch (ForgeException e) {
            throw Standalone.explain(profile, e);
        }
        var err = spec.commandLine().getErr();
        if (!"live".equals(observation.source())) {
            err.println("acp: warning: GitHub was unreachable; planned from the observation of "
                    + observation.observedAt());
        }
        LoadResult<PlannerState> loaded = readState(state);
        World world = new World(observation.defaultBranchSha(), observation.issues(), observation.pulls(), List.of(),
                observation.source());
        Plan plan = withWarnings(HeartbeatPlanner.plan(profile, world, loaded.value(), at), loaded);
        var out = spec.commandLine().getOut();
        String cost = Standalone.cost(forge.stats());
        if (json) {
            out.print(Json.write(plan));
            err.println(cost);
        } else {
            out.print(PlanText.render(plan, verbose));
            out.println(cost);
        }
        return 0;
    }

    /**
     * The state as it is: a read-only command moves nothing (a corrupt file stays where it is, its item waits as
     * {@code state-unreadable}); each problem is a warning on stderr, and in the plan (so in {@code --json}) too.
     */
    private LoadResult<PlannerState> readState(Path dir) {
        LoadResult<PlannerState> result = StateStore.open(dir).readPlannerState();
        for (StateProblem problem : result.problems()) {
            spec.commandLine().getErr().println("acp: warning: " + problem);
        }
        return result;
    }

    private static Plan withWarnings(Plan plan, LoadResult<PlannerState> state) {
        return state.problems().isEmpty() ? plan
                : plan.withWarnings(state.problems().stream().map(StateProblem::toString).toList());
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
