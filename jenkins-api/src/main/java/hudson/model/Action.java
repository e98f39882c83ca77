package hudson.model;

/** Declaration of {@code hudson.model.Action} (real superinterface {@code ModelObject} omitted). */
public interface Action {
    String getIconFileName();

    String getDisplayName();

    String getUrlName();
}
