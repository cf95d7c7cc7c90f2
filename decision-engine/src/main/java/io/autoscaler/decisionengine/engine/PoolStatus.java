package io.autoscaler.decisionengine.engine;

import java.util.Map;

import io.autoscaler.decisionengine.schedule.ScheduledBounds;
import io.autoscaler.events.ScaleDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the engine knows of a pool now, as {@code GET /pools} shows it.
 * {@code currentReplicas}: instances STARTING or RUNNING in the latest membership;
 * {@code desiredReplicas}: the latest decision's count (null before the first);
 * {@code metrics}: each metric's average over the ready instances;
 * {@code schedule}: the bounds in force under the pool's schedule and its next occurrence (null without one).
 */
@RegisterForReflection
public record PoolStatus(int currentReplicas, Integer desiredReplicas, ScaleDecision lastDecision,
        Map<String, Double> metrics, ScheduledBounds schedule) {
}
