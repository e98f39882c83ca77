package hudson.model;

/** Declaration of {@code hudson.model.TopLevelItem}. Consumer-only. */
public interface TopLevelItem extends Item {
}
