package hudson.model;

import java.util.List;

/** Declaration of {@code hudson.model.Queue}; reading the queue only. */
public class Queue {
    private Queue() {
    }

    public List<Item> getItems(Task t) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Declaration of {@code hudson.model.Queue$Task}. Consumer-only. */
    public interface Task {
    }

    /** Declaration of {@code hudson.model.Queue$Item}. */
    public abstract static class Item extends Actionable {
        public final Task task;

        private Item() {
            this.task = null;
        }

        public long getId() {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public long getInQueueSince() {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public final List<Cause> getCauses() {
            throw new UnsupportedOperationException("compile-only declaration");
        }
    }
}
