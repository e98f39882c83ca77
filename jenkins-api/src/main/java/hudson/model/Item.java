package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Declaration of {@code hudson.model.Item}. Consumer-only. */
public interface Item extends AccessControlled {
    Permission READ = null;
    Permission CONFIGURE = null;
    Permission BUILD = null;

    String getFullName();
}
