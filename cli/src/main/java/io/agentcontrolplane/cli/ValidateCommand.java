package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.profile.ProfileSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp validate [files or directories...]}: every problem of every profile, and of the profiles together. */
@Command(name = "validate", description = "Checks profile files, alone and together; exits 1 if any is invalid.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PROFILE", description = "Profile files (.yaml/.yml) or directories of them.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<LoadedProfile> loaded = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                            .forEach(f -> loaded.add(ProfileLoader.load(f)));
                }
            } else {
                loaded.add(ProfileLoader.load(path));
            }
        }
        ProfileSet set = ProfileSet.of(loaded);
        List<ProfileProblem> problems = set.problems();
        var out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            for (LoadedProfile profile : loaded) {
                out.println(profile.source() + ": ok (profile " + profile.profile().id() + ", repository "
                        + profile.profile().repository().slug() + ")");
            }
            return 0;
        }
        var err = spec.commandLine().getErr();
        for (ProfileProblem problem : problems) {
            err.println(problem);
        }
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in "
                + loaded.size() + (loaded.size() == 1 ? " profile" : " profiles"));
        return AcpCommand.EXIT_INVALID;
    }
}
