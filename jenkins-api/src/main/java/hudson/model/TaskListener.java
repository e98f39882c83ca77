package hudson.model;

import java.io.PrintStream;

/** Declaration of {@code hudson.model.TaskListener}. Consumer-only: the plugin never implements it. */
public interface TaskListener {
    PrintStream getLogger();
}
