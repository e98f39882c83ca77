package hudson.model;

/** Declaration of {@code hudson.model.Queue}; only the nested {@link Item} result type. */
public class Queue {
    private Queue() {
    }

    /** Declaration of {@code hudson.model.Queue$Item}. */
    public abstract static class Item {
        private Item() {
        }

        public long getId() {
            throw new UnsupportedOperationException("compile-only declaration");
        }
    }
}
