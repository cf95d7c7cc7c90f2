package io.autoscaler.provisioner;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.validation.RecordValidator;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The provisioner's Kafka inputs, handed to the loop once they pass the shared rules. A record that
 * breaks them or cannot be applied is nacked, so the dead-letter strategy keeps it with the reason
 * and the channel goes on.
 */
@ApplicationScoped
public class KafkaInputs {
    @Inject
    Provisioner provisioner;

    @Inject
    RecordValidator validator;

    @Incoming("scale-events")
    public CompletionStage<Void> decision(Message<ScaleDecision> message) {
        var meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = key(message);
        long offset = meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(Long.MAX_VALUE);
        try {
            ScaleDecision decision = validator.require(key, message.getPayload());
            provisioner.decided(key, decision, offset);
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return message.ack();
    }

    @Incoming("lb-events")
    public CompletionStage<Void> lbEvent(Message<LbEvent> message) {
        try {
            if (message.getPayload() != null) {
                provisioner.loadBalancerSaid(validator.require(key(message), message.getPayload()));
            }
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return message.ack();
    }

    @Incoming("haproxy-metrics")
    public CompletionStage<Void> haproxy(Message<HaproxySnapshot> message) {
        try {
            if (message.getPayload() != null) {
                provisioner.sessions(validator.require(key(message), message.getPayload()));
            }
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return message.ack();
    }

    private static String key(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> (String) m.getKey()).orElse(null);
    }
}
