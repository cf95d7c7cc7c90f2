package io.autoscaler.lbconfigurator;

import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.BrokerAdmin;
import io.autoscaler.service.CompactedTopic;

/**
 * The latest membership of every pool, rebuilt from the compacted {@code autoscaler.membership} at
 * every start ({@link CompactedTopic}). Each change fires {@link MembershipChanged}; a tombstone (the
 * provisioner's word that a deleted pool's containers are gone) deletes the pool's membership. A record
 * that cannot be read or breaks the shared rules (key and pool differ, an address that is not an IP
 * literal, a RUNNING instance without one, ...) goes to the dead-letter topic, and the pool's previous
 * valid membership stays in effect.
 */
@ApplicationScoped
public class Memberships {
    private static final Logger LOG = Logger.getLogger(Memberships.class);

    /** A pool's membership changed (null: the pool's membership was deleted). */
    public record MembershipChanged(String pool, PoolMembership membership) {
    }

    @Inject
    Event<MembershipChanged> changes;

    @Inject
    RecordValidator validator;

    @Inject
    BrokerAdmin broker;

    private CompactedTopic<PoolMembership> memberships;

    @PostConstruct
    void create() {
        memberships = new CompactedTopic<>(Topics.MEMBERSHIP, PoolMembership.class, validator::require, broker,
                (pool, before, after) -> {
                    if (after == null && before != null) {
                        LOG.infof("Membership of pool %s deleted", pool);
                    }
                    if (CompactedTopic.Listener.changed(before, after)) {
                        changes.fire(new MembershipChanged(pool, after));
                    }
                });
    }

    @Incoming("membership")
    public void read(ConsumerRecord<String, byte[]> record) {
        memberships.read(record);
    }

    public Optional<PoolMembership> of(String pool) {
        return memberships.get(pool);
    }

    public Map<String, PoolMembership> all() {
        return memberships.all();
    }

    /**
     * True once the topic has been read up to where it ended at start-up: until then an absent
     * instance may just not be read yet, and removing its server would cut live traffic.
     */
    public boolean loaded() {
        return memberships.loaded();
    }
}
