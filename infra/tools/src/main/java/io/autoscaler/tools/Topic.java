package io.autoscaler.tools;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.autoscaler.events.Topics;
import io.autoscaler.events.kafka.KafkaSecurity;

/** One of our topics read by a throwaway consumer that commits nothing. */
final class Topic implements AutoCloseable {
    final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    /**
     * {@code topic} may omit the {@code autoscaler.} prefix; anything not ours fails early, naming it.
     * Connects as the environment says ({@link KafkaSecurity#fromEnvironment()}: {@code infra/stack} gives
     * the read-only viewer's credentials), without a consumer group.
     */
    Topic(String topic, String bootstrap) {
        name = topic.startsWith("autoscaler.") ? topic : "autoscaler." + topic;
        Topics.named(name);
        Map<String, Object> props = KafkaSecurity.fromEnvironment().clientConfig(bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(name, p.partition())).toList();
        consumer.assign(partitions);
    }

    Topic fromBeginning() {
        consumer.seekToBeginning(partitions);
        return this;
    }

    Topic fromEnd() {
        consumer.seekToEnd(partitions);
        return this;
    }

    Iterable<ConsumerRecord<String, byte[]>> poll() {
        return consumer.poll(Duration.ofMillis(500));
    }

    /** The newest value per key, from the beginning to the end as it is now; a tombstone removes the key. */
    Map<String, byte[]> latestByKey() {
        fromBeginning();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<String, byte[]> latest = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : poll()) {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
