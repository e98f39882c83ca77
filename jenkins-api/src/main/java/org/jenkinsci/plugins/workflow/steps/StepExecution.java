package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Declaration of workflow-step-api's {@code StepExecution}. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(StepContext context) {
    }

    public StepContext getContext() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void onResume() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
