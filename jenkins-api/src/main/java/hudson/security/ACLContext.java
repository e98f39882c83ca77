package hudson.security;

/** Declaration of {@code hudson.security.ACLContext}: restores the previous authentication on close. */
public class ACLContext implements AutoCloseable {
    private ACLContext() {
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
