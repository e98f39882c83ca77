package io.agentcontrolplane.core.plan.archfixture;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import picocli.fixture.Command;

/**
 * Breaks every architecture rule on purpose: a planner-package class that reaches a CLI library and does I/O.
 * Lives in test sources only; ArchitectureTest evaluates its rules against it and expects violations.
 */
public final class LeakyPlanner {
    public String plan() {
        File file = new File(Command.name());
        Path path = Path.of(file.getName());
        URI uri = URI.create("https://example.invalid/" + path.getFileName());
        return uri.toString();
    }
}
