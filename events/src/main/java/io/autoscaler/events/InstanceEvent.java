package io.autoscaler.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One transition of one instance, for audit and watchers. */
@RegisterForReflection
public record InstanceEvent(UUID id, String pool, String instanceId, String containerId, State state, String host,
        Integer port, String reason, Instant timestamp) {

    public enum State {
        LAUNCHED, RUNNING, DRAINING, TERMINATED, FAILED
    }

    public InstanceEvent {
        Fields.required(id, "id");
        Fields.required(pool, "pool");
        Fields.required(instanceId, "instanceId");
        Fields.required(state, "state");
        Fields.required(timestamp, "timestamp");
        reason = Fields.orDefault(reason, "");
    }
}
