package jenkins.model;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;

/** Declaration of {@code jenkins.model.ParameterizedJobMixIn}; only the static scheduling entry point. */
public abstract class ParameterizedJobMixIn<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    private ParameterizedJobMixIn() {
    }

    public static Queue.Item scheduleBuild2(Job<?, ?> job, int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
