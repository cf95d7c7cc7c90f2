package io.autoscaler.provisioner;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.provisioner.core.Failures;

/** What the loop knows of one pool; touched on the loop thread only. */
final class PoolState {
    private static final Logger LOG = Logger.getLogger(PoolState.class);
    final String name;
    /** The latest spec; kept after a tombstone so the pool's instances can still be drained. */
    PoolSpec spec;
    boolean deleted;
    ScaleDecision decision;
    final Set<String> replacing = new HashSet<>();
    final Map<String, TrackedInstance> instances = new LinkedHashMap<>();
    Map<String, Integer> sessions = Map.of();
    /** The last membership published before a restart, to restore DRAINING states and start times. */
    Map<String, PoolMembership.Instance> restored = new HashMap<>();
    /** The desired count of that membership: what runs until a real decision arrives (a dry run is none). */
    Integer restoredDesired;
    int desired;
    /** Consecutive launches that failed or never got ready: the pool's launches back off meanwhile. */
    Failures failures = Failures.NONE;
    long generation;
    List<PoolMembership.Instance> published;
    int publishedDesired = -1;
    /** Its membership's tombstone is on its way to Kafka. */
    boolean tombstoning;

    PoolState(String name) {
        this.name = name;
    }

    /**
     * The latest decision ({@code null}: the pool's decisions were deleted); true when it changes what the
     * pool wants. A dry run is logged and ignored.
     */
    boolean decided(ScaleDecision latest) {
        if (latest != null && latest.dryRun()) {
            LOG.infof("Pool %s: ignoring dry-run decision %s (desired %d): %s", name, latest.id(),
                    latest.desiredReplicas(), latest.reason());
            return false;
        }
        decision = latest;
        if (latest != null && latest.type() == ScaleDecision.Type.REPLACE) {
            replacing.add(latest.instanceId());
        }
        return true;
    }

    /** The membership published before a restart: its generation, and each instance's state and start time. */
    void restore(PoolMembership membership) {
        generation = membership.generation();
        published = membership.instances();
        publishedDesired = membership.desiredReplicas();
        restoredDesired = membership.desiredReplicas();
        membership.instances().forEach(i -> restored.put(i.instanceId(), i));
    }

    /**
     * The engine answers again: launches that failed while it was away (a restart stops every container,
     * and their replacements reach a dying engine) say nothing about the pool, so they hold nothing back.
     */
    void engineBack() {
        failures = Failures.NONE;
    }

    /** Deleted, its containers gone and its empty membership published: only the tombstone is left to send. */
    boolean gone() {
        return deleted && spec != null && instances.isEmpty() && published != null && published.isEmpty();
    }

    List<PoolMembership.Instance> membership() {
        return instances.values().stream().map(TrackedInstance::toMembership)
                .sorted(Comparator.comparing(PoolMembership.Instance::instanceId)).toList();
    }

    /** The membership to publish: on a change with a new generation; on a resync again, unless deleted and empty. */
    Optional<PoolMembership> membershipToPublish(boolean resyncing) {
        List<PoolMembership.Instance> instances = membership();
        boolean changed = !instances.equals(published) || desired != publishedDesired;
        if (changed) {
            generation++;
            published = instances;
            publishedDesired = desired;
        }
        return changed || resyncing && !(deleted && instances.isEmpty())
                ? Optional.of(new PoolMembership(name, generation, desired, instances, Timestamps.now()))
                : Optional.empty();
    }

    /** Why a retired instance leaves, in the DRAINING event. */
    String retireReason(TrackedInstance instance) {
        return deleted ? "pool deleted"
                : instance.rolled ? "rolled to the pool's new template"
                : replacing.contains(instance.instanceId) ? "replaced" : "scale in to " + desired;
    }

    String newInstanceId() {
        String id;
        do {
            id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        } while (instances.containsKey(id));
        return id;
    }
}
