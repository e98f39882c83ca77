package hudson.model;

/** Declaration of {@code hudson.model.CauseAction}. */
public class CauseAction implements Action {
    public CauseAction(Cause c) {
    }

    public <T extends Cause> T findCause(Class<T> type) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
