package io.agentcontrolplane.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.reconcile.ReconcilePropertyTest.World;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second implement run of an issue whose first pull request the outbox has just opened opens no second one. */
class DuplicateWorkTest {
    @TempDir
    Path dir;

    @Test
    void aPullRequestOpenedAtTheInstantOfTheObservationIsSeenAsOtherWork() throws Exception {
        World w = new World(dir, List.of());
        // The first run's pull request is opened at T0, the instant the observation (stamped when it starts) was
        // made: the observation does not list it, and it was not opened before the observation either.
        assertThat(w.reconciler.reconcile("run-impl-a").status()).isEqualTo("waiting");
        w.outbox.flush(w.forge, 50);
        assertThat(w.clock.instant()).isEqualTo(ReconcilePropertyTest.T0);
        assertThat(w.forge.pulls()).hasSize(1);
        int first = w.forge.pulls().keySet().iterator().next();

        ReconcileReport second = w.reconciler.reconcile("run-impl-b");
        w.outbox.flush(w.forge, 50);

        assertThat(second.status()).isEqualTo("reconciled");
        assertThat(second.result()).isEqualTo("duplicate-work: PR #" + first);
        assertThat(w.forge.pulls()).hasSize(1);
    }
}
