package hudson.model;

import hudson.security.AccessControlled;
import java.util.List;

/** Declaration of {@code hudson.model.Run}; the plugin only reads builds. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements AccessControlled {
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

    public boolean isBuilding() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public final long getStartTimeInMillis() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public List<Cause> getCauses() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
