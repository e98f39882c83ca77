package hudson.model;

/** Declaration of {@code hudson.model.RootAction}. */
public interface RootAction extends Action {
}
