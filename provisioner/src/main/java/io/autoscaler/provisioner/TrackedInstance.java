package io.autoscaler.provisioner;

import java.time.Instant;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.provisioner.core.Lifecycle;
import io.autoscaler.provisioner.core.PoolReconciler.Member;

/** One instance of a pool as the loop tracks it: its lifecycle state and where it runs. Loop thread only. */
final class TrackedInstance {
    final String pool;
    final String instanceId;
    final int port;
    String containerId;
    String host;
    Lifecycle.Instance state;
    Instant startedAt;
    /** The template it was launched from; null for a container without the label (never rolled). */
    String template;
    /** Being replaced because its template is out of date. */
    boolean rolled;

    TrackedInstance(String pool, String instanceId, int port, Lifecycle.Instance state, Instant startedAt) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.port = port;
        this.state = state;
        this.startedAt = startedAt;
    }

    Lifecycle.Phase phase() {
        return state.phase();
    }

    /** Before the container has an address, none at all (no host, port 0), as the membership contract says. */
    PoolMembership.Instance toMembership() {
        return new PoolMembership.Instance(instanceId, containerId, host, host == null ? 0 : port,
                state.membershipState(), startedAt);
    }

    Member toMember(int sessions, String currentTemplate) {
        return new Member(instanceId, state.membershipState(), startedAt, sessions,
                template != null && currentTemplate != null && !template.equals(currentTemplate));
    }
}
