package io.autoscaler.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells when a service has read a compacted topic up to where it ended at start-up, that is, when the
 * state it rebuilds from that topic is complete enough to act on. Until then a service must not
 * act on absence (a pool it has not read yet is not a deleted pool).
 */
public final class CatchUp {
    private final String topic;
    private final Map<Integer, Long> endAtStart;
    private final Map<Integer, Long> consumed = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    private CatchUp(String topic, Map<Integer, Long> endAtStart) {
        this.topic = topic;
        this.endAtStart = endAtStart;
        this.caughtUp = endAtStart.values().stream().allMatch(end -> end == 0);
    }

    /**
     * Reads the topic's end offsets now, with the service's Kafka client settings ({@code kafka.*});
     * throws if the broker does not answer within {@code timeout}. No consumer group: it only asks for offsets.
     */
    public static CatchUp of(Map<String, Object> kafkaConfig, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions, timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
            return new CatchUp(topic, Map.copyOf(ends));
        }
    }

    /** Notes that the record at {@code offset} of {@code partition} has been applied. */
    public void applied(int partition, long offset) {
        consumed.merge(partition, offset, Math::max);
        if (!caughtUp) {
            caughtUp = endAtStart.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0 || consumed.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Notes how far the channel's consumer has read. Records the dead-letter strategy rejected never
     * reach {@link #applied}, so a consumer past the end at start-up has caught up as well.
     */
    public void positioned(Map<Integer, Long> positions) {
        positions.forEach((partition, position) -> applied(partition, position - 1));
    }

    public java.util.Set<Integer> partitions() {
        return endAtStart.keySet();
    }

    public String topic() {
        return topic;
    }
}
