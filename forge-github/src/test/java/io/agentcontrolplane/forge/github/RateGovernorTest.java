package io.agentcontrolplane.forge.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateGovernorTest {
    private final ForgeTestSupport.FakeClock clock = new ForgeTestSupport.FakeClock();
    private final List<Duration> slept = new ArrayList<>();
    private final RateGovernor governor = new RateGovernor(new Profile.GitHubSettings(200, 1000, 60), clock, d -> {
        slept.add(d);
        clock.advance(d);
    });

    @Test
    void contentWritesAreSpacedOneAtATime() throws Exception {
        List<Instant> at = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            governor.contentWrite(() -> at.add(clock.instant()));
        }
        assertThat(Duration.between(at.get(0), at.get(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(at.get(1), at.get(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(slept).hasSize(2);
    }

    @Test
    void lowBudgetRefusesReadsBeforeWritesAndNeverSpendsTheReserve() throws Exception {
        Instant reset = clock.instant().plusSeconds(1800);
        governor.observeBudget(1001, 5000, reset);
        governor.checkRead();
        governor.observeBudget(1000, 5000, reset);
        ForgeException read = catchThrowableOfType(ForgeException.class, governor::checkRead);
        assertThat(read.kind()).isEqualTo(ForgeException.Kind.RATE_LIMITED);
        assertThat(read.retryAt()).isEqualTo(reset);
        governor.checkWrite();
        governor.observeBudget(201, 5000, reset);
        governor.checkWrite();
        governor.observeBudget(200, 5000, reset);
        assertThat(catchThrowableOfType(ForgeException.class, governor::checkWrite).retryAt()).isEqualTo(reset);
        clock.advance(Duration.ofSeconds(1801));
        governor.checkRead(); // a new hour
    }

    @Test
    void retryAfterBlocksEverythingUntilThen() throws Exception {
        Instant until = clock.instant().plusSeconds(60);
        governor.blockUntil(until, "secondary rate limit");
        assertThat(catchThrowableOfType(ForgeException.class, governor::checkWrite).retryAt()).isEqualTo(until);
        assertThat(catchThrowableOfType(ForgeException.class, governor::checkRead).retryAt()).isEqualTo(until);
        clock.advance(Duration.ofSeconds(60));
        governor.checkRead();
        governor.checkWrite();
    }
}
