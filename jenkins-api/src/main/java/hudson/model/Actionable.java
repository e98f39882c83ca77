package hudson.model;

/** Declaration of {@code hudson.model.Actionable}; consumer-only (package-private constructor). */
public abstract class Actionable {
    Actionable() {
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
