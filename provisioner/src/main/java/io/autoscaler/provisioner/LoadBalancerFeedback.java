package io.autoscaler.provisioner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.validation.RecordValidator;

/**
 * What the load balancer tells the provisioner: the configurator's DRAINED handshakes, and HAProxy's
 * sessions per server (to retire the least busy instances first). A record that breaks the shared rules
 * throws, and the channel's failure strategy sends it to the dead-letter topic; a tombstone means nothing.
 */
@ApplicationScoped
public class LoadBalancerFeedback {
    @Inject
    Provisioner provisioner;

    @Inject
    RecordValidator validator;

    @Incoming("lb-events")
    public void lbEvent(ConsumerRecord<String, LbEvent> record) {
        if (record.value() != null) {
            provisioner.loadBalancerSaid(validator.require(record.key(), record.value()));
        }
    }

    @Incoming("haproxy-metrics")
    public void sessions(ConsumerRecord<String, HaproxySnapshot> record) {
        if (record.value() != null) {
            provisioner.sessions(validator.require(record.key(), record.value()));
        }
    }
}
