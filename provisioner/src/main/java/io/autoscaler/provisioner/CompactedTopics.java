package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;


import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.DeadLetters;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads a compacted topic from its start to where it ends now: the latest valid record per key, with
 * its offset. The loop reads its state this way once at start-up, before it acts on anything. A
 * record that cannot be read or breaks the shared rules goes to the dead-letter topic and leaves
 * the key's previous valid record in effect, as the channels do.
 */
@ApplicationScoped
public class CompactedTopics {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The latest value under a key (null for a tombstone) and where it was on the topic. */
    record Latest<T>(T value, long offset) {
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    RecordValidator validator;

    @Inject
    DeadLetters deadLetters;

    /** Latest record per key matching {@code keys}; throws if the broker does not answer. */
    <T> Map<String, Latest<T>> read(String topic, Class<T> type, Pattern keys) {
        // the service's Kafka settings, without a consumer group: it assigns partitions and commits nothing
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Latest<T>> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !keys.matcher(r.key()).matches()) {
                        continue;
                    }
                    try {
                        T value = r.value() == null ? null : EventJson.decode(r.value(), type);
                        latest.put(r.key(), new Latest<>(validator.require(r.key(), value), r.offset()));
                    } catch (RuntimeException e) {
                        deadLetters.reject(r, e);
                    }
                }
            }
        }
        return latest;
    }
}
