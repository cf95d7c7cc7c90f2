package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.autoscaler.events.CpuSnapshot;

/**
 * The latest CPU snapshot of one pool from each node that reports it: with one collector per node
 * (Swarm) each sees only its node's instances, and the pool is their union. A snapshot that names no
 * node is the only collector's (one Docker engine) and counts as one node. A node silent for longer
 * than the freshness window is forgotten when the next snapshot arrives, so a node gone for good
 * leaves nothing behind; until then {@link Observation} leaves a stale one out.
 */
public final class CpuByNode {
    private static final String UNNAMED = "";

    private final Map<String, CpuSnapshot> latest = new HashMap<>();

    /** Keeps {@code snapshot} (timestamp: when it was received) as its node's latest. */
    public void put(CpuSnapshot snapshot, Duration maxAge) {
        Instant staleBefore = snapshot.timestamp().minus(maxAge);
        latest.values().removeIf(s -> s.timestamp().isBefore(staleBefore));
        latest.put(Objects.requireNonNullElse(snapshot.node(), UNNAMED), snapshot);
    }

    /** Each node's latest snapshot, oldest first: merged in this order, the newest report of an instance wins. */
    public List<CpuSnapshot> latest() {
        return latest.values().stream().sorted(Comparator.comparing(CpuSnapshot::timestamp)).toList();
    }
}
