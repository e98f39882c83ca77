package io.jenkins.plugins.acp;

import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.security.Permission;
import java.io.File;
import java.util.List;
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

    /** The names of the parameters a job defines (empty when it takes none). */
    public List<String> parameterNames(Job<?, ?> job) {
        ParametersDefinitionProperty property = job.getProperty(ParametersDefinitionProperty.class);
        return property == null ? List.of() : property.getParameterDefinitionNames();
    }

    /** The queue items (waiting, blocked, buildable or pending) of a job. */
    public List<Queue.Item> queueItems(Job<?, ?> job) {
        if (job instanceof Queue.Task task) {
            return Jenkins.get().getQueue().getItems(task);
        }
        return List.of();
    }

    /** Jenkins as the root item group, the context of global credentials. */
    public ItemGroup<? extends Item> root() {
        return Jenkins.get();
    }

    /** The item with this full name, if it exists and the current user may see it. */
    public Optional<Item> findItem(String fullName) {
        return Optional.ofNullable(Jenkins.get().getItemByFullName(fullName));
    }

    /** JENKINS_HOME. */
    public File rootDir() {
        return Jenkins.get().getRootDir();
    }
}
