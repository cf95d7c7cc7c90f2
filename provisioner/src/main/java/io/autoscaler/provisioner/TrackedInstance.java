package io.autoscaler.provisioner;

import java.time.Instant;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.provisioner.core.PoolReconciler.Member;

/** One instance of a pool as the loop tracks it; touched on the loop thread only. */
final class TrackedInstance {
    /** Where the instance is in its life; CREATING is a launch whose container Docker has not made yet. */
    enum Phase {
        CREATING, STARTING, RUNNING, DRAINING, STOPPING
    }

    final String pool;
    final String instanceId;
    final int port;
    String containerId;
    String host;
    Phase phase;
    Instant startedAt;
    /** STARTING: when it must be ready by; DRAINING: when it is stopped even without DRAINED. */
    Instant deadline;
    /** Retired while still CREATING: stopped as soon as its container exists. */
    boolean cancelled;
    /** The template it was launched from; null for a container without the label (never rolled). */
    String template;
    /** Being replaced because its template is out of date. */
    boolean rolled;

    TrackedInstance(String pool, String instanceId, int port, Phase phase, Instant startedAt) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.port = port;
        this.phase = phase;
        this.startedAt = startedAt;
    }

    PoolMembership.State membershipState() {
        return switch (phase) {
            case CREATING -> cancelled ? PoolMembership.State.STOPPING : PoolMembership.State.STARTING;
            case STARTING -> PoolMembership.State.STARTING;
            case RUNNING -> PoolMembership.State.RUNNING;
            case DRAINING -> PoolMembership.State.DRAINING;
            case STOPPING -> PoolMembership.State.STOPPING;
        };
    }

    PoolMembership.Instance toMembership() {
        return new PoolMembership.Instance(instanceId, containerId, host, port, membershipState(), startedAt);
    }

    Member toMember(int sessions, String currentTemplate) {
        return new Member(instanceId, membershipState(), startedAt, sessions,
                template != null && currentTemplate != null && !template.equals(currentTemplate));
    }

    boolean live() {
        return phase == Phase.STARTING || phase == Phase.RUNNING;
    }
}
