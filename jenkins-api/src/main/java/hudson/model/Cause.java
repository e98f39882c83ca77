package hudson.model;

/** Declaration of {@code hudson.model.Cause}; the plugin subclasses it. */
public abstract class Cause {
    public Cause() {
    }

    public abstract String getShortDescription();
}
