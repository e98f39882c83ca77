package io.agentcontrolplane.core.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of loading one profile file: the profile when the file is valid, and every problem found.
 *
 * @param source   the file name (or source name) the profile came from
 * @param profile  the profile, or {@code null} when there is at least one problem
 * @param problems every problem found, in one pass; empty when the profile is valid
 */
public record LoadedProfile(String source, Profile profile, List<ProfileProblem> problems) {
    public LoadedProfile {
        Objects.requireNonNull(source, "source");
        problems = List.copyOf(problems);
        if (problems.isEmpty() == (profile == null)) {
            throw new IllegalArgumentException("a loaded profile has either a profile or problems");
        }
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public Optional<Profile> asOptional() {
        return Optional.ofNullable(profile);
    }

    /** The profile, or an exception listing every problem, one a line. */
    public Profile orElseThrow() {
        if (profile == null) {
            throw new InvalidProfileException(problems);
        }
        return profile;
    }

    /** Thrown by {@link #orElseThrow()}; its message lists every problem, one a line. */
    public static final class InvalidProfileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<ProfileProblem> problems;

        public InvalidProfileException(List<ProfileProblem> problems) {
            super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("\n")));
            this.problems = List.copyOf(problems);
        }

        public List<ProfileProblem> problems() {
            return problems;
        }
    }
}
