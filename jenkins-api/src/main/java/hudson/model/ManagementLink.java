package hudson.model;

import hudson.security.Permission;

/**
 * Declaration of {@code hudson.model.ManagementLink} (real superinterface {@code ExtensionPoint} omitted): an entry
 * on the Manage Jenkins page; its views live under {@code JENKINS_URL/manage/<urlName>/}.
 */
public abstract class ManagementLink implements Action {
    public ManagementLink() {
    }

    @Override
    public abstract String getIconFileName();

    @Override
    public abstract String getUrlName();

    public String getDescription() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
