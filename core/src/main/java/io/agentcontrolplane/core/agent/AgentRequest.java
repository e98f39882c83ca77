package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.Lane;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One agent invocation.
 *
 * @param runId the run this invocation belongs to
 * @param lane the run's lane (a backend may pick a read-only mode for review and scheduled lanes)
 * @param backend one of {@link io.agentcontrolplane.core.profile.Backends#SUPPORTED}
 * @param settings the backend's settings from the profile (model, effort, timeout, stall, command, options)
 * @param workspace the isolated workspace the agent works in (its working directory)
 * @param runDirectory the run directory; the agent writes its result, journal and comment files here
 * @param promptFile the rendered prompt
 * @param environment extra variables for the agent (ACP_RUN_DIR, ACP_RESULT_FILE, ...); never a GitHub token
 * @param secrets values to redact from everything captured (tokens, keys)
 */
public record AgentRequest(String runId, Lane lane, String backend, Profile.BackendSettings settings, Path workspace,
        Path runDirectory, Path promptFile, Map<String, String> environment, java.util.Set<String> secrets) {
    public AgentRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(promptFile, "promptFile");
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        secrets = java.util.Set.copyOf(Objects.requireNonNullElse(secrets, java.util.Set.of()));
    }
}
