package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import java.util.List;

/** One page of the run history, newest first. */
public record RunPage(int page, int pageSize, int total, int pages, List<RunView> runs) {
}
