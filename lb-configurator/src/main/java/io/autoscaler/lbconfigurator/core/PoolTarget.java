package io.autoscaler.lbconfigurator.core;

import java.time.Duration;
import java.util.List;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;

/** What a pool's backend should hold: the pool's instances, with how to check and drain them. */
public record PoolTarget(String pool, String backend, PoolSpec.HealthCheck check, Duration drainTimeout,
        List<PoolMembership.Instance> instances) {

    public static PoolTarget of(PoolSpec spec, PoolMembership membership) {
        return new PoolTarget(spec.name(), spec.haproxyBackend(), spec.healthCheck(),
                Duration.ofMillis(spec.drain().timeoutMs()), membership == null ? List.of() : membership.instances());
    }
}
