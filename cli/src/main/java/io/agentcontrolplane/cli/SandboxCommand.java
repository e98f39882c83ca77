package io.agentcontrolplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentcontrolplane.sandbox.GitHubSandbox;
import io.agentcontrolplane.sandbox.Permission;
import io.agentcontrolplane.sandbox.SandboxMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp sandbox}: the loopback GitHub sandbox on its own, seeded, until interrupted. */
@Command(name = "sandbox", description = "Starts the GitHub sandbox (a GitHub-compatible server on 127.0.0.1 with real"
        + " git repositories) and serves until interrupted. Prints its URL, the users' tokens and how to add issues.")
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "DEMO|FILE", description = "What to put in it: 'demo' (the demo project"
            + " demo/calc and its issues) or a seed file (JSON, see docs/cli.md). Default: user octocat (token"
            + " sandbox-token) administering an empty acme/widgets.")
    String seed;

    @Option(names = "--port", paramLabel = "N", description = "The port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the repositories live (default: a temporary directory, removed on exit).")
    Path data;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new AcpCommand.InputException("--port: " + port + " is not a port number (0 to 65535)");
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        GitHubSandbox sandbox = start(seed, port, data, tokens);
        PrintWriter out = spec.commandLine().getOut();
        describe(sandbox, tokens, out);
        out.println("Serving until interrupted (Ctrl-C).");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "acp-sandbox-stop"));
        stopped.await();
        return 0;
    }

    /** A started sandbox with the seed applied; {@code tokens} receives each seeded user's token. */
    static GitHubSandbox start(String seed, int port, Path data, Map<String, String> tokens) {
        GitHubSandbox.Builder b = GitHubSandbox.builder().port(port);
        if (data != null) {
            b.dataDir(data);
        }
        if (seed == null) {
            tokens.put("octocat", "sandbox-token");
            b.user("octocat", "sandbox-token").repo("acme/widgets")
                    .permission("acme/widgets", "octocat", Permission.ADMIN);
        } else {
            JsonNode root = seed.equalsIgnoreCase(SandboxMain.DEMO) ? SandboxMain.demoSeed() : readSeed(Path.of(seed));
            b.seed(s -> SandboxMain.apply(s, root, tokens));
        }
        try {
            return b.build().start();
        } catch (RuntimeException e) {
            throw new AcpCommand.InputException("the sandbox could not start" + (port > 0 ? " on port " + port : "")
                    + ": " + e.getMessage());
        }
    }

    private static JsonNode readSeed(Path file) {
        try {
            JsonNode root = io.agentcontrolplane.core.json.Json.mapper().readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new AcpCommand.InputException(file + ": a seed is a JSON object with users and repos");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new AcpCommand.InputException("--seed " + file + ": no such file (or use --seed demo)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AcpCommand.InputException(file + ": " + io.agentcontrolplane.core.json.JsonProblems.describe(e));
        } catch (IOException e) {
            throw new AcpCommand.InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The URL, the tokens, a repository's clone URL and how to add an issue. */
    static void describe(GitHubSandbox sandbox, Map<String, String> tokens, PrintWriter out) {
        out.println("GitHub sandbox at " + sandbox.baseUrl() + " (GitHub Enterprise style: "
                + sandbox.enterpriseUrl() + ")");
        tokens.forEach((login, token) -> out.println("  user " + login + ", token " + token));
        String anyToken = tokens.values().stream().findFirst().orElse("TOKEN");
        for (String slug : sandbox.repoNames()) {
            out.println("  repository " + slug + ": git clone " + sandbox.baseUrl() + "/" + slug + ".git");
        }
        String slug = sandbox.repoNames().stream().findFirst().orElse("OWNER/REPO");
        out.println("Add an issue:");
        out.println("  curl -s -H 'Authorization: token " + anyToken + "' -d '{\"title\": \"Fix it\", \"body\":"
                + " \"...\"}' " + sandbox.baseUrl() + "/repos/" + slug + "/issues");
    }
}
