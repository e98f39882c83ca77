package hudson.security;

import org.springframework.security.access.AccessDeniedException;

/** Declaration of {@code hudson.security.AccessControlled}. Consumer-only. */
public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
