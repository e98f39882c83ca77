package hudson.security;

/** Declaration of {@code hudson.security.Permission}. */
public final class Permission {
    private Permission() {
    }

    public String getId() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
