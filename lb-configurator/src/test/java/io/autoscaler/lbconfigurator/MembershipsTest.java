package io.autoscaler.lbconfigurator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.Timestamps;

/** Which well-formed membership records still make no sense (and go to the dead-letter topic). */
class MembershipsTest {

    @Test
    void aRecordKeyedByAnotherPoolIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Memberships.check("web", membership("api")));
    }

    @Test
    void aRunningInstanceWithoutAnAddressIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Memberships.check("web",
                membership("web", new Instance("0000000a", "c", null, 8080, State.RUNNING, null))));
        assertThrows(IllegalArgumentException.class, () -> Memberships.check("web",
                membership("web", new Instance("0000000a", "c", "10.0.0.1", 0, State.RUNNING, null))));
    }

    @Test
    void aStartingInstanceMayNotHaveAnAddressYet() {
        assertDoesNotThrow(() -> Memberships.check("web",
                membership("web", new Instance("0000000a", "c", null, 0, State.STARTING, null))));
    }

    private static PoolMembership membership(String pool, Instance... instances) {
        return new PoolMembership(pool, 1, instances.length, List.of(instances), Timestamps.now());
    }
}
