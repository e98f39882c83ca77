package org.jenkinsci.plugins.workflow.steps;

import java.io.IOException;
import java.io.Serializable;

/** Declaration of workflow-step-api's {@code StepContext}. Consumer-only (private constructor). */
public abstract class StepContext implements Serializable {
    private static final long serialVersionUID = 1L;

    private StepContext() {
    }

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract void onSuccess(Object result);
}
