package io.agentcontrolplane.core.world;

import io.agentcontrolplane.core.profile.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An open issue as observed on the forge.
 *
 * @param labelledBy for labels whose author is known, the permission of the user who applied it (used for the
 *     trust opt-in label)
 * @param linkedPr an open agent PR the forge links to this issue (closing reference), if any; the planner also
 *     finds links itself from PR branches and bodies
 * @param latestBlockerComment the body of the latest comment that explains a block, if any
 */
public record Issue(
        int number,
        String title,
        String body,
        List<String> labels,
        String author,
        Permission authorPermission,
        Instant createdAt,
        Integer linkedPr,
        Map<String, Permission> labelledBy,
        String latestBlockerComment) {
    public Issue {
        if (number <= 0) {
            throw new IllegalArgumentException("issue number must be positive, got " + number);
        }
        title = Objects.requireNonNullElse(title, "");
        body = Objects.requireNonNullElse(body, "");
        labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
        author = Objects.requireNonNullElse(author, "");
        authorPermission = Objects.requireNonNullElse(authorPermission, Permission.NONE);
        createdAt = Objects.requireNonNullElse(createdAt, Instant.EPOCH);
        labelledBy = Map.copyOf(Objects.requireNonNullElse(labelledBy, Map.of()));
    }

    public ItemRef ref() {
        return ItemRef.issue(number);
    }

    public boolean hasLabel(String label) {
        return labels.contains(label);
    }
}
