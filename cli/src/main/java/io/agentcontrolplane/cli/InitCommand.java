package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Backends;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import io.agentcontrolplane.core.profile.ProfileScaffold;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp init}: scaffolds a profile for a repository, from flags or by asking. */
@Command(name = "init", description = "Writes a new profile for a repository: from the options, or by asking for"
        + " each value (--interactive, or when --repo is missing in a terminal). The file is checked as acp validate"
        + " would; --dry-run prints it instead.")
final class InitCommand implements Callable<Integer> {
    /** Where interactive answers come from; the terminal but in tests. */
    static InputStream input = System.in;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "The GitHub repository.")
    String repo;

    @Option(names = "--id", paramLabel = "ID", description = "The profile id (default: the repository's name).")
    String id;

    @Option(names = "--api-url", paramLabel = "URL", description = "The GitHub API (default: https://api.github.com;"
            + " https://HOST/api/v3 for GitHub Enterprise).")
    String apiUrl;

    @Option(names = "--token-env", paramLabel = "VAR", description = "The variable holding the token (default:"
            + " GITHUB_TOKEN).")
    String tokenEnv;

    @Option(names = "--backend", paramLabel = "NAME", description = "The agent backend (default: claude; one of"
            + " codex, claude, openclaw, ollama, pi, opencode, kilo, gemini, command).")
    String backend;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace root: state, runs, worktrees"
            + " (default: ~/.acp/ID).")
    String workspace;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: ID.yaml).")
    Path output;

    @Option(names = {"-i", "--interactive"}, description = "Ask for each value (Enter keeps the default).")
    boolean interactive;

    @Option(names = "--dry-run", description = "Print the profile; write nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (interactive || repo == null && System.console() != null) {
            ask(out);
        }
        if (repo == null) {
            throw new AcpCommand.InputException("--repo: the repository (OWNER/NAME) is required; or run acp init"
                    + " --interactive to be asked");
        }
        String profileId = id != null ? id : defaultId(repo);
        String text = render(profileId);
        Path file = output != null ? output : Path.of(profileId + ".yaml");
        LoadedProfile loaded = ProfileLoader.load(text, file.toString());
        if (!loaded.isValid()) {
            throw new AcpCommand.InputException("the profile would be invalid:\n" + loaded.problems().stream()
                    .map(ProfileProblem::toString).collect(Collectors.joining("\n")));
        }
        if (dryRun) {
            out.print(text);
            return 0;
        }
        if (Files.exists(file) && !force) {
            throw new AcpCommand.InputException(file + " exists; --force overwrites it, --dry-run shows the profile");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AcpCommand.InputException("cannot write " + file + ": " + e.getMessage());
        }
        out.println("wrote " + file + " (profile " + profileId + ", repository " + repo + ")");
        out.println("next: export " + token() + "=...; acp plan --profile " + file + "; acp run --profile " + file
                + " --worker-command CMD");
        return 0;
    }

    private String token() {
        return tokenEnv != null ? tokenEnv : "GITHUB_TOKEN";
    }

    static String defaultId(String slug) {
        String name = slug.contains("/") ? slug.substring(slug.indexOf('/') + 1) : slug;
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "profile" : cleaned;
    }

    String render(String profileId) {
        return new ProfileScaffold(List.of("Profile " + profileId + " for " + repo + ", written by acp init.",
                "Every key and its default: docs/profile.md. Check it: acp validate FILE"), profileId, repo, apiUrl,
                token(), backend, workspace != null ? workspace : "~/.acp/" + profileId).text();
    }

    private void ask(PrintWriter out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        repo = prompt(in, out, "Repository (OWNER/NAME)", repo);
        id = prompt(in, out, "Profile id", id != null ? id : repo == null ? null : defaultId(repo));
        apiUrl = prompt(in, out, "GitHub API URL", apiUrl != null ? apiUrl : Profile.RepositorySettings.GITHUB_API);
        tokenEnv = prompt(in, out, "Variable holding the token", token());
        backend = prompt(in, out, "Agent backend (" + String.join(", ", Backends.SUPPORTED) + ")",
                backend != null ? backend : ProfileScaffold.DEFAULT_BACKEND);
        workspace = prompt(in, out, "Workspace root", workspace != null ? workspace : "~/.acp/" + id);
    }

    private static String prompt(BufferedReader in, PrintWriter out, String question, String current) {
        out.print(question + (current == null ? "" : " [" + current + "]") + ": ");
        out.flush();
        try {
            String line = in.readLine();
            return line == null || line.isBlank() ? current : line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
