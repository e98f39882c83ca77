package hudson.model;

/** Declaration of {@code hudson.model.Job}; the plugin only reads jobs. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    private Job() {
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
