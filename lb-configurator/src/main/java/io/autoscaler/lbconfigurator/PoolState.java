package io.autoscaler.lbconfigurator;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.core.StatusWatch;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.ServerState;

/**
 * What the loop remembers of one pool, all of it recoverable from the topics and HAProxy: forgetting a
 * pool is removing this object.
 */
final class PoolState {
    /** The last spec read; kept after the pool's deletion until its servers are gone. */
    PoolSpec spec;
    /** When each draining server's drain began. */
    final Map<String, Instant> drains = new HashMap<>();
    final StatusWatch watch = new StatusWatch();
    /** Servers already reported DRAINED, so the report is made once. */
    final Set<String> drainedReported = new HashSet<>();
    /** Problems already reported, so that a resync repeats the attempt, never the report. */
    final Set<String> reportedErrors = new HashSet<>();
    /** HAProxy restarted or reloaded: report HAPROXY_RESYNCED once its servers are back. */
    boolean awaitingResync;

    /** HAProxy restarted or reloaded and lost the pool's runtime servers: drains start over once re-added. */
    void awaitResync() {
        drains.clear();
        awaitingResync = true;
    }

    /**
     * Keeps the drain clocks to the servers HAProxy has draining: one found draining without a known
     * start (we restarted meanwhile) starts its clock now; one no longer draining or gone is dropped.
     */
    void noteDrainsInProgress(Backend backend, Instant now) {
        Set<String> draining = new HashSet<>();
        for (Backend.Server server : backend.servers()) {
            if (server.admin() == ServerState.Admin.DRAIN) {
                draining.add(server.name());
                drains.putIfAbsent(server.name(), now);
            }
        }
        drains.keySet().retainAll(draining);
    }

    /** Keeps the DRAINED-once memory to instances the membership still lists as leaving. */
    void forgetDrainedInstancesGone(String pool, PoolMembership membership) {
        Set<String> leaving = new HashSet<>();
        if (membership != null) {
            for (PoolMembership.Instance i : membership.instances()) {
                if (i.state() == PoolMembership.State.DRAINING || i.state() == PoolMembership.State.STOPPING) {
                    leaving.add(Naming.serverName(pool, i.instanceId()));
                }
            }
        }
        drainedReported.retainAll(leaving);
    }
}
