package io.autoscaler.service;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.autoscaler.events.kafka.EventSerializer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * The failure strategy of every Kafka channel ({@value #STRATEGY}): a record that cannot be read or is
 * refused goes to the dead-letter topic exactly as it arrived, with its headers and SmallRye's
 * reason headers ({@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic},
 * {@code -partition}, {@code -offset}), and the channel keeps consuming.
 *
 * <p>SmallRye's own {@code dead-letter-queue} strategy builds one producer per incoming channel while the
 * service starts (five or six per service, 0.1-0.5 s each on a busy machine, all on the start-up path).
 * Here the channels share one producer, made on first use on its own thread, so neither start-up nor
 * a channel's poll or event loop waits for it; sends keep their order.
 */
@ApplicationScoped
@Identifier(DeadLetters.STRATEGY)
public class DeadLetters implements KafkaFailureHandler.Factory {
    public static final String STRATEGY = "autoscaler-dead-letter";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final EventSerializer VALUES = new EventSerializer();

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dead-letter");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        String channel = config.getChannel();
        String topic = config.getDeadLetterQueueTopic().orElse("dead-letter-topic-" + channel);
        return new ChannelDeadLetters(channel, topic);
    }

    /**
     * A {@link KafkaDeadLetterQueue} only by type: SmallRye hands a record its deserializer could not read
     * to the failure handler, rather than to the application as a null (which reads as a tombstone), only
     * when the handler is one. Nothing of the parent is used.
     */
    private final class ChannelDeadLetters extends KafkaDeadLetterQueue {
        private final String channel;
        private final String topic;

        ChannelDeadLetters(String channel, String topic) {
            super(channel, topic, null, null);
            this.channel = channel;
            this.topic = topic;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            return Uni.createFrom().completionStage(send(channel, topic, record, reason))
                    .onItem().transformToUni(sent -> Uni.createFrom().completionStage(record.ack()));
        }

        @Override
        public void terminate() {
            // the shared producer closes with the service
        }
    }

    private CompletableFuture<Void> send(String channel, String topic, IncomingKafkaRecord<?, ?> record,
            Throwable reason) {
        ProducerRecord<String, byte[]> letter = letter(topic, record, reason);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sender.execute(() -> {
            try {
                producer().send(letter, (meta, failure) -> {
                    if (failure == null) {
                        sent.complete(null);
                    } else {
                        LOG.errorf("Channel %s: could not dead-letter %s-%d@%d: %s", channel, record.getTopic(),
                                record.getPartition(), record.getOffset(), failure);
                        sent.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf("Channel %s: could not dead-letter %s-%d@%d: %s", channel, record.getTopic(),
                        record.getPartition(), record.getOffset(), e);
                sent.completeExceptionally(e);
            }
        });
        LOG.warnf("Channel %s: %s-%d@%d (key %s) rejected, sent to %s: %s", channel, record.getTopic(),
                record.getPartition(), record.getOffset(), record.getKey(), topic, message(reason));
        return sent;
    }

    /** The record as it arrived: a value that could not be read is in SmallRye's failure header. */
    static ProducerRecord<String, byte[]> letter(String topic, IncomingKafkaRecord<?, ?> record, Throwable reason) {
        byte[] value = record.getPayload() == null
                ? headerBytes(record, DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA)
                : VALUES.serialize(topic, record.getPayload());
        String key = record.getKey() == null ? null : String.valueOf(record.getKey());
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, null, key, value);
        record.getHeaders().forEach(letter.headers()::add);
        add(letter, "dead-letter-exception-class-name", reason.getClass().getName());
        add(letter, "dead-letter-reason", message(reason));
        if (reason.getCause() != null) {
            add(letter, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
            add(letter, "dead-letter-cause", message(reason.getCause()));
        }
        add(letter, "dead-letter-topic", record.getTopic());
        add(letter, "dead-letter-partition", Integer.toString(record.getPartition()));
        add(letter, "dead-letter-offset", Long.toString(record.getOffset()));
        return letter;
    }

    private static byte[] headerBytes(IncomingKafkaRecord<?, ?> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        return header == null ? null : header.value();
    }

    private static void add(ProducerRecord<String, byte[]> letter, String name, String value) {
        letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** Made on the sender thread only. */
    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    @PreDestroy
    void close() {
        sender.execute(() -> {
            if (producer != null) {
                producer.close();
            }
        });
        sender.shutdown();
    }
}
