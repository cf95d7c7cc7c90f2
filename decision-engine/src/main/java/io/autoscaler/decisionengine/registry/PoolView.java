package io.autoscaler.decisionengine.registry;

import java.util.Map;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A pool as GET /pools shows it: its spec and what the engine knows of it now. */
@RegisterForReflection
public record PoolView(PoolSpec spec, Status status) {

    /**
     * {@code currentReplicas}: instances STARTING or RUNNING in the latest membership;
     * {@code desiredReplicas}: the latest decision's count (null before the first);
     * {@code metrics}: each metric's average over the ready instances.
     */
    @RegisterForReflection
    public record Status(int currentReplicas, Integer desiredReplicas, ScaleDecision lastDecision,
            Map<String, Double> metrics) {
    }
}
