package io.autoscaler.service;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record a service read outside a SmallRye channel, and rejected, to
 * {@code autoscaler.dead-letter} unchanged, with the headers SmallRye's dead-letter strategy gives
 * the records it rejects. A failure to send is logged, never thrown: a reader must not stall on it.
 */
@ApplicationScoped
@Unremovable
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("dead-letter")
    Emitter<byte[]> deadLetters;

    public void reject(ConsumerRecord<String, byte[]> record, Throwable reason) {
        LOG.warnf("Rejecting the record at %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                record.offset(), record.key(), reason.getMessage());
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-reason", String.valueOf(reason.getMessage()));
        if (reason.getCause() != null) {
            header(headers, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
            header(headers, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
        }
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", Integer.toString(record.partition()));
        header(headers, "dead-letter-offset", Long.toString(record.offset()));
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(record.key()).withHeaders(headers).build();
        try {
            deadLetters.send(Message.of(record.value()).addMetadata(metadata));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot send the rejected record at %s-%d@%d to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
