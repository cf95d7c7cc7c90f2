package io.autoscaler.events;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The full set of a pool's instances as the provisioner sees them, published on every change and
 * on every resync. {@code generation} grows with every change, so consumers can tell new from stale.
 */
@RegisterForReflection
public record PoolMembership(String pool, long generation, int desiredReplicas, List<Instance> instances,
        Instant timestamp) {

    public PoolMembership {
        Fields.required(pool, "pool");
        Fields.required(timestamp, "timestamp");
        instances = Fields.listOrEmpty(instances);
    }

    public enum State {
        STARTING, RUNNING, DRAINING, STOPPING
    }

    /** A container of the pool and where HAProxy reaches it. */
    @RegisterForReflection
    public record Instance(String instanceId, String containerId, String host, int port, State state,
            Instant startedAt) {
        public Instance {
            Fields.required(instanceId, "instanceId");
            Fields.required(state, "state");
        }
    }
}
