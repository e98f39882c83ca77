package io.agentcontrolplane.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.profile.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks, without running an agent, that a backend can work on this machine: its program is found on the agent's
 * PATH and answers {@code --version}, its login is present (a credential variable set or the CLI's credential file
 * present: names only, never values), and for ollama that the server answers and has the model. Read-only: it
 * starts nothing but the version command and writes nothing.
 */
public final class BackendDoctor {
    /** How a check came out: a warning is a doubt (a login may live in a keychain), a failure stops agents. */
    public enum Status {
        OK, WARN, FAIL
    }

    /** One line of the doctor's report. */
    public record Finding(String subject, Status status, String message) {
        public Finding {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }
    }

    private static final Pattern AUTH_VARIABLE = Pattern.compile(".*(_KEY|_TOKEN)$|CLAUDE_CODE_USE_(BEDROCK|VERTEX)"
            + "|GOOGLE_GENAI_USE_VERTEXAI|GOOGLE_APPLICATION_CREDENTIALS");
    private static final long VERSION_TIMEOUT_SECONDS = 15;

    private final Map<String, String> hostEnvironment;
    private final Map<String, AgentBackend> backends;

    public BackendDoctor(Map<String, String> hostEnvironment) {
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.backends = LocalAgentRunner.all().stream()
                .collect(Collectors.toUnmodifiableMap(AgentBackend::name, Function.identity()));
    }

    /** The findings for one backend with the profile's settings for it. */
    public List<Finding> check(String backend, Profile.BackendSettings settings) throws InterruptedException {
        AgentBackend adapter = backends.get(backend);
        if (adapter == null) {
            return List.of(new Finding(backend, Status.FAIL, "not a supported backend"));
        }
        if (adapter instanceof OllamaBackend) {
            return ollama(settings);
        }
        return cli((CliBackend) adapter, settings);
    }

    private List<Finding> cli(CliBackend backend, Profile.BackendSettings settings) throws InterruptedException {
        String name = backend.name();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> env = AgentEnvironment.build(hostEnvironment, backend.environmentNames(), Map.of(),
                Set.of());
        String program = backend.program(settings);
        if (program == null || program.isBlank()) {
            findings.add(new Finding(name, Status.FAIL, "no command configured (agent.backends." + name + ".command)"));
            return findings;
        }
        Path home = Path.of(Objects.requireNonNullElse(hostEnvironment.get("HOME"), System.getProperty("user.home")));
        Path resolved = Executables.find(program, env.get("PATH"), home).orElse(null);
        if (resolved == null) {
            findings.add(new Finding(name, Status.FAIL, "program '" + program + "' not found"
                    + (program.contains("/") ? "" : " on PATH") + "; install it or set agent.backends." + name
                    + ".options.binary"));
            return findings;
        }
        if (!Files.isExecutable(resolved)) {
            findings.add(new Finding(name, Status.FAIL, resolved + " is not executable"));
            return findings;
        }
        findings.add(new Finding(name, Status.OK, "program " + resolved));
        if (!(backend instanceof CommandBackend)) {
            findings.add(version(name, resolved, backend.versionArguments(), env, home));
            findings.add(auth(backend, home));
        }
        return findings;
    }

    private static Finding version(String name, Path program, List<String> args, Map<String, String> env, Path home)
            throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (Files.isDirectory(home)) {
            builder.directory(home.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Finding(name + " version", Status.FAIL, "cannot start " + program + ": " + e.getMessage());
        }
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            // A version line is short: the first 4 KiB are enough, the rest is left unread.
            try (InputStream in = process.getInputStream()) {
                output.writeBytes(in.readNBytes(4096));
            } catch (IOException e) {
                // nothing read: reported as no output
            }
        }, "acp-doctor-version");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            new ProcessTree(process.toHandle(), "-").kill(java.time.Duration.ofSeconds(2));
            return new Finding(name + " version", Status.WARN, String.join(" ", args) + " did not answer within "
                    + VERSION_TIMEOUT_SECONDS + " s");
        }
        reader.join(2000);
        String first = output.toString(StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).findFirst().orElse("(no output)");
        if (process.exitValue() != 0) {
            return new Finding(name + " version", Status.WARN, String.join(" ", args) + " exited with "
                    + process.exitValue() + ": " + FailureText.shorten(first));
        }
        return new Finding(name + " version", Status.OK, FailureText.shorten(first));
    }

    private Finding auth(CliBackend backend, Path home) {
        String name = backend.name();
        List<String> set = backend.environmentNames().stream()
                .filter(v -> AUTH_VARIABLE.matcher(v).matches())
                .filter(v -> hostEnvironment.get(v) != null && !hostEnvironment.get(v).isBlank())
                .filter(v -> !AgentEnvironment.NEVER.contains(v))
                .sorted().toList();
        List<String> files = backend.credentialFiles().stream().filter(f -> Files.isRegularFile(home.resolve(f)))
                .map(f -> "~/" + f).toList();
        if (!set.isEmpty() || !files.isEmpty()) {
            List<String> found = new ArrayList<>(set.stream().map(v -> v + " set").toList());
            found.addAll(files.stream().map(f -> f + " present").toList());
            return new Finding(name + " auth", Status.OK, String.join(", ", found));
        }
        List<String> wanted = backend.environmentNames().stream()
                .filter(v -> AUTH_VARIABLE.matcher(v).matches()).sorted().toList();
        return new Finding(name + " auth", Status.WARN, "no credential found: none of " + String.join(", ", wanted)
                + " is set" + (backend.credentialFiles().isEmpty() ? "" : " and no ~/"
                        + String.join(" or ~/", backend.credentialFiles()) + " exists")
                + "; log in with the CLI first (a login kept in a system keychain is not visible here)");
    }

    private List<Finding> ollama(Profile.BackendSettings settings) {
        String url = OllamaBackend.baseUrl(settings.options(), hostEnvironment);
        List<Finding> findings = new ArrayList<>();
        JsonNode version;
        try {
            version = get(url + "/api/version");
        } catch (IOException e) {
            findings.add(new Finding("ollama", Status.FAIL, "no answer from " + url + " (" + e.getMessage()
                    + "); start `ollama serve` or set agent.backends.ollama.options.baseUrl or OLLAMA_HOST"));
            return findings;
        }
        findings.add(new Finding("ollama", Status.OK, "server " + url));
        findings.add(new Finding("ollama version", Status.OK, version.path("version").asText("unknown")));
        String model = settings.model();
        if (model == null || model.isBlank()) {
            findings.add(new Finding("ollama model", Status.FAIL, "no model configured (agent.backends.ollama.model)"));
            return findings;
        }
        try {
            JsonNode tags = get(url + "/api/tags");
            List<String> names = new ArrayList<>();
            tags.path("models").forEach(m -> names.add(m.path("name").asText()));
            String wanted = model.contains(":") ? model : model + ":latest";
            if (names.contains(model) || names.contains(wanted)) {
                findings.add(new Finding("ollama model", Status.OK, model + " is available"));
            } else {
                findings.add(new Finding("ollama model", Status.FAIL, model + " is not pulled (have: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + "); run: ollama pull " + model));
            }
        } catch (IOException e) {
            findings.add(new Finding("ollama model", Status.FAIL, "cannot list models: " + e.getMessage()));
        }
        return findings;
    }

    private static JsonNode get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(10000);
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                return new ObjectMapper().readTree(in.readNBytes(4 << 20));
            }
        } finally {
            connection.disconnect();
        }
    }
}
