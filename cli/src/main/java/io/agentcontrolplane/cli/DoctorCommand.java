package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.agent.BackendDoctor;
import io.agentcontrolplane.core.agent.BackendDoctor.Finding;
import io.agentcontrolplane.core.agent.BackendDoctor.Status;
import io.agentcontrolplane.core.profile.Backends;
import io.agentcontrolplane.core.profile.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code acp doctor [--profile FILE]}: can agents run here? Each backend the profile uses is found and answers, its
 * login is present, an ollama model is pulled, and the repository's clone URL answers {@code git ls-remote}.
 * Read-only: it writes nothing and prints no secret.
 */
@Command(name = "doctor",
        description = "Checks that the profile's agent backends are installed, answer --version"
        + " and have a login, that an ollama model is pulled, and that the clone URL is reachable. Without"
        + " --profile it looks at every supported backend. Exits 4 when a check fails.")
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The profile (YAML). Without it every supported backend is looked at with its defaults.")
    Path profileFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BackendDoctor doctor = new BackendDoctor(acp.env);
        if (profileFile == null) {
            boolean anyUsable = false;
            for (String backend : Backends.SUPPORTED) {
                if (backend.equals("command")) {
                    continue;
                }
                List<Finding> findings = doctor.check(backend, Backends.defaultSettings(backend));
                anyUsable |= findings.stream().noneMatch(f -> f.status() == Status.FAIL);
                print(out, findings);
            }
            out.println(anyUsable ? "acp doctor: at least one backend can run here"
                    : "acp doctor: no backend can run here");
            out.flush();
            return anyUsable ? 0 : AcpCommand.EXIT_UNSUCCESSFUL;
        }
        Profile profile = Standalone.loadProfile(profileFile);
        List<Finding> all = new ArrayList<>();
        for (Use use : backendsInUse(profile)) {
            List<Finding> findings = doctor.check(use.backend(), use.settings());
            print(out, findings);
            all.addAll(findings);
        }
        List<Finding> git = new ArrayList<>(repository(profile));
        git.add(anchor(profile));
        print(out, git);
        all.addAll(git);
        long failed = all.stream().filter(f -> f.status() == Status.FAIL).count();
        long warned = all.stream().filter(f -> f.status() == Status.WARN).count();
        out.println("acp doctor: profile " + profile.id() + ": " + (failed == 0 ? "ready" : failed + " failed")
                + (warned == 0 ? "" : ", " + warned + " warning" + (warned == 1 ? "" : "s")));
        out.flush();
        return failed == 0 ? 0 : AcpCommand.EXIT_UNSUCCESSFUL;
    }

    /** One backend with the settings launches give it. */
    record Use(String backend, Profile.BackendSettings settings) {
    }

    /**
     * The backends launches can use: the agent's backend and every pool's, each with the pool's model; two pools of
     * one backend with different models are both checked (each ollama model must be pulled).
     */
    static List<Use> backendsInUse(Profile profile) {
        Profile.AgentSettings agent = profile.agent();
        Map<String, Use> used = new LinkedHashMap<>();
        used.put(agent.backend() + " " + agent.settingsFor(agent.backend()).model(),
                new Use(agent.backend(), agent.settingsFor(agent.backend())));
        for (Profile.ProviderPool pool : agent.effectivePools()) {
            Profile.BackendSettings s = agent.settingsFor(pool.backend());
            String model = pool.model() != null && !pool.model().isBlank() ? pool.model() : s.model();
            used.putIfAbsent(pool.backend() + " " + model, new Use(pool.backend(), new Profile.BackendSettings(model,
                    s.effort(), s.timeoutSeconds(), s.stallSeconds(), s.maxAttempts(), s.retryBackoffSeconds(),
                    s.command(), s.options())));
        }
        return List.copyOf(used.values());
    }

    /** The clone URL answers ls-remote (with the profile's token when set) and has the default branch. */
    List<Finding> repository(Profile profile) {
        List<Finding> findings = new ArrayList<>();
        String tokenEnv = profile.credentials().tokenEnv();
        String token = acp.env.get(tokenEnv);
        boolean hasToken = token != null && !token.isBlank();
        findings.add(new Finding("token", hasToken ? Status.OK : Status.FAIL, hasToken ? tokenEnv + " set"
                : tokenEnv + " is not set (credentials.tokenEnv): the host needs it to fetch, push and write to GitHub"));
        String url = profile.repository().effectiveCloneUrl();
        try {
            Collection<Ref> heads = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTimeout(30)
                    .setCredentialsProvider(hasToken ? new UsernamePasswordCredentialsProvider("x-access-token", token)
                            : null)
                    .call();
            String branch = "refs/heads/" + profile.repository().defaultBranch();
            boolean hasDefault = heads.stream().anyMatch(r -> r.getName().equals(branch));
            findings.add(new Finding("clone URL", hasDefault ? Status.OK : Status.FAIL, url + " answers ("
                    + heads.size() + " branch" + (heads.size() == 1 ? "" : "es") + ")" + (hasDefault ? ""
                            : "; it has no branch " + profile.repository().defaultBranch()
                                    + " (repository.defaultBranch)")));
        } catch (GitAPIException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (hasToken) {
                message = message.replace(token, "[REDACTED]");
            }
            findings.add(new Finding("clone URL", Status.FAIL, url + " does not answer git ls-remote: " + message));
        }
        return findings;
    }

    /**
     * The profile's anchor clone ({@code <workspace.root>/anchor.git}, where {@code acp worker} keeps it): not
     * there yet is fine (the first run clones it); there, it must be a git repository fetching from the clone URL.
     */
    static Finding anchor(Profile profile) {
        Path anchor = Standalone.expand(profile.workspace().root()).resolve("anchor.git");
        if (!java.nio.file.Files.exists(anchor.resolve("HEAD"))) {
            return new Finding("anchor clone", Status.OK, anchor + " not cloned yet (the first worker run clones it)");
        }
        try (org.eclipse.jgit.lib.Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(anchor.toFile()).setMustExist(true).build()) {
            String origin = repo.getConfig().getString("remote", "origin", "url");
            if (origin == null || !origin.equals(profile.repository().effectiveCloneUrl())) {
                return new Finding("anchor clone", Status.FAIL, anchor + " is a clone of " + origin
                        + ", not of repository.cloneUrl (" + profile.repository().effectiveCloneUrl() + "); workers refuse it: move it away to clone afresh");
            }
            java.nio.file.Path fetchHead = anchor.resolve("FETCH_HEAD");
            String fetched = java.nio.file.Files.exists(fetchHead)
                    ? ", last fetched " + java.nio.file.Files.getLastModifiedTime(fetchHead).toInstant()
                    : ", never fetched";
            return new Finding("anchor clone", Status.OK, anchor + fetched);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Finding("anchor clone", Status.FAIL, anchor + " is not a git repository (" + e.getMessage()
                    + "); move it away and the next worker run clones it again");
        }
    }

    private static void print(PrintWriter out, List<Finding> findings) {
        for (Finding f : findings) {
            out.printf("%-5s %s: %s%n", f.status().name().toLowerCase(Locale.ROOT), f.subject(), f.message());
        }
    }
}
