package io.autoscaler.provisioner;

import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.BrokerAdmin;
import io.autoscaler.service.CompactedTopic;

/**
 * What this provisioner published on {@code autoscaler.membership} before a restart, read whole from the
 * compacted topic ({@link CompactedTopic}): after a restart the loop takes each pool's generation, and each
 * instance's DRAINING state and start time, from here before it publishes anything.
 */
@ApplicationScoped
public class PublishedMemberships {
    @Inject
    RecordValidator validator;

    @Inject
    BrokerAdmin broker;

    private CompactedTopic<PoolMembership> memberships;

    @PostConstruct
    void create() {
        memberships = new CompactedTopic<>(Topics.MEMBERSHIP, PoolMembership.class, validator::require, broker,
                (pool, before, after) -> {
                });
    }

    @Incoming("published-membership")
    public void read(ConsumerRecord<String, byte[]> record) {
        memberships.read(record);
    }

    public Map<String, PoolMembership> all() {
        return memberships.all();
    }

    public boolean loaded() {
        return memberships.loaded();
    }
}
