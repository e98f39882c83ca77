package hudson.model;

/** Declaration of {@code hudson.model.ItemGroup}. Consumer-only. */
public interface ItemGroup<T extends Item> {
}
