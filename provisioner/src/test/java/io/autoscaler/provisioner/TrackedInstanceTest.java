package io.autoscaler.provisioner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.events.validation.StackRules;
import io.autoscaler.provisioner.core.Lifecycle;

/** What the provisioner publishes must pass the rules every reader checks it against. */
class TrackedInstanceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RecordValidator READERS = new RecordValidator(StackRules.DEFAULT);

    @Test
    void anInstanceWithoutAnAddressYetIsPublishedWithNoneAtAllAndReadersAcceptIt() {
        TrackedInstance starting = new TrackedInstance("demo", "0123abcd", 8080, Lifecycle.Instance.creating(), T0);

        PoolMembership.Instance published = starting.toMembership();

        assertEquals(null, published.host());
        assertEquals(0, published.port());
        PoolMembership membership = new PoolMembership("demo", 2, 1, List.of(published), T0);
        assertDoesNotThrow(() -> READERS.require("demo", membership));
    }

    @Test
    void onceItHasOneTheAddressIsTheContainersAndThePoolsPort() {
        TrackedInstance running = new TrackedInstance("demo", "0123abcd", 8080, Lifecycle.Instance.creating(), T0);
        running.host = "127.0.0.7";

        assertEquals(8080, running.toMembership().port());
        assertEquals("127.0.0.7", running.toMembership().host());
    }
}
