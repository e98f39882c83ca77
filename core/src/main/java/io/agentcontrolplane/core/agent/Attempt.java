package io.agentcontrolplane.core.agent;

import java.util.Map;

/**
 * What a backend gets for one attempt.
 *
 * @param number 1 for the first attempt
 * @param hostEnvironment the host's environment, from which {@link AgentEnvironment} picks what passes
 */
record Attempt(AgentRequest request, int number, RunLog log, Map<String, String> hostEnvironment,
        ProcessSupervisor supervisor) {
    /** A backend option (profile {@code agent.backends.<name>.options}), or {@code fallback}. */
    String option(String key, String fallback) {
        String value = request.settings().options().get(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
