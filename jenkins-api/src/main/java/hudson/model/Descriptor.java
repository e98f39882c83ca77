package hudson.model;

import hudson.security.Permission;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/** Declaration of {@code hudson.model.Descriptor}; only the members the plugin uses. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String getId() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Permission getRequiredGlobalConfigPagePermission() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Declaration of {@code hudson.model.Descriptor$FormException}. */
    public static final class FormException extends Exception {
        private static final long serialVersionUID = 1L;

        public FormException(String message, String formField) {
        }

        public FormException(Throwable cause, String formField) {
        }

        public String getFormField() {
            throw new UnsupportedOperationException("compile-only declaration");
        }
    }
}
