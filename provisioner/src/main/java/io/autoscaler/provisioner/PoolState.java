package io.autoscaler.provisioner;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/** What the loop knows of one pool; touched on the loop thread only. */
final class PoolState {
    final String name;
    /** The latest spec; kept after a tombstone so the pool's instances can still be drained. */
    PoolSpec spec;
    boolean deleted;
    ScaleDecision decision;
    /** Where {@link #decision} was on the scale-events topic; older records are replays. */
    long decisionOffset = -1;
    final Set<String> replacing = new HashSet<>();
    final Map<String, TrackedInstance> instances = new LinkedHashMap<>();
    Map<String, Integer> sessions = Map.of();
    /** The last membership published before a restart, to restore DRAINING states and start times. */
    Map<String, PoolMembership.Instance> restored = new HashMap<>();
    int desired;
    /** Consecutive failed launches and exits, and the last one: they set {@link #heldUntil}. */
    int failures;
    Instant lastFailure = Instant.MIN;
    Instant heldUntil = Instant.MIN;
    long generation;
    List<PoolMembership.Instance> published;
    int publishedDesired = -1;

    PoolState(String name) {
        this.name = name;
    }

    List<PoolMembership.Instance> membership() {
        return instances.values().stream().map(TrackedInstance::toMembership)
                .sorted(Comparator.comparing(PoolMembership.Instance::instanceId)).toList();
    }
}
