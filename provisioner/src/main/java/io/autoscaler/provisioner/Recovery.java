package io.autoscaler.provisioner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;

/**
 * What the loop reads before it acts after a (re)start, from the compacted topics read to their end:
 * the latest decision per pool (the channel replays older ones on its way), the pools that exist (the
 * catalog may deliver them later than it claims to be loaded), and the membership published before the
 * restart, with its DRAINING states, start times and generations. Only valid records count: one that
 * breaks the shared rules (a pools record keyed {@code x} but named {@code y}) is dead-lettered by the
 * read and never waited for.
 */
@ApplicationScoped
public class Recovery {
    @Inject
    CompactedTopics topics;

    /** Pool keys on the pools topic at start-up that the catalog has not delivered yet. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    /** The catalog delivered the pool under {@code key} (a spec's name is its key: the catalog refuses others). */
    void delivered(String key) {
        delivered.add(key);
        pending.remove(key);
    }

    /** Whether pools read at start-up are still to come from the catalog. */
    Set<String> pending() {
        return Set.copyOf(pending);
    }

    /** Reads the three topics into the loop's pools; throws if the broker does not answer. */
    void read(Pattern managed, Function<String, PoolState> pool) {
        topics.read(Topics.SCALE_EVENTS, ScaleDecision.class, managed).forEach((name, latest) -> {
            PoolState state = pool.apply(name);
            if (latest.offset() > state.decisionOffset) {
                state.decisionOffset = latest.offset();
                state.decision = latest.value() != null && !latest.value().dryRun() ? latest.value() : state.decision;
                if (state.decision != null && state.decision.type() == ScaleDecision.Type.REPLACE) {
                    state.replacing.add(state.decision.instanceId());
                }
            }
        });
        topics.read(Topics.POOLS, PoolSpec.class, managed).forEach((key, latest) -> {
            if (latest.value() != null && !delivered.contains(key)) {
                pending.add(key);
            }
        });
        pending.removeAll(delivered);
        topics.read(Topics.MEMBERSHIP, PoolMembership.class, managed).forEach((name, latest) -> {
            PoolMembership membership = latest.value();
            if (membership != null) {
                PoolState state = pool.apply(name);
                state.generation = membership.generation();
                state.published = membership.instances();
                state.publishedDesired = membership.desiredReplicas();
                state.restoredDesired = membership.desiredReplicas();
                membership.instances().forEach(i -> state.restored.put(i.instanceId(), i));
            }
        });
    }
}
