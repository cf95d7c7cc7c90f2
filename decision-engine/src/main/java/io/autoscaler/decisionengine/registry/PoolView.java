package io.autoscaler.decisionengine.registry;

import io.autoscaler.decisionengine.engine.PoolStatus;
import io.autoscaler.events.PoolSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A pool as GET /pools shows it: its spec and what the engine knows of it now. The registry reads the
 * engine, never the other way round.
 */
@RegisterForReflection
public record PoolView(PoolSpec spec, PoolStatus status) {
}
