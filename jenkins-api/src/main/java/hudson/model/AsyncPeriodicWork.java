package hudson.model;

import java.io.IOException;

/** Declaration of {@code hudson.model.AsyncPeriodicWork}. */
public abstract class AsyncPeriodicWork extends PeriodicWork {
    public final String name;

    protected AsyncPeriodicWork(String name) {
        this.name = name;
    }

    public final void doRun() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    protected abstract void execute(TaskListener listener) throws IOException, InterruptedException;

    protected boolean queueIfAlreadyRunning() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
