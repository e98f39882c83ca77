package io.agentcontrolplane.core.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a profile file (YAML, keys named as the {@link Profile} record components) and reports every problem
 * in one pass. Loading never throws on bad input: whatever is wrong comes back as {@link ProfileProblem}s.
 *
 * <p>Beyond checking, loading normalises two things so that a loaded profile is complete: an
 * {@code agent.backends.<name>} entry gets the keys it leaves out from {@link Backends#defaultSettings(String)},
 * and a provider pool without a model gets the model of its backend's settings.
 */
public final class ProfileLoader {
    /** GitHub's limit on a label name's length. */
    public static final int MAX_LABEL_LENGTH = 50;
    /** Room left after {@code labels.schedulePrefix} for a cadence such as {@code 12h}. */
    public static final int MAX_SCHEDULE_PREFIX_LENGTH = MAX_LABEL_LENGTH - 5;
    public static final Pattern ID_PATTERN = Pattern.compile("^[a-z0-9][a-z0-9-]*$");
    public static final Pattern SLUG_PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern BRANCH_PREFIX = Pattern.compile("^[A-Za-z0-9._/-]+$");
    private static final Pattern SESSION_PREFIX = Pattern.compile("^[A-Za-z0-9._-]+$");
    private static final List<String> CLAUDE_EFFORTS = List.of("low", "medium", "high", "max");

    /** Backends that cannot run without a model. */
    public static final List<String> BACKENDS_NEEDING_MODEL =
            List.of("claude", "openclaw", "ollama", "pi", "opencode", "kilo", "gemini");

    /** Integer keys that must be at least 1; every other integer must be at least 0 (0 = disabled/none). */
    static final Set<String> AT_LEAST_ONE = Set.of(
            "limits.maxWorkers", "limits.maxPrWorkers", "limits.maxLaunchesPerHeartbeat",
            "agent.backends.*.timeoutSeconds", "agent.backends.*.stallSeconds", "agent.backends.*.maxAttempts",
            "schedules.retryCooldowns[]", "schedules.providerCooldowns[]",
            "budget.maxAttempts", "budget.maxAgentMinutes", "github.writesPerMinute");

    /** List keys that must not be empty. */
    static final Set<String> NON_EMPTY_LISTS = Set.of("schedules.retryCooldowns", "schedules.providerCooldowns",
            "naming.managedBranchPrefixes", "agent.backends.*.command");

    private static final YAMLMapper MAPPER = new YAMLMapper();

    private ProfileLoader() {
    }

    /** Loads one file; the problems name it as {@code file.toString()}. */
    public static LoadedProfile load(Path file) {
        String source = file.toString();
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return load(text, source);
        } catch (NoSuchFileException e) {
            return failed(source, "file not found");
        } catch (CharacterCodingException e) {
            return failed(source, "is not UTF-8 text");
        } catch (IOException e) {
            return failed(source, "cannot be read: " + e.getMessage());
        }
    }

    /** Loads profile text; {@code source} names it in problems (a file name, "Jenkins configuration"...). */
    public static LoadedProfile load(String text, String source) {
        Reader reader = new Reader(source);
        try {
            return reader.run(text);
        } catch (RuntimeException e) {
            // A bug of ours, not the user's: still report it rather than throw.
            reader.problem("", "could not be read (internal error: " + e + ")");
            return new LoadedProfile(source, null, reader.problems);
        }
    }

    private static LoadedProfile failed(String source, String message) {
        return new LoadedProfile(source, null, List.of(new ProfileProblem(source, "", message)));
    }

    /** One load: the problems found so far and where each key sits in the text. */
    private static final class Reader {
        private final String source;
        private final List<ProfileProblem> problems = new ArrayList<>();
        private final Set<String> failedPaths = new HashSet<>();
        private final Map<String, Integer> lines = new HashMap<>();

        Reader(String source) {
            this.source = source;
        }

        LoadedProfile run(String text) {
            JsonNode root;
            try {
                root = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                problem("", "is not valid YAML: " + firstLine(e.getOriginalMessage()) + where(e.getLocation()));
                return result(null);
            } catch (IOException e) {
                problem("", "cannot be read: " + e.getMessage());
                return result(null);
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                problem("", "is empty; a profile needs at least 'id' and 'repository.slug'");
                return result(null);
            }
            if (!root.isObject()) {
                problem("", "must be a mapping of keys (id, repository, ...) at the top level, got "
                        + describe(root));
                return result(null);
            }
            indexLines(text);
            readSchemaVersion(root.get(ProfileKeys.SCHEMA_VERSION));
            Object[] args = readComponents(Profile.class, root, "", "", Set.of(ProfileKeys.SCHEMA_VERSION));
            boolean hasId = args[0] != null;
            if (!hasId && !failedPaths.contains("id")) {
                problem("id", "is required (lower-case letters, digits and dashes, e.g. 'my-repo')");
            }
            if (!hasId) {
                args[0] = "unnamed";
            }
            Profile profile = normalise((Profile) construct(Profile.class, args, ""));
            if (profile == null) {
                return result(null);
            }
            checkProfile(profile, root);
            return result(profile);
        }

        private LoadedProfile result(Profile profile) {
            return problems.isEmpty() ? new LoadedProfile(source, profile, List.of())
                    : new LoadedProfile(source, null, problems);
        }

        // ---- problems ------------------------------------------------------------------------------------

        void problem(String path, String message) {
            Integer line = lineOf(path);
            problems.add(new ProfileProblem(source, path, line == null ? message : message + " (line " + line + ")"));
            failedPaths.add(path);
        }

        /** The line of a key, else of the nearest enclosing key given in the file (for a key left out). */
        private Integer lineOf(String path) {
            String p = path;
            while (!p.isEmpty()) {
                Integer line = lines.get(p);
                if (line != null) {
                    return line;
                }
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
            return null;
        }

        /** A problem found after reading, skipped when the same key already has one. */
        private void laterProblem(String path, String message) {
            if (!failedPaths.contains(path)) {
                problem(path, message);
            }
        }

        private boolean inFile(String path) {
            return lines.containsKey(path);
        }

        private static String where(JsonLocation location) {
            if (location == null || location.getLineNr() < 1) {
                return "";
            }
            return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }

        private static String firstLine(String s) {
            if (s == null) {
                return "syntax error";
            }
            int nl = s.indexOf('\n');
            return (nl < 0 ? s : s.substring(0, nl)).trim();
        }

        private static String describe(JsonNode node) {
            if (node.isArray()) {
                return "a list";
            }
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isTextual()) {
                return "the string \"" + node.asText() + "\"";
            }
            if (node.isBoolean()) {
                return "the boolean " + node.asText();
            }
            if (node.isNumber()) {
                return "the number " + node.asText();
            }
            return node.getNodeType().toString().toLowerCase(Locale.ROOT);
        }

        private void wrongType(String path, String expected, JsonNode node) {
            problem(path, "must be " + expected + ", got " + describe(node));
        }

        // ---- line index ----------------------------------------------------------------------------------

        /** Records the line of every key and value, and reports keys repeated in one mapping. */
        private void indexLines(String text) {
            final class Frame {
                final String path;
                final boolean array;
                int index = -1;
                String field;
                final Set<String> seen = new HashSet<>();

                Frame(String path, boolean array) {
                    this.path = path;
                    this.array = array;
                }

                String child() {
                    if (array) {
                        index++;
                        return path + "[" + index + "]";
                    }
                    return join(path, field);
                }
            }
            Deque<Frame> stack = new ArrayDeque<>();
            try (JsonParser p = MAPPER.getFactory().createParser(text)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    int line = p.currentTokenLocation().getLineNr();
                    if (t == JsonToken.FIELD_NAME) {
                        Frame top = stack.peek();
                        top.field = p.currentName();
                        String path = join(top.path, top.field);
                        if (!top.seen.add(top.field)) {
                            lines.put(path, line);
                            problem(path, "is given twice in the same mapping; remove one");
                        }
                        lines.putIfAbsent(path, line);
                        continue;
                    }
                    if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        stack.pop();
                        continue;
                    }
                    String path = stack.isEmpty() ? "" : stack.peek().child();
                    lines.putIfAbsent(path, line);
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        stack.push(new Frame(path, t == JsonToken.START_ARRAY));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The tree was read already, so this cannot fail in practice; lines are a courtesy only.
            }
        }

        private static String join(String prefix, String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        // ---- reading -------------------------------------------------------------------------------------

        private void readSchemaVersion(JsonNode node) {
            if (node == null || node.isNull()) {
                return;
            }
            if (!node.isIntegralNumber()) {
                wrongType(ProfileKeys.SCHEMA_VERSION, "the number " + ProfileKeys.CURRENT_SCHEMA_VERSION, node);
            } else if (node.asInt() != ProfileKeys.CURRENT_SCHEMA_VERSION) {
                problem(ProfileKeys.SCHEMA_VERSION, "version " + node.asText() + " is not supported; this version"
                        + " reads schemaVersion " + ProfileKeys.CURRENT_SCHEMA_VERSION);
            }
        }

        private Object readRecord(Class<?> type, JsonNode node, String path, String pattern) {
            if (!node.isObject()) {
                wrongType(path, "a mapping of " + String.join(", ", ProfileKeys.componentNames(type)), node);
                return null;
            }
            return construct(type, readComponents(type, node, path, pattern, Set.of()), path);
        }

        private Object[] readComponents(Class<?> type, JsonNode node, String path, String pattern,
                Set<String> extraKeys) {
            List<String> names = ProfileKeys.componentNames(type);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!names.contains(key) && !extraKeys.contains(key)) {
                    unknownKey(join(path, key), key, names);
                }
            }
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                JsonNode value = node.get(name);
                if (value != null && !value.isNull()) {
                    args[i] = read(components[i].getGenericType(), value, join(path, name), join(pattern, name));
                }
            }
            return args;
        }

        private void unknownKey(String path, String key, List<String> siblings) {
            Optional<String> near = ProfileKeys.suggest(key, siblings);
            String hint;
            if (near.isPresent()) {
                hint = "; did you mean '" + near.get() + "'?";
            } else {
                List<String> elsewhere = ProfileKeys.elsewhere(key);
                hint = elsewhere.isEmpty() ? "; known keys here: " + String.join(", ", siblings)
                        : "; did you mean '" + elsewhere.get(0) + "'? (it belongs at that place)";
            }
            problem(path, "unknown key '" + key + "'" + hint);
        }

        private Object construct(Class<?> type, Object[] args, String path) {
            try {
                Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents())
                        .map(RecordComponent::getType).toArray(Class<?>[]::new);
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                return ctor.newInstance(args);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                problem(path, "could not be built: " + cause.getMessage());
                return null;
            }
        }

        private Object read(Type type, JsonNode node, String path, String pattern) {
            if (type == String.class) {
                return readString(node, path, pattern);
            }
            if (type == Integer.class) {
                return readInt(node, path, pattern);
            }
            if (type == Permission.class) {
                return readPermission(node, path);
            }
            if (type instanceof Class<?> cls && cls.isRecord()) {
                return readRecord(cls, node, path, pattern);
            }
            if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
                return readList(p.getActualTypeArguments()[0], node, path, pattern);
            }
            if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
                return readMap(p.getActualTypeArguments()[1], node, path, pattern);
            }
            throw new IllegalStateException("no reader for " + type + " at " + path);
        }

        private String readString(JsonNode node, String path, String pattern) {
            if (!node.isTextual()) {
                wrongType(path, "a string" + (node.isValueNode() ? " (put it in quotes)" : ""), node);
                return null;
            }
            String s = node.asText();
            if (s.isBlank()) {
                problem(path, "must not be empty; leave the key out to get the default");
                return null;
            }
            return checkString(s, path, pattern) ? s : null;
        }

        /** Rules for particular string keys; true when the value is acceptable. */
        private boolean checkString(String s, String path, String pattern) {
            switch (pattern) {
                case "id" -> {
                    return require(ID_PATTERN.matcher(s).matches(), path, "must match ^[a-z0-9][a-z0-9-]*$"
                            + " (lower-case letters, digits and dashes, not starting with a dash), got '" + s + "'");
                }
                case "repository.slug" -> {
                    return require(SLUG_PATTERN.matcher(s).matches(), path,
                            "must be 'owner/repo' as on GitHub, got '" + s + "'");
                }
                case "repository.apiUrl" -> {
                    return require(isHttpUrl(s), path, "must be an http:// or https:// URL, got '" + s + "'");
                }
                case "credentials.tokenEnv" -> {
                    return require(ENV_NAME.matcher(s).matches(), path,
                            "must be an environment variable name such as GITHUB_TOKEN, got '" + s + "'");
                }
                case "agent.backend", "agent.pools[].backend" -> {
                    return require(Backends.isSupported(s), path, "unsupported backend '" + s + "'"
                            + suggestion(s, Backends.SUPPORTED) + "; supported: " + String.join(", ", Backends.SUPPORTED));
                }
                case "agent.backends.*.effort" -> {
                    return !path.equals("agent.backends.claude.effort") || require(CLAUDE_EFFORTS.contains(s), path,
                            "must be one of " + String.join(", ", CLAUDE_EFFORTS) + " for claude, got '" + s + "'");
                }
                case "heavy.titlePattern", "heavy.bodyPattern" -> {
                    try {
                        Pattern.compile(s, Pattern.CASE_INSENSITIVE);
                        return true;
                    } catch (PatternSyntaxException e) {
                        problem(path, "is not a valid regular expression: " + e.getDescription()
                                + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in '" + s + "'");
                        return false;
                    }
                }
                case "assessment.lowRiskPaths[]", "assessment.criticalInfraPaths[]",
                        "assessment.systemBreakingPaths[]", "assessment.criticalAppPaths[]",
                        "assessment.testPaths[]" -> {
                    try {
                        Glob.of(s);
                        return true;
                    } catch (IllegalArgumentException e) {
                        problem(path, "is not a valid path glob: " + e.getMessage());
                        return false;
                    }
                }
                case "heavy.labels[]", "trust.optInLabel" -> {
                    return checkLabelLength(s, path, MAX_LABEL_LENGTH);
                }
                case "naming.issueBranchPrefix", "naming.prBranchPrefix", "naming.managedBranchPrefixes[]" -> {
                    return require(BRANCH_PREFIX.matcher(s).matches() && !s.contains("..") && !s.startsWith("/"),
                            path, "must be a branch name prefix (letters, digits, '.', '_', '-', '/'; no '..',"
                                    + " not starting with '/'), got '" + s + "'");
                }
                case "naming.issueSessionPrefix", "naming.prSessionPrefix" -> {
                    return require(SESSION_PREFIX.matcher(s).matches(), path,
                            "must use only letters, digits, '.', '_' and '-', got '" + s + "'");
                }
                default -> {
                    if (pattern.startsWith("labels.")) {
                        int max = pattern.equals("labels.schedulePrefix") ? MAX_SCHEDULE_PREFIX_LENGTH : MAX_LABEL_LENGTH;
                        return checkLabelLength(s, path, max);
                    }
                    return true;
                }
            }
        }

        private boolean checkLabelLength(String s, String path, int max) {
            int length = s.codePointCount(0, s.length());
            return require(length <= max, path, "is " + length + " characters long; GitHub label names are at most "
                    + MAX_LABEL_LENGTH + (max < MAX_LABEL_LENGTH ? " and this prefix needs room for a cadence such as"
                    + " '12h', so at most " + max : "") + ": '" + s + "'");
        }

        private boolean require(boolean ok, String path, String message) {
            if (!ok) {
                problem(path, message);
            }
            return ok;
        }

        private static boolean isHttpUrl(String s) {
            try {
                URI uri = new URI(s);
                String scheme = uri.getScheme();
                return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static String suggestion(String value, List<String> candidates) {
            return ProfileKeys.suggest(value, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
        }

        private Integer readInt(JsonNode node, String path, String pattern) {
            int min = AT_LEAST_ONE.contains(pattern) ? 1 : 0;
            if (node.isIntegralNumber()) {
                if (!node.canConvertToInt()) {
                    problem(path, "is too large: " + node.asText());
                    return null;
                }
                int value = node.intValue();
                if (value < min) {
                    problem(path, min == 0 ? "must not be negative, got " + value
                            : "must be at least 1, got " + value);
                    return null;
                }
                return value;
            }
            if (node.isNumber()) {
                problem(path, "must be a whole number, got " + node.asText());
            } else if (node.isTextual() && node.asText().trim().matches("-?\\d+")) {
                problem(path, "must be a number, got the string \"" + node.asText() + "\" (remove the quotes)");
            } else {
                wrongType(path, "a whole number", node);
            }
            return null;
        }

        private Permission readPermission(JsonNode node, String path) {
            if (!node.isTextual()) {
                wrongType(path, "a permission name", node);
                return null;
            }
            try {
                return Permission.parse(node.asText());
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private List<Object> readList(Type elementType, JsonNode node, String path, String pattern) {
            if (!node.isArray()) {
                wrongType(path, "a list", node);
                return null;
            }
            if (node.isEmpty() && NON_EMPTY_LISTS.contains(pattern)) {
                problem(path, "must not be empty" + (pattern.equals("naming.managedBranchPrefixes")
                        ? "; leave the key out to get the default prefixes" : ""));
                return null;
            }
            List<Object> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                String elementPath = path + "[" + i + "]";
                if (element.isNull()) {
                    problem(elementPath, "must not be empty");
                    ok = false;
                    continue;
                }
                Object value = read(elementType, element, elementPath, pattern + "[]");
                if (value == null) {
                    ok = false;
                } else {
                    out.add(value);
                }
            }
            // A list with a bad element is dropped whole, so the default applies rather than a partial list.
            return ok ? out : null;
        }

        private Map<String, Object> readMap(Type valueType, JsonNode node, String path, String pattern) {
            if (!node.isObject()) {
                wrongType(path, "a mapping", node);
                return null;
            }
            List<String> allowed = switch (pattern) {
                case "agent.backends" -> Backends.SUPPORTED;
                case "templates" -> ProfileKeys.TEMPLATE_LANES;
                default -> null;
            };
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String entryPath = join(path, key);
                if (allowed != null && !allowed.contains(key)) {
                    problem(entryPath, "unknown " + (pattern.equals("templates") ? "lane" : "backend") + " '" + key
                            + "'" + suggestion(key, allowed) + "; expected one of " + String.join(", ", allowed));
                    continue;
                }
                JsonNode v = e.getValue();
                Object value;
                if (v.isNull()) {
                    problem(entryPath, "has no value");
                    continue;
                } else if (pattern.endsWith(".options") && v.isValueNode()) {
                    value = v.asText(); // free-form backend options: numbers and booleans are kept as text
                } else {
                    value = read(valueType, v, entryPath, pattern + ".*");
                }
                if (value != null) {
                    out.put(key, value);
                }
            }
            return out;
        }

        // ---- normalising ---------------------------------------------------------------------------------

        /** Completes backend entries from the backend's defaults and gives model-less pools their model. */
        private Profile normalise(Profile p) {
            if (p == null) {
                return null;
            }
            Profile.AgentSettings agent = p.agent();
            Map<String, Profile.BackendSettings> backends = new LinkedHashMap<>();
            agent.backends().forEach((name, s) -> {
                Profile.BackendSettings d = Backends.defaultSettings(name);
                String base = "agent.backends." + name + ".";
                backends.put(name, new Profile.BackendSettings(
                        s.model() != null ? s.model() : d.model(),
                        s.effort() != null ? s.effort() : d.effort(),
                        inFile(base + "timeoutSeconds") ? s.timeoutSeconds() : d.timeoutSeconds(),
                        inFile(base + "stallSeconds") ? s.stallSeconds() : d.stallSeconds(),
                        inFile(base + "maxAttempts") ? s.maxAttempts() : d.maxAttempts(),
                        inFile(base + "retryBackoffSeconds") ? s.retryBackoffSeconds() : d.retryBackoffSeconds(),
                        s.command(), s.options()));
            });
            Profile.AgentSettings withBackends = new Profile.AgentSettings(agent.backend(), backends, List.of());
            List<Profile.ProviderPool> pools = new ArrayList<>();
            for (Profile.ProviderPool pool : agent.pools()) {
                String model = pool.model();
                if (model == null && pool.backend() != null && Backends.isSupported(pool.backend())) {
                    model = withBackends.settingsFor(pool.backend()).model();
                }
                pools.add(new Profile.ProviderPool(pool.name(), pool.backend(), model));
            }
            return p.withAgent(new Profile.AgentSettings(agent.backend(), backends, pools));
        }

        // ---- checks across keys --------------------------------------------------------------------------

        private void checkProfile(Profile p, JsonNode root) {
            JsonNode repo = root.get("repository");
            boolean noSlug = repo == null || repo.isNull() || repo.isObject() && p.repository().slug() == null;
            if (noSlug && !failedPaths.contains("repository.slug") && !failedPaths.contains("repository")) {
                problem(repo == null ? "repository" : "repository.slug", "repository.slug is required ('owner/repo')");
            }
            checkAgent(p.agent());
            checkLabels(p);
            checkNaming(p.naming());
        }

        private void checkAgent(Profile.AgentSettings agent) {
            List<String> commandUsers = new ArrayList<>();
            if ("command".equals(agent.backend())) {
                commandUsers.add("agent.backend");
            }
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < agent.pools().size(); i++) {
                Profile.ProviderPool pool = agent.pools().get(i);
                String path = "agent.pools[" + i + "]";
                if (pool.name() == null) {
                    laterProblem(path + ".name", "is required: every pool needs a name");
                } else if (names.containsKey(pool.name())) {
                    laterProblem(path + ".name", "pool name '" + pool.name() + "' is already used by agent.pools["
                            + names.get(pool.name()) + "]");
                } else {
                    names.put(pool.name(), i);
                }
                if (pool.backend() == null) {
                    laterProblem(path + ".backend", "is required; supported: " + String.join(", ", Backends.SUPPORTED));
                    continue;
                }
                if (!Backends.isSupported(pool.backend())) {
                    continue; // reported when read
                }
                if (pool.backend().equals("command")) {
                    commandUsers.add(path);
                }
                if (BACKENDS_NEEDING_MODEL.contains(pool.backend()) && pool.model() == null) {
                    laterProblem(path + ".model", "backend " + pool.backend() + " needs a model: set it here or in"
                            + " agent.backends." + pool.backend() + ".model");
                }
            }
            if (BACKENDS_NEEDING_MODEL.contains(agent.backend()) && agent.settingsFor(agent.backend()).model() == null) {
                laterProblem("agent.backends." + agent.backend() + ".model", "backend " + agent.backend()
                        + " needs a model");
            }
            if (!commandUsers.isEmpty()) {
                Profile.BackendSettings command = agent.backends().get("command");
                if (command == null || command.command().isEmpty()) {
                    String path = "agent.backends.command.command";
                    if (!failedPaths.contains(path) && !failedPaths.contains("agent.backends.command")) {
                        problem(path, "the command backend (used by " + String.join(", ", commandUsers)
                                + ") needs a non-empty command list, e.g. [\"./my-agent.sh\", \"{prompt}\"]");
                    }
                }
            }
        }

        private void checkLabels(Profile p) {
            Map<String, String> roles = new LinkedHashMap<>();
            Profile.Labels labels = p.labels();
            for (RecordComponent c : Profile.Labels.class.getRecordComponents()) {
                if (!c.getName().equals("schedulePrefix")) {
                    roles.put("labels." + c.getName(), (String) value(c, labels));
                }
            }
            roles.put("trust.optInLabel", p.trust().optInLabel());
            Map<String, List<String>> byName = new LinkedHashMap<>();
            roles.forEach((path, name) -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(path));
            byName.forEach((name, paths) -> {
                if (paths.size() > 1) {
                    String at = paths.stream().filter(this::inFile).reduce((a, b) -> b).orElse(paths.get(paths.size() - 1));
                    List<String> others = paths.stream().filter(x -> !x.equals(at)).toList();
                    laterProblem(at, "label '" + name + "' is also used for " + String.join(", ", others)
                            + "; each role needs its own label");
                }
            });
            String prefix = labels.schedulePrefix();
            roles.forEach((path, name) -> {
                if (name.startsWith(prefix)) {
                    laterProblem(inFile(path) ? path : "labels.schedulePrefix", "label '" + name + "' of " + path
                            + " starts with labels.schedulePrefix '" + prefix + "' and would be taken for a"
                            + " schedule label");
                }
            });
        }

        private void checkNaming(Profile.Naming n) {
            checkPrefixPair("naming.issueBranchPrefix", n.issueBranchPrefix(), "naming.prBranchPrefix",
                    n.prBranchPrefix(), "branches");
            checkPrefixPair("naming.issueSessionPrefix", n.issueSessionPrefix(), "naming.prSessionPrefix",
                    n.prSessionPrefix(), "sessions");
            boolean managed = n.managedBranchPrefixes().stream().anyMatch(n.issueBranchPrefix()::startsWith);
            if (!managed) {
                laterProblem(inFile("naming.issueBranchPrefix") ? "naming.issueBranchPrefix"
                        : "naming.managedBranchPrefixes", "issue branches ('" + n.issueBranchPrefix()
                        + "...') are not under any of naming.managedBranchPrefixes " + n.managedBranchPrefixes()
                        + ", so the agent's own pull requests would not be recognised as managed");
            }
        }

        private void checkPrefixPair(String issuePath, String issue, String prPath, String pr, String what) {
            String at = inFile(prPath) || !inFile(issuePath) ? prPath : issuePath;
            String other = at.equals(prPath) ? issuePath : prPath;
            String mine = at.equals(prPath) ? pr : issue;
            String theirs = at.equals(prPath) ? issue : pr;
            if (issue.equals(pr)) {
                laterProblem(at, "equals " + other + " '" + theirs + "'; issue and PR " + what + " must be told apart");
            } else if (issue.startsWith(pr) || pr.startsWith(issue)) {
                laterProblem(at, "'" + mine + "' and " + other + " '" + theirs + "' start alike (one is a prefix of"
                        + " the other), so issue and PR " + what + " could not be told apart");
            }
        }

        private static Object value(RecordComponent c, Object target) {
            try {
                return c.getAccessor().invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
