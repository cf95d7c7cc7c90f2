package io.autoscaler.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the configurator did to, or saw of, one HAProxy server. {@code instanceId} and {@code server}
 * are null for pool-wide events (an ERROR about the backend, HAPROXY_RESYNCED).
 */
@RegisterForReflection
public record LbEvent(UUID id, String pool, String instanceId, String server, State state, Integer sessions,
        String reason, Instant timestamp) {

    /**
     * CONFIG_APPLIED: a pool-level change (route, balance, health check, new pool) reached HAProxy by a
     * reload; CONFIG_REFUSED: HAProxy refused the generated configuration, the previous one stays live.
     */
    public enum State {
        ADDED, UP, DOWN, DRAINING, DRAINED, REMOVED, ERROR, HAPROXY_RESYNCED, CONFIG_APPLIED, CONFIG_REFUSED
    }

    public LbEvent {
        Fields.required(id, "id");
        Fields.required(pool, "pool");
        Fields.required(state, "state");
        Fields.required(timestamp, "timestamp");
        reason = Fields.orDefault(reason, "");
    }
}
