package io.autoscaler.provisioner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InstanceGaugesTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InstanceGauges gauges = new InstanceGauges();

    @Test
    void countsInstancesByStateAndForgetsAPoolLeftEmpty() {
        gauges.meters = meters;
        gauges.membership(membership("a", State.RUNNING, State.RUNNING, State.STARTING));
        gauges.membership(membership("b", State.RUNNING));
        assertEquals(2, count("a", State.RUNNING));
        assertEquals(1, count("a", State.STARTING));
        assertEquals(0, count("a", State.DRAINING));

        gauges.membership(membership("a", State.RUNNING, State.DRAINING));
        assertEquals(1, count("a", State.RUNNING));
        assertEquals(0, count("a", State.STARTING));
        assertEquals(1, count("a", State.DRAINING));

        gauges.membership(membership("a"));
        assertTrue(meters.find(InstanceGauges.INSTANCES).tag("pool", "a").meters().isEmpty());
        assertEquals(1, count("b", State.RUNNING));
    }

    private double count(String pool, State state) {
        return meters.get(InstanceGauges.INSTANCES).tags("pool", pool, "state", state.name()).gauge().value();
    }

    private static PoolMembership membership(String pool, State... states) {
        List<PoolMembership.Instance> instances = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            instances.add(new PoolMembership.Instance("i" + i, "c" + i, "127.0.0." + (i + 2), 8080, states[i],
                    Instant.EPOCH));
        }
        return new PoolMembership(pool, 1, states.length, instances, Instant.EPOCH);
    }
}
