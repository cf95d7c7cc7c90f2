package io.autoscaler.decisionengine.engine;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.validation.RecordValidator;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * How the engine takes a record from a channel: it checks it against the shared rules, hands it to the
 * engine's action and then to what watches the pools (gauges, dashboard); a record that could not be
 * read, breaks the rules or that the action cannot take is nacked to the dead-letter topic, so the
 * channel goes on. Batches are shared out over the {@link Lanes} by pool.
 */
@ApplicationScoped
public class RecordIntake {
    private static final Logger LOG = Logger.getLogger(RecordIntake.class);

    @Inject
    RecordValidator validator;

    @Inject
    Event<Object> heard;

    /** How many lanes share out the snapshots (default: one per core). */
    @ConfigProperty(name = "autoscaler.engine.lanes")
    Optional<Integer> laneCount;

    private Lanes lanes;

    @PostConstruct
    void start() {
        lanes = new Lanes(laneCount.orElse(Runtime.getRuntime().availableProcessors()));
    }

    @PreDestroy
    void stop() {
        lanes.close();
    }

    /** Takes each record of a batch on its pool's lane; completes once the rejected ones are dead-lettered. */
    <T> CompletionStage<Void> handleBatch(KafkaRecordBatch<String, T> batch, Consumer<T> action) {
        Queue<CompletionStage<Void>> rejected = new ConcurrentLinkedQueue<>();
        lanes.handle(batch.getRecords(), RecordIntake::poolOf, record -> {
            RuntimeException refused = take(record, action);
            if (refused != null) {
                rejected.add(record.nack(refused));
            }
        });
        return CompletableFuture.allOf(rejected.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    <T> CompletionStage<Void> handle(Message<T> message, Consumer<T> action) {
        RuntimeException refused = take(message, action);
        return refused == null ? message.ack() : message.nack(refused);
    }

    /** The record's pool, for its lane: the payload's, or the key of one that could not be read. */
    private static String poolOf(KafkaRecord<String, ?> record) {
        return record.getPayload() instanceof CpuSnapshot cpu ? cpu.pool()
                : record.getPayload() instanceof HaproxySnapshot haproxy ? haproxy.pool() : record.getKey();
    }

    /** Acts on a valid record; what it refused, or null. */
    private <T> RuntimeException take(Message<T> message, Consumer<T> action) {
        try {
            Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
            if (message.getPayload() == null) {
                // in a batch, what the deserializer could not read comes here rather than to the dead-letter topic
                return kafka.map(m -> m.getHeaders().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON))
                        .map(h -> new IllegalArgumentException(new String(h.value(), StandardCharsets.UTF_8)))
                        .orElse(null);
            }
            T valid = validator.require(kafka.map(m -> (String) m.getKey()).orElse(null), message.getPayload());
            action.accept(valid);
            heard.fire(valid);
            return null;
        } catch (RuntimeException e) {
            LOG.warnf("Rejecting a record: %s", e.toString());
            return e;
        }
    }
}
