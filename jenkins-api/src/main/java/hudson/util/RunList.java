package hudson.util;

import hudson.model.Run;
import java.util.AbstractList;
import java.util.Iterator;

/** Declaration of {@code hudson.util.RunList}; consumer-only (private constructor). */
public class RunList<R extends Run> extends AbstractList<R> {
    private RunList() {
    }

    public RunList<R> limit(int n) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public Iterator<R> iterator() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public R get(int index) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
