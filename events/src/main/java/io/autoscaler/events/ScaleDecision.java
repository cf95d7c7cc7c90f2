package io.autoscaler.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A decision about a pool. Every decision carries the pool's desired count after it, so the latest
 * record per pool (all compaction keeps) is the pool's desired state. {@code instanceId} names the
 * instance to replace for REPLACE decisions.
 */
@RegisterForReflection
public record ScaleDecision(UUID id, String pool, Type type, int currentReplicas, int desiredReplicas,
        String instanceId, String reason, Map<String, Double> metrics, boolean dryRun, Instant timestamp) {

    public enum Type {
        SCALE, REPLACE
    }

    public ScaleDecision {
        Fields.required(id, "id");
        Fields.required(pool, "pool");
        Fields.required(type, "type");
        Fields.required(timestamp, "timestamp");
        if (type == Type.REPLACE) {
            Fields.required(instanceId, "instanceId");
        }
        if (desiredReplicas < 0) {
            throw new IllegalArgumentException("field 'desiredReplicas' is negative");
        }
        reason = Fields.orDefault(reason, "");
        metrics = Fields.mapOrEmpty(metrics);
    }
}
