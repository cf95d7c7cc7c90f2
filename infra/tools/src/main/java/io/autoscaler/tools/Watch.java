package io.autoscaler.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.autoscaler.events.Topics;

/**
 * Follows a topic and prints one readable line per record.
 *
 * <pre>java io.autoscaler.tools.Watch --topic scale-events [--from beginning|end] [--bootstrap 127.0.0.1:9094]</pre>
 * The topic may be given without its {@code autoscaler.} prefix.
 */
public final class Watch {
    private Watch() {
    }

    public static void main(String[] args) {
        Map<String, String> options = Options.parse(args, Map.of("topic", "scale-events", "from", "beginning",
                "bootstrap", "127.0.0.1:9094"));
        String topic = options.get("topic").startsWith("autoscaler.") ? options.get("topic")
                : "autoscaler." + options.get("topic");
        Topics.named(topic); // fails early, naming the topic, when it is not one of ours
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "watch-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            if ("end".equals(options.get("from"))) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            System.err.println("Following " + topic + " at " + options.get("bootstrap") + " (Ctrl-C to stop)");
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(EventLine.format(topic, r.key(), r.value(), headers(r)));
                }
            }
        }
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
