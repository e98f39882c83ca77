package hudson.util;

import java.util.ArrayList;

/** Declaration of {@code hudson.util.ListBoxModel}. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
    }

    public void add(String displayName, String value) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Declaration of {@code hudson.util.ListBoxModel$Option}. */
    public static final class Option {
        public Option(String name, String value) {
        }
    }
}
