package io.agentcontrolplane.core.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of a new profile: what {@code acp init} writes and what Jenkins shows for a profile being added. Only the
 * keys a user must decide are written; everything else is left out, so it takes the engine's default.
 *
 * @param comments     comment lines written first, without their {@code #}
 * @param id           the profile id
 * @param slug         the repository, {@code owner/name}
 * @param apiUrl       the GitHub API URL
 * @param tokenEnv     the variable holding the token (standalone runtime); {@code null} leaves credentials out
 * @param backend      the agent backend
 * @param workspace    the workspace root; {@code null} leaves it to its default
 */
public record ProfileScaffold(List<String> comments, String id, String slug, String apiUrl, String tokenEnv,
        String backend, String workspace) {
    /** The backend a new profile starts with. */
    public static final String DEFAULT_BACKEND = "claude";

    public ProfileScaffold {
        comments = List.copyOf(comments);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        apiUrl = Objects.requireNonNullElse(apiUrl, Profile.RepositorySettings.GITHUB_API);
        backend = Objects.requireNonNullElse(backend, DEFAULT_BACKEND);
    }

    /** The profile file's text, starting with {@code schemaVersion: 1} after the comments. */
    public String text() {
        List<String> lines = new ArrayList<>();
        comments.forEach(c -> lines.add("# " + c));
        lines.add(ProfileKeys.SCHEMA_VERSION + ": " + ProfileKeys.CURRENT_SCHEMA_VERSION);
        lines.add("id: " + id);
        lines.add("repository:");
        lines.add("  slug: " + slug);
        lines.add("  apiUrl: " + apiUrl);
        if (tokenEnv != null) {
            lines.add("credentials:");
            lines.add("  tokenEnv: " + tokenEnv);
        }
        lines.add("agent:");
        lines.add("  backend: " + backend);
        if (workspace != null) {
            lines.add("workspace:");
            lines.add("  root: " + workspace);
        }
        return String.join("\n", lines) + "\n";
    }
}
