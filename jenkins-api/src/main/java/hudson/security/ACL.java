package hudson.security;

import org.springframework.security.core.Authentication;

/** Declaration of {@code hudson.security.ACL}; only {@link #SYSTEM2}. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = null;

    private ACL() {
    }
}
