package hudson.model;

import hudson.util.RunList;
import java.io.IOException;

/** Declaration of {@code hudson.model.Job}; the plugin only reads jobs. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    private Job() {
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public abstract boolean isBuildable();

    public RunList<RunT> getBuilds() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <T extends JobProperty> T getProperty(Class<T> clazz) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void addProperty(JobProperty<? super JobT> jobProp) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
