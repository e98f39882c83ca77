package io.jenkins.plugins.acp.view;

import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;

/**
 * The plugin's permission: {@code View} in the group "Agent Control Plane" (id
 * {@code io.jenkins.plugins.acp.view.ControlPlanePermissions.View}), implied by Overall/Administer. The dashboard and
 * its API need it besides Overall/Read: they show every profile's runs, prompts and agent logs.
 */
public final class ControlPlanePermissions {
    public static final PermissionGroup GROUP = new PermissionGroup(ControlPlanePermissions.class,
            Messages._permissionGroup());
    public static final Permission VIEW = new Permission(GROUP, "View", Messages._ViewPermission_Description(),
            Jenkins.ADMINISTER, PermissionScope.JENKINS);

    private ControlPlanePermissions() {
    }
}
