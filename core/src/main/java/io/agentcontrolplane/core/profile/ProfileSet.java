package io.agentcontrolplane.core.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Several profiles served by one control plane, with the problems that only show between them: the same id,
 * session prefixes that overlap (sessions share one namespace), the same branch prefix (the original's
 * {@code DUPLICATE_*} checks), the same state, run or worktree directory, and two profiles of one repository
 * whose managed branch prefixes overlap (both would claim the same pull requests).
 *
 * @param loaded        every profile file, valid or not
 * @param crossProblems the problems between valid profiles; each names both files
 */
public record ProfileSet(List<LoadedProfile> loaded, List<ProfileProblem> crossProblems) {
    public ProfileSet {
        loaded = List.copyOf(loaded);
        crossProblems = List.copyOf(crossProblems);
    }

    public static ProfileSet of(List<LoadedProfile> loaded) {
        return new ProfileSet(loaded, checkTogether(loaded));
    }

    /** Loads every {@code *.yaml} and {@code *.yml} file of a directory (not its subdirectories), by name. */
    public static ProfileSet loadDirectory(Path dir) {
        List<LoadedProfile> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> Files.isRegularFile(f)
                            && (f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml")))
                    .sorted()
                    .forEach(f -> loaded.add(ProfileLoader.load(f)));
        } catch (IOException e) {
            return new ProfileSet(List.of(), List.of(new ProfileProblem(dir.toString(), "",
                    "cannot list profile directory: " + e.getMessage())));
        }
        return of(loaded);
    }

    /** Every problem: those of each file, then those between files. */
    public List<ProfileProblem> problems() {
        List<ProfileProblem> out = new ArrayList<>();
        loaded.forEach(l -> out.addAll(l.problems()));
        out.addAll(crossProblems);
        return out;
    }

    public boolean isValid() {
        return problems().isEmpty();
    }

    /** The valid profiles, in load order. */
    public List<Profile> profiles() {
        return loaded.stream().filter(LoadedProfile::isValid).map(LoadedProfile::profile).toList();
    }

    /** The problems between the valid profiles of {@code loaded}; invalid ones have their own problems already. */
    public static List<ProfileProblem> checkTogether(List<LoadedProfile> loaded) {
        List<LoadedProfile> valid = loaded.stream().filter(LoadedProfile::isValid).toList();
        List<ProfileProblem> out = new ArrayList<>();
        for (int j = 0; j < valid.size(); j++) {
            for (int i = 0; i < j; i++) {
                checkPair(valid.get(i), valid.get(j), out);
            }
        }
        return out;
    }

    private static void checkPair(LoadedProfile first, LoadedProfile second, List<ProfileProblem> out) {
        Profile a = first.profile();
        Profile b = second.profile();
        String other = first.source();
        if (a.id().equals(b.id())) {
            out.add(new ProfileProblem(second.source(), "id", "DUPLICATE_ID: '" + b.id() + "' is also the id of "
                    + other));
        }
        String[][] sessions = {
            {"naming.issueSessionPrefix", b.naming().issueSessionPrefix()},
            {"naming.prSessionPrefix", b.naming().prSessionPrefix()}};
        String[][] otherSessions = {
            {"naming.issueSessionPrefix", a.naming().issueSessionPrefix()},
            {"naming.prSessionPrefix", a.naming().prSessionPrefix()}};
        for (String[] mine : sessions) {
            for (String[] theirs : otherSessions) {
                String code = mine[0].equals("naming.issueSessionPrefix") ? "DUPLICATE_ISSUE_PREFIX"
                        : "DUPLICATE_PR_PREFIX";
                if (mine[1].equals(theirs[1])) {
                    out.add(new ProfileProblem(second.source(), mine[0], code + ": '" + mine[1] + "' is also "
                            + theirs[0] + " of " + other + "; the two profiles' sessions would be confused"));
                } else if (mine[1].startsWith(theirs[1]) || theirs[1].startsWith(mine[1])) {
                    out.add(new ProfileProblem(second.source(), mine[0], code + ": '" + mine[1] + "' and "
                            + theirs[0] + " '" + theirs[1] + "' of " + other
                            + " start alike (one is a prefix of the other); the two profiles' sessions would be confused"));
                }
            }
        }
        if (a.naming().issueBranchPrefix().equals(b.naming().issueBranchPrefix())) {
            out.add(new ProfileProblem(second.source(), "naming.issueBranchPrefix", "DUPLICATE_ISSUE_BRANCH_PREFIX: '"
                    + b.naming().issueBranchPrefix() + "' is also naming.issueBranchPrefix of " + other));
        }
        if (a.naming().prBranchPrefix().equals(b.naming().prBranchPrefix())) {
            out.add(new ProfileProblem(second.source(), "naming.prBranchPrefix",
                    "DUPLICATE_PR_WORKTREE_BRANCH_PREFIX: '" + b.naming().prBranchPrefix()
                            + "' is also naming.prBranchPrefix of " + other));
        }
        dir(second, "workspace.stateDir", a.workspace().stateDir(), b.workspace().stateDir(), other, out);
        dir(second, "workspace.runsRoot", a.workspace().runsRoot(), b.workspace().runsRoot(), other, out);
        dir(second, "workspace.worktreeRoot", a.workspace().worktreeRoot(), b.workspace().worktreeRoot(), other, out);
        String slugA = a.repository().slug();
        String slugB = b.repository().slug();
        if (slugA != null && slugB != null && slugA.toLowerCase(Locale.ROOT).equals(slugB.toLowerCase(Locale.ROOT))) {
            for (String mine : b.naming().managedBranchPrefixes()) {
                for (String theirs : a.naming().managedBranchPrefixes()) {
                    if (mine.startsWith(theirs) || theirs.startsWith(mine)) {
                        out.add(new ProfileProblem(second.source(), "naming.managedBranchPrefixes",
                                "'" + mine + "' overlaps '" + theirs + "' of " + other + ", which works the same"
                                        + " repository " + slugB + "; both profiles would claim the same pull requests"));
                    }
                }
            }
        }
    }

    private static void dir(LoadedProfile second, String field, String a, String b, String other,
            List<ProfileProblem> out) {
        if (a.equals(b)) {
            out.add(new ProfileProblem(second.source(), field, "'" + b + "' is also " + field + " of " + other
                    + "; profiles must not share a directory"));
        }
    }
}
