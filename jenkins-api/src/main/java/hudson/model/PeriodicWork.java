package hudson.model;

/** Declaration of {@code hudson.model.PeriodicWork} (real superclass {@code hudson.triggers.SafeTimerTask} omitted). */
public abstract class PeriodicWork {
    protected static final long MIN = 1000 * 60;
    protected static final long HOUR = 60 * MIN;
    protected static final long DAY = 24 * HOUR;

    PeriodicWork() {
    }

    public abstract long getRecurrencePeriod();

    public long getInitialDelay() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
