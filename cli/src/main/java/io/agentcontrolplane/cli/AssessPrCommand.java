package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.assess.Assessment;
import io.agentcontrolplane.core.assess.PrAssessor;
import io.agentcontrolplane.core.assess.PrObservation;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.json.Json;
import io.agentcontrolplane.core.plan.IssueLinks;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.forge.github.GitHubForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code acp assess-pr}: one pull request's assessment with the rule behind each conclusion. Writes nothing. */
@Command(name = "assess-pr", description = "Assesses one pull request as the heartbeat does (risk tier, scope,"
        + " checks, gates, missing reasons, auto-merge eligibility, lane) and prints the rule behind each conclusion:"
        + " live from GitHub (--pr), or from a file (--pr-file, format in docs/cli.md). Writes nothing to GitHub.")
final class AssessPrCommand implements Callable<Integer> {
    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "The profile (YAML).")
    Path profileFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--pr", paramLabel = "N", description = "An open pull request of the profile's repository,"
                + " read live (the token from the variable named by credentials.tokenEnv).")
        Integer number;

        @Option(names = "--pr-file", paramLabel = "FILE", description = "A PR observation (JSON, see docs/cli.md).")
        Path file;
    }

    @Option(names = "--state", paramLabel = "DIR", description = "The profile's state directory, for a lane"
            + " override and the GitHub cache (default: the profile's workspace.stateDir).")
    Path stateDir;

    @Option(names = "--json", description = "Print the assessment as JSON.")
    boolean json;

    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile profile = Standalone.loadProfile(profileFile);
        PrObservation observation = source.file != null ? fromFile() : live(profile);
        PrLane override = null;
        Path state = stateDir != null ? stateDir : null;
        if (state == null && source.number != null) {
            state = Standalone.stateDir(profile, null);
        }
        if (state != null && Files.isDirectory(state)) {
            override = StateStore.open(state).prLaneOverride(observation.number()).orElse(null);
        }
        Assessment a = new PrAssessor(profile).assess(observation, override, false);
        spec.commandLine().getOut().print(json ? Json.write(a) : a.render());
        return 0;
    }

    private PrObservation fromFile() {
        try {
            return Json.read(source.file, PrObservation.class);
        } catch (Json.JsonInputException e) {
            throw new AcpCommand.InputException(e.getMessage());
        }
    }

    private PrObservation live(Profile profile) {
        Path state = Standalone.stateDir(profile, stateDir);
        GitHubForge forge = Standalone.forge(profile, acp.env, state);
        Observation o;
        try {
            o = forge.observe();
        } catch (ForgeException e) {
            throw new AcpCommand.InputException("GitHub (" + profile.repository().apiUrl() + ", "
                    + profile.repository().slug() + ") could not be observed: " + e.getMessage());
        }
        PullRequest pr = o.pulls().stream().filter(p -> p.number() == source.number).findFirst()
                .orElseThrow(() -> new AcpCommand.InputException("--pr " + source.number + ": no open pull request #"
                        + source.number + " in " + profile.repository().slug()));
        List<String> issueLabels = List.of();
        for (int n : new IssueLinks(profile).linkedIssues(pr)) {
            issueLabels = o.issues().stream().filter(i -> i.number() == n).findFirst().map(Issue::labels)
                    .orElse(List.of());
            break;
        }
        return PrObservation.of(pr, o.details().get(pr.number()), issueLabels, pr.labels());
    }
}
