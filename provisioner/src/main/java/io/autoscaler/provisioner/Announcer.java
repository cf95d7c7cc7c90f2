package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Timestamps;
import io.autoscaler.provisioner.metrics.InstanceGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/** What the provisioner tells the others: memberships, instance transitions, and its own metrics. */
@ApplicationScoped
public class Announcer {
    private static final Logger LOG = Logger.getLogger(Announcer.class);

    @Inject
    @Channel("membership")
    Emitter<Record<String, PoolMembership>> memberships;

    @Inject
    @Channel("instance-events")
    Emitter<Record<String, InstanceEvent>> instanceEvents;

    @Inject
    MeterRegistry registry;

    @Inject
    InstanceGauges instanceGauges;

    /** Publishes the membership; {@code published} runs once Kafka has it. */
    void membership(PoolMembership membership, Runnable published) {
        instanceGauges.membership(membership);
        memberships.send(Record.of(membership.pool(), membership)).thenRun(published).exceptionally(e -> {
            LOG.warnf("Cannot publish the membership of pool %s: %s", membership.pool(), e.toString());
            return null;
        });
    }

    /**
     * Publishes a tombstone for the pool's membership (the pool is deleted and its containers are gone);
     * {@code published} runs once Kafka has it, {@code failed} if it does not take it.
     */
    void membershipDeleted(String pool, Runnable published, Runnable failed) {
        memberships.send(Record.of(pool, null)).thenRun(published).exceptionally(e -> {
            LOG.warnf("Cannot publish the tombstone of pool %s's membership: %s", pool, e.toString());
            failed.run();
            return null;
        });
    }

    /** Publishes the transition and counts it, labelled by pool and state. */
    void transition(TrackedInstance instance, InstanceEvent.State state, String reason) {
        InstanceEvent event = new InstanceEvent(UUID.randomUUID(), instance.pool, instance.instanceId,
                instance.containerId, state, instance.host, instance.host == null ? null : instance.port, reason,
                Timestamps.now());
        instanceEvents.send(Record.of(instance.pool, event)).exceptionally(e -> {
            LOG.warnf("Cannot publish %s of instance %s of pool %s: %s", state, instance.instanceId, instance.pool,
                    e.toString());
            return null;
        });
        registry.counter("autoscaler.provisioner.instances", "pool", instance.pool, "state", state.name()).increment();
    }

    /** How long an instance took from launch to answering its health path. */
    void timeToRunning(String pool, Duration took) {
        registry.timer("autoscaler.provisioner.time.to.running", "pool", pool).record(took);
    }
}
