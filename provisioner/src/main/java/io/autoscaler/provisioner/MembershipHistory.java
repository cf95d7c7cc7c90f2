package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;

/** The last membership published per pool, read once from the start of the compacted topic. */
@ApplicationScoped
public class MembershipHistory {
    private static final Logger LOG = Logger.getLogger(MembershipHistory.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Latest membership per pool name matching {@code pools}; throws if the broker does not answer. */
    Map<String, PoolMembership> latest(Pattern pools) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "provisioner-recovery-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, PoolMembership> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEMBERSHIP, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(Topics.MEMBERSHIP, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + Topics.MEMBERSHIP + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !pools.matcher(r.key()).matches()) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        decode(r).ifPresent(m -> latest.put(r.key(), m));
                    }
                }
            }
        }
        return latest;
    }

    private static java.util.Optional<PoolMembership> decode(ConsumerRecord<String, byte[]> r) {
        try {
            return java.util.Optional.of(EventJson.decode(r.value(), PoolMembership.class));
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable membership of pool %s at offset %d: %s", r.key(), r.offset(),
                    e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
