package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * What the engine remembers about one pool between evaluations: the latest decision (the pool's
 * desired count), when it last scaled each way, the recent recommendations the stabilization windows
 * look back on, since when each server has been DOWN, and which instances were already replaced.
 * Not thread-safe: the engine holds one per pool and evaluates a pool on one thread at a time.
 */
public final class PoolHistory {
    public record Recommendation(Instant at, int replicas) {
    }

    /** A change of the desired count by {@code replicas} (positive, either way) at {@code at}. */
    record ScaleEvent(Instant at, int replicas) {
    }

    /** Older scale events can no longer limit anything. */
    private static final Duration LONGEST_PERIOD = Duration.ofMillis(PoolSpec.Rules.MAX_PERIOD_MS);

    private ScaleDecision lastDecision;
    private Instant lastScaleUpAt = Instant.MIN;
    private Instant lastScaleDownAt = Instant.MIN;
    private Instant scaleInHeldUntil = Instant.MIN;
    private final Deque<Recommendation> recommendations = new ArrayDeque<>();
    private final Deque<ScaleEvent> scaleUps = new ArrayDeque<>();
    private final Deque<ScaleEvent> scaleDowns = new ArrayDeque<>();
    private final Map<String, Instant> downSince = new HashMap<>();
    private final Set<String> replaced = new HashSet<>();
    /** Ids of the latest decisions applied, so that reading our own back changes nothing. */
    private final Set<UUID> applied = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 64;
        }
    });

    /** The pool's desired count, empty until a first decision is known. */
    public Optional<Integer> desired() {
        return Optional.ofNullable(lastDecision).map(ScaleDecision::desiredReplicas);
    }

    public Optional<ScaleDecision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }

    /**
     * Takes a decision this engine has just made, at its timestamp. One already applied (read back
     * from {@code autoscaler.scale-events}) is ignored; order is the order of arrival, never the
     * timestamps, which a clock stepping back would reorder.
     */
    public void decided(ScaleDecision decision) {
        decided(decision, decision.timestamp());
    }

    /**
     * Takes a decision read from {@code autoscaler.scale-events} that this engine did not make (an
     * earlier run made it): stamped by another clock, it counts as made at {@code now} at the latest.
     */
    public void read(ScaleDecision decision, Instant now) {
        decided(decision, decision.timestamp().isAfter(now) ? now : decision.timestamp());
    }

    private void decided(ScaleDecision decision, Instant at) {
        if (!applied.add(decision.id())) {
            return;
        }
        if (decision.type() == ScaleDecision.Type.REPLACE) {
            replaced.add(decision.instanceId());
        }
        if (lastDecision != null && decision.desiredReplicas() > lastDecision.desiredReplicas()) {
            lastScaleUpAt = at;
            remember(scaleUps, new ScaleEvent(at, decision.desiredReplicas() - lastDecision.desiredReplicas()));
        } else if (lastDecision != null && decision.desiredReplicas() < lastDecision.desiredReplicas()) {
            lastScaleDownAt = at;
            remember(scaleDowns, new ScaleEvent(at, lastDecision.desiredReplicas() - decision.desiredReplicas()));
        }
        lastDecision = decision;
    }

    private static void remember(Deque<ScaleEvent> events, ScaleEvent event) {
        events.addLast(event);
        while (events.peekFirst().at().isBefore(event.at().minus(LONGEST_PERIOD))) {
            events.removeFirst();
        }
    }

    /** Instances added by scale-ups in the {@code periodMs} before {@code now}, HPA's sliding period. */
    int addedWithin(long periodMs, Instant now) {
        return changedWithin(scaleUps, periodMs, now);
    }

    /** Instances removed by scale-downs in the {@code periodMs} before {@code now}. */
    int removedWithin(long periodMs, Instant now) {
        return changedWithin(scaleDowns, periodMs, now);
    }

    /** As HPA counts: events strictly after the period's start. */
    private static int changedWithin(Deque<ScaleEvent> events, long periodMs, Instant now) {
        Instant start = now.minusMillis(periodMs);
        return events.stream().filter(e -> e.at().isAfter(start)).mapToInt(ScaleEvent::replicas).sum();
    }

    /** After a restart the windows are empty: hold scale-in until one scale-down window has passed. */
    public void holdScaleInUntil(Instant until) {
        scaleInHeldUntil = until;
    }

    Instant scaleInHeldUntil() {
        return scaleInHeldUntil;
    }

    Instant lastScaleUpAt() {
        return lastScaleUpAt;
    }

    Instant lastScaleDownAt() {
        return lastScaleDownAt;
    }

    /** Keeps a recommendation for the stabilization windows; forgets those older than {@code keep}. */
    void recommended(Instant at, int replicas, Duration keep) {
        recommendations.addLast(new Recommendation(at, replicas));
        while (!recommendations.isEmpty() && recommendations.peekFirst().at().isBefore(at.minus(keep))) {
            recommendations.removeFirst();
        }
    }

    Iterable<Recommendation> recommendations() {
        return recommendations;
    }

    /** A server's health as HAProxy or the configurator reported it at {@code at}. */
    public void serverHealth(String instanceId, boolean down, Instant at) {
        if (down) {
            downSince.merge(instanceId, at, (a, b) -> a.isBefore(b) ? a : b);
        } else {
            downSince.remove(instanceId);
        }
    }

    Optional<Instant> downSince(String instanceId) {
        return Optional.ofNullable(downSince.get(instanceId));
    }

    boolean replaced(String instanceId) {
        return replaced.contains(instanceId);
    }

    /** Forgets health and replacements of instances no longer in the pool. */
    void keepOnly(Set<String> instanceIds) {
        downSince.keySet().retainAll(instanceIds);
        replaced.retainAll(instanceIds);
    }
}
