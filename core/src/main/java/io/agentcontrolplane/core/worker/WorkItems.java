package io.agentcontrolplane.core.worker;

import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.world.ItemRef;
import java.util.List;

/**
 * Where a worker reads its item from: the repository as last observed (the heartbeat observed it just before the
 * launch, so a worker need not read every open issue and PR again) and, for fix and merge repair, the item's
 * comments.
 */
public interface WorkItems {
    Observation observe() throws ForgeException;

    List<ForgeComment> comments(ItemRef item) throws ForgeException;

    /** Everything live from the forge. */
    static WorkItems of(Forge forge) {
        return new WorkItems() {
            @Override
            public Observation observe() throws ForgeException {
                return forge.observe();
            }

            @Override
            public List<ForgeComment> comments(ItemRef item) throws ForgeException {
                return forge.comments(item);
            }
        };
    }
}
