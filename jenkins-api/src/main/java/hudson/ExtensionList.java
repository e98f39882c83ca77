package hudson;

import java.util.AbstractList;

/** Declaration of {@code hudson.ExtensionList}; only the static lookups. */
public class ExtensionList<T> extends AbstractList<T> {
    private ExtensionList() {
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
