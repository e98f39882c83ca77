package io.agentcontrolplane.core.profile;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The agent backends the control plane knows how to run, with their default settings. */
public final class Backends {
    /** Every supported backend name; {@code command} runs any configured command line. */
    public static final List<String> SUPPORTED =
            List.of("codex", "claude", "openclaw", "ollama", "pi", "opencode", "kilo", "gemini", "command");

    private static final Map<String, Profile.BackendSettings> DEFAULTS = Map.of(
            "codex", settings(null, null, 900, 300),
            "claude", settings("sonnet", "medium", 900, 300),
            "openclaw", settings("openrouter/qwen/qwen3.6-plus-preview:free", null, 900, 180),
            "ollama", settings("qwen2.5-coder:7b", null, 900, 300),
            "pi", settings("openrouter/qwen/qwen3.6-plus:free", null, 900, 300),
            "opencode", settings("anthropic/claude-sonnet-4-20250514", null, 900, 300),
            "kilo", settings("anthropic/claude-sonnet-4-20250514", null, 900, 300),
            "gemini", settings("gemini-2.5-pro", null, 900, 300),
            "command", settings(null, null, 900, 300));

    private Backends() {
    }

    private static Profile.BackendSettings settings(String model, String effort, int timeout, int stall) {
        return new Profile.BackendSettings(model, effort, timeout, stall, 3, 30, List.of(), Map.of());
    }

    public static boolean isSupported(String backend) {
        return SUPPORTED.contains(backend);
    }

    public static Profile.BackendSettings defaultSettings(String backend) {
        Profile.BackendSettings s = DEFAULTS.get(backend);
        return s != null ? s : settings(null, null, 900, 300);
    }

    /**
     * The key a provider's cooldown is stored under: {@code backend-model}, lower-cased, with every run of
     * characters outside {@code [a-z0-9._-]} replaced by one dash.
     */
    public static String providerKey(String backend, String model) {
        String raw = model == null || model.isBlank() ? backend : backend + "-" + model;
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }
}
