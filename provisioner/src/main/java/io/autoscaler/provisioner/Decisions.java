package io.autoscaler.provisioner;


import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.BrokerAdmin;
import io.autoscaler.service.CompactedTopic;

/**
 * The desired state: the engine's latest decision per pool, read whole from the compacted
 * {@code autoscaler.scale-events} at every start ({@link CompactedTopic}); each valid decision, in order,
 * goes to the loop. One that breaks the shared rules is dead-lettered and never acted on.
 */
@ApplicationScoped
public class Decisions {
    @Inject
    Provisioner provisioner;

    @Inject
    RecordValidator validator;

    @Inject
    BrokerAdmin broker;

    private CompactedTopic<ScaleDecision> decisions;

    @PostConstruct
    void create() {
        decisions = new CompactedTopic<>(Topics.SCALE_EVENTS, ScaleDecision.class, validator::require, broker,
                (pool, before, after) -> provisioner.decided(pool, after));
    }

    @Incoming("scale-events")
    public void read(ConsumerRecord<String, byte[]> record) {
        decisions.read(record);
    }

    /** Whether every decision on the topic at start-up has been read. */
    public boolean loaded() {
        return decisions.loaded();
    }
}
