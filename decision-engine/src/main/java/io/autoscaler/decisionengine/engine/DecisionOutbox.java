package io.autoscaler.decisionengine.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * What the engine writes to {@code autoscaler.scale-events}: each decision (logged, counted, and sent
 * again until Kafka takes it or a newer one replaces it) and, for a deleted pool, a tombstone.
 */
@ApplicationScoped
public class DecisionOutbox {
    private static final Logger LOG = Logger.getLogger(DecisionOutbox.class);

    @Inject
    MeterRegistry meters;

    @Inject
    @Channel("scale-decisions")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
    Emitter<Record<String, ScaleDecision>> decisions;

    /** Per pool, the id of the last decision made: only that one is worth sending again. */
    private final Map<String, UUID> lastMade = new ConcurrentHashMap<>();
    /** Per pool, a last decision Kafka refused even after its own retries; resent every second. */
    private final Map<String, ScaleDecision> unpublished = new ConcurrentHashMap<>();
    /** Per pool, the tombstones sent and not read back yet: reading them back changes nothing. */
    private final Map<String, Integer> tombstonesSent = new ConcurrentHashMap<>();

    void publish(ScaleDecision decision, Instant received) {
        LOG.infof("Pool %s: %s %d → %d%s%s: %s", decision.pool(), decision.type(), decision.currentReplicas(),
                decision.desiredReplicas(), decision.instanceId() == null ? "" : ", instance " + decision.instanceId(),
                decision.dryRun() ? " (dry run: the provisioner ignores it)" : "", decision.reason());
        meters.counter("autoscaler.decisions", "pool", decision.pool(), "type", decision.type().name()).increment();
        if (received != null) {
            Timer.builder("autoscaler.decision.lag").description("from receiving a snapshot to the decision it caused")
                    .tag("pool", decision.pool()).register(meters)
                    .record(Duration.between(received, decision.timestamp()));
        }
        lastMade.put(decision.pool(), decision.id());
        send(decision);
    }

    /**
     * A decision is emitted once, when desired changes, so one Kafka refuses must not be dropped: it is
     * kept and sent again (same id, consumers drop duplicates) until it lands or a newer one replaces it.
     */
    private void send(ScaleDecision decision) {
        try {
            decisions.send(Record.of(decision.pool(), decision)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    notPublished(decision, failure);
                }
            });
        } catch (RuntimeException overflow) {
            notPublished(decision, overflow);
        }
    }

    private void notPublished(ScaleDecision decision, Throwable why) {
        LOG.errorf("Pool %s: decision %s not published (%s); sending it again in 1 s", decision.pool(), decision.id(),
                why);
        unpublished.put(decision.pool(), decision);
    }

    void resendUnpublished() {
        unpublished.forEach((pool, decision) -> {
            if (unpublished.remove(pool, decision) && decision.id().equals(lastMade.get(pool))) {
                send(decision);
            }
        });
    }

    /**
     * Tombstones a deleted pool's decisions, so that no run of the engine or the provisioner
     * takes them for a pool created again under the same name (the provisioner stops a deleted pool's
     * instances whatever its last decision; a tombstone only clears that decision).
     */
    void tombstone(String name) {
        lastMade.remove(name);
        unpublished.remove(name);
        tombstonesSent.merge(name, 1, Integer::sum);
        try {
            decisions.send(Record.of(name, (ScaleDecision) null)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    tombstoneLost(name, failure);
                }
            });
        } catch (RuntimeException overflow) {
            tombstoneLost(name, overflow);
        }
    }

    private void tombstoneLost(String name, Throwable why) {
        LOG.errorf("Pool %s: the tombstone of its decisions was not published (%s); its last decision stays on %s",
                name, why, Topics.SCALE_EVENTS);
        ourTombstone(name);
    }

    /** Whether this engine sent a tombstone for the pool not read back yet; counts it as read back. */
    boolean ourTombstone(String name) {
        AtomicBoolean ours = new AtomicBoolean();
        tombstonesSent.computeIfPresent(name, (n, count) -> {
            ours.set(true);
            return count > 1 ? count - 1 : null;
        });
        return ours.get();
    }

}
