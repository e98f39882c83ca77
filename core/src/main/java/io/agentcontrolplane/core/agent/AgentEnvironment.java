package io.agentcontrolplane.core.agent;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment an agent process gets: an allow-list of the host's variables (paths, locale, proxies), the ones its
 * backend needs (its API key, its config home), and the run's {@code ACP_*} variables. Nothing else of the host
 * passes, and no GitHub token ever does: not by name, and not under another name whose value is a secret.
 */
final class AgentEnvironment {
    /** Host variables every agent gets when the host has them. */
    static final Set<String> BASE = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM",
            "TZ", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
            "XDG_RUNTIME_DIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "ALL_PROXY", "all_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL");
    /** Never passed, whatever a backend or an option asks for: the host pushes and talks to GitHub. */
    static final Set<String> NEVER = Set.of("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "GH_ENTERPRISE_TOKEN",
            "GITHUB_ENTERPRISE_TOKEN", "ACP_GITHUB_TOKEN", "GIT_ASKPASS", "SSH_ASKPASS", "SSH_AUTH_SOCK");

    private AgentEnvironment() {
    }

    /**
     * @param host the host's environment
     * @param backendNames the host variables this backend needs (credentials, config locations)
     * @param run the run's variables ({@code ACP_RUN_DIR}, ...), set last
     * @param secrets values that must not reach the agent under any name
     */
    static Map<String, String> build(Map<String, String> host, Collection<String> backendNames,
            Map<String, String> run, Set<String> secrets) {
        Map<String, String> env = new TreeMap<>();
        host.forEach((name, value) -> {
            if (BASE.contains(name) || name.startsWith("LC_") || backendNames.contains(name)) {
                env.put(name, value);
            }
        });
        // Git in the workspace must fail rather than wait for a password nobody types.
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("NO_COLOR", "1");
        env.putAll(run);
        env.keySet().removeAll(NEVER);
        env.values().removeIf(value -> carriesSecret(value, secrets));
        return env;
    }

    private static boolean carriesSecret(String value, Set<String> secrets) {
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank() && value.contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
