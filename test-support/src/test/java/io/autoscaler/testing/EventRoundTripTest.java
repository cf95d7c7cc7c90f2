package io.autoscaler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.kafka.CpuSnapshotDeserializer;
import io.autoscaler.events.kafka.EventSerializer;
import io.autoscaler.events.kafka.HaproxySnapshotDeserializer;
import io.autoscaler.events.kafka.InstanceEventDeserializer;
import io.autoscaler.events.kafka.LbEventDeserializer;
import io.autoscaler.events.kafka.PoolMembershipDeserializer;
import io.autoscaler.events.kafka.PoolSpecDeserializer;
import io.autoscaler.events.kafka.ScaleDecisionDeserializer;

/** Every event type through the real broker, with the serde the services' channels use. */
class EventRoundTripTest {
    private static final Instant AT = Timestamps.now();

    static Stream<Arguments> everyEventOnItsTopic() {
        String pool = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        return Stream.of(
                Arguments.of(Topics.POOLS, new PoolSpecDeserializer(),
                        PoolSpec.of(pool, "autoscaler/demo-app").withTimestamp(AT)),
                Arguments.of(Topics.METRICS_CPU, new CpuSnapshotDeserializer(), new CpuSnapshot(pool, AT,
                        List.of(new CpuSnapshot.InstanceCpu("i1", "c1", 42.5, 1 << 20)))),
                Arguments.of(Topics.METRICS_HAPROXY, new HaproxySnapshotDeserializer(), new HaproxySnapshot(pool, pool,
                        AT, List.of(new HaproxySnapshot.Server(pool + "-i1", "i1", "UP 1/2", 3, 0, 7.5, 12, "L7OK", 1)),
                        new HaproxySnapshot.Totals(3, 0, 7.5))),
                Arguments.of(Topics.SCALE_EVENTS, new ScaleDecisionDeserializer(), new ScaleDecision(UUID.randomUUID(),
                        pool, ScaleDecision.Type.SCALE, 1, 3, null, "cpu 90 against 50", Map.of("cpu", 90.0), false, AT)),
                Arguments.of(Topics.MEMBERSHIP, new PoolMembershipDeserializer(), new PoolMembership(pool, 4, 1,
                        List.of(new PoolMembership.Instance("i1", "c1", pool + "-i1", 8080,
                                PoolMembership.State.STARTING, AT)), AT)),
                Arguments.of(Topics.INSTANCE_EVENTS, new InstanceEventDeserializer(), new InstanceEvent(
                        UUID.randomUUID(), pool, "i1", "c1", InstanceEvent.State.LAUNCHED, pool + "-i1", 8080, "scale out",
                        AT)),
                Arguments.of(Topics.LB_EVENTS, new LbEventDeserializer(), new LbEvent(UUID.randomUUID(), pool, "i1",
                        pool + "-i1", LbEvent.State.ADDED, null, "added DOWN with checks", AT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventOnItsTopic")
    <T> void anEventArrivesEqualToWhatWasSent(String topic, Deserializer<T> deserializer, T event) {
        // the admin: this test writes every topic
        java.util.Map<String, Object> bootstrap = KafkaBroker.shared().clientConfig("admin");
        String key = UUID.randomUUID().toString();

        Properties producerProps = new Properties();
        producerProps.putAll(bootstrap);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new EventSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertEquals(event, receive(bootstrap, topic, key, deserializer));
    }

    private static <T> T receive(java.util.Map<String, Object> bootstrap, String topic, String key, Deserializer<T> deserializer) {
        Properties props = new Properties();
        props.putAll(bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rt-" + UUID.randomUUID());
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }
}
