package io.jenkins.plugins.acp;

import hudson.model.Job;
import hudson.security.Permission;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * The one class of the plugin that calls {@link Jenkins#get()} (enforced by the plugin's architecture checks).
 * Everything else receives a facade, so it can be unit-tested without a running Jenkins.
 */
public class JenkinsFacade {
    /** Whether the current user has the given global permission. */
    public boolean hasPermission(Permission permission) {
        return Jenkins.get().hasPermission(permission);
    }

    /** Throws {@code AccessDeniedException} unless the current user has the given global permission. */
    public void checkPermission(Permission permission) {
        Jenkins.get().checkPermission(permission);
    }

    /** The job with this full name, if it exists and the current user may see it. */
    public Optional<Job<?, ?>> findJob(String fullName) {
        return Optional.ofNullable(Jenkins.get().getItemByFullName(fullName, Job.class));
    }
}
