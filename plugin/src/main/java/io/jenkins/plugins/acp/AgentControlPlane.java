package io.jenkins.plugins.acp;

import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;

/**
 * The plugin's permission, {@code AgentControlPlane.View} (id {@code io.jenkins.plugins.acp.AgentControlPlane.View},
 * a permission's id being its owner class and its name), in the group "Agent Control Plane", implied by
 * Overall/Administer. The dashboard and its API need it besides Overall/Read: they show every profile's runs,
 * prompts and agent logs.
 */
public final class AgentControlPlane {
    public static final PermissionGroup PERMISSIONS = new PermissionGroup(AgentControlPlane.class,
            Messages._permissionGroup());
    public static final Permission VIEW = new Permission(PERMISSIONS, "View", Messages._viewPermission_description(),
            Jenkins.ADMINISTER, PermissionScope.JENKINS);

    private AgentControlPlane() {
    }
}
