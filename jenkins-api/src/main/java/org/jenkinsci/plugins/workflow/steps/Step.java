package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Describable;

/** Declaration of workflow-step-api's {@code Step} (real superclass {@code AbstractDescribableImpl<Step>} omitted). */
public abstract class Step implements Describable<Step> {
    public Step() {
    }

    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
