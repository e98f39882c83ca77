package hudson.model;

import hudson.security.AccessControlled;

/** Declaration of {@code hudson.model.Run}; the plugin only reads builds. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements AccessControlled {
    private Run() {
    }

    public JobT getParent() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
