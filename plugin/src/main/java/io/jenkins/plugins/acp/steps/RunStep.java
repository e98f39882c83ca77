package io.jenkins.plugins.acp.steps;

import hudson.Util;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the worker steps share: the profile and run arguments, each defaulting to the build's {@code ACP_*}
 * parameter ({@link WorkerArguments}), blank counting as not given.
 */
public abstract class RunStep extends Step implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private String profile;
    private String run;

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Util.fixEmptyAndTrim(profile);
    }

    public String getRun() {
        return run;
    }

    @DataBoundSetter
    public void setRun(String run) {
        this.run = Util.fixEmptyAndTrim(run);
    }

    /** The step's arguments, the build's parameters ({@code env}) filling in those not given. */
    WorkerArguments arguments(String lane, String item, Map<String, String> env) {
        return WorkerArguments.resolve(profile, lane, item, run, env);
    }
}
