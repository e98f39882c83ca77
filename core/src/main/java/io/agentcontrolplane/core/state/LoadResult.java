package io.agentcontrolplane.core.state;

import java.util.List;
import java.util.Objects;

/**
 * What a read produced, and the files it had to set aside on the way.
 *
 * @param value everything that could be read
 * @param problems one per quarantined file; empty when all was well
 */
public record LoadResult<T>(T value, List<StateProblem> problems) {
    public LoadResult {
        Objects.requireNonNull(value, "value");
        problems = List.copyOf(Objects.requireNonNullElse(problems, List.of()));
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
