package io.autoscaler.provisioner.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.autoscaler.events.PoolMembership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code autoscaler_pool_instances{pool, state}}: each pool's instances by state, from the membership the
 * provisioner publishes. An empty membership (a deleted pool, or one scaled to zero) removes the pool's
 * gauges, so they never outlive the pools.
 */
@ApplicationScoped
public class InstanceGauges {
    static final String INSTANCES = "autoscaler.pool.instances";

    @Inject
    MeterRegistry meters;

    private final Map<String, Map<PoolMembership.State, Counted>> pools = new ConcurrentHashMap<>();

    private record Counted(AtomicInteger count, Meter gauge) {
    }

    public void membership(PoolMembership membership) {
        String pool = membership.pool();
        if (membership.instances().isEmpty()) {
            Map<PoolMembership.State, Counted> gone = pools.remove(pool);
            if (gone != null) {
                gone.values().forEach(c -> meters.remove(c.gauge()));
            }
            return;
        }
        Map<PoolMembership.State, Counted> byState = pools.computeIfAbsent(pool, this::register);
        Map<PoolMembership.State, Integer> counts = new EnumMap<>(PoolMembership.State.class);
        membership.instances().forEach(i -> counts.merge(i.state(), 1, Integer::sum));
        byState.forEach((state, counted) -> counted.count().set(counts.getOrDefault(state, 0)));
    }

    private Map<PoolMembership.State, Counted> register(String pool) {
        Map<PoolMembership.State, Counted> byState = new EnumMap<>(PoolMembership.State.class);
        for (PoolMembership.State state : PoolMembership.State.values()) {
            AtomicInteger count = new AtomicInteger();
            byState.put(state, new Counted(count, Gauge.builder(INSTANCES, count, AtomicInteger::get)
                    .tags("pool", pool, "state", state.name()).strongReference(true).register(meters)));
        }
        return byState;
    }
}
