package hudson.model;

/** Declaration of {@code hudson.model.JobProperty}; consumer-only (package-private constructor). */
public abstract class JobProperty<J extends Job<?, ?>> {
    JobProperty() {
    }
}
