package hudson.security;

import java.util.Collection;

/** Declaration of {@code hudson.security.AuthorizationStrategy} (real supertypes Describable, ExtensionPoint omitted). */
public abstract class AuthorizationStrategy {
    public AuthorizationStrategy() {
    }

    public abstract ACL getRootACL();

    public abstract Collection<String> getGroups();
}
