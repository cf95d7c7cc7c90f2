package io.autoscaler.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.autoscaler.events.json.EventJson;

/** Produce records to, and await records on, the real broker. */
public final class KafkaRecords {
    private final Map<String, Object> clientConfig;

    private KafkaRecords(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** Records of any broker, as the client {@code clientConfig} (bootstrap servers and security) describes. */
    public static KafkaRecords at(Map<String, Object> clientConfig) {
        return new KafkaRecords(clientConfig);
    }

    /** Sends an event as JSON (null value: a tombstone) and waits for the broker's acknowledgement. */
    public void send(String topic, String key, Object event) {
        sendRaw(topic, key, event == null ? null : EventJson.encode(event));
    }

    /** Sends bytes as they are, for malformed-record tests. */
    public void sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause() == null ? e : e.getCause());
        }
    }

    public void sendRaw(String topic, String key, String value) {
        sendRaw(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until a record on {@code topic} (read from the beginning) matches, and returns it. */
    public ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> matching,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = awaitCount(topic, matching, 1, timeout);
        return found.get(0);
    }

    /** Waits until a record whose value decodes as {@code type} matches, and returns the decoded value. */
    public <T> T awaitEvent(String topic, Class<T> type, Predicate<T> matching, Duration timeout) {
        ConsumerRecord<String, byte[]> found = await(topic,
                r -> r.value() != null && decodesAs(r.value(), type) && matching.test(EventJson.decode(r.value(), type)),
                timeout);
        return EventJson.decode(found.value(), type);
    }

    /** Waits until at least {@code count} records match; returns all matches seen by then. */
    public List<ConsumerRecord<String, byte[]>> awaitCount(String topic,
            Predicate<ConsumerRecord<String, byte[]>> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromStart(topic)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(r)) {
                        matches.add(r);
                    }
                }
                if (matches.size() >= count) {
                    return matches;
                }
            }
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + count + " matching record(s) on "
                + topic + ", saw " + matches.size());
    }

    /** Every record on the topic now, from the beginning up to the current end. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromStart(topic)) {
            var end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private KafkaConsumer<String, byte[]> consumerFromStart(String topic) {
        // no consumer group: partitions are assigned, nothing is committed (a viewer has no group rights)
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static boolean decodesAs(byte[] value, Class<?> type) {
        try {
            EventJson.decode(value, type);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
