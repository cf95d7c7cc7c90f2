package io.autoscaler.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * How far a channel reading a compacted topic from the beginning has got: caught up once every
 * record that was on the topic at start-up has been applied. Records the dead-letter strategy
 * rejected never arrive, so a consumer whose position has not moved for a few seconds (whatever it
 * fetched has been handled by then) counts as caught up if that position is past the end.
 * {@link #applied} runs on the channel's thread; {@link #caughtUp} blocks and runs on a worker.
 */
public final class TopicProgress {
    private static final Logger LOG = Logger.getLogger(TopicProgress.class);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final String topic;
    private final String channel;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile CatchUp catchUp;
    private Map<Integer, Long> lastPositions = Map.of();
    private Instant unmovedSince = Instant.now();

    public TopicProgress(String topic, String channel) {
        this.topic = topic;
        this.channel = channel;
    }

    public void applied(Message<?> message) {
        message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(m -> applied.merge(m.getPartition(), m.getOffset(), Math::max));
    }

    public boolean caughtUp(Map<String, Object> kafkaConfig, KafkaClientService clients) {
        if (catchUp == null) {
            try {
                catchUp = CatchUp.of(kafkaConfig, topic, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Cannot read the end of %s yet: %s", topic, e);
                return false;
            }
        }
        applied.forEach(catchUp::applied);
        if (!catchUp.caughtUp()) {
            trustAStillPosition(clients);
        }
        return catchUp.caughtUp();
    }

    private void trustAStillPosition(KafkaClientService clients) {
        var consumer = clients.getConsumer(channel);
        if (consumer == null) {
            return;
        }
        try {
            Map<Integer, Long> positions = consumer.runOnPollingThread(kafka -> {
                Map<Integer, Long> at = new HashMap<>();
                kafka.assignment().forEach(tp -> at.put(tp.partition(), kafka.position(tp)));
                return at;
            }).await().atMost(Duration.ofSeconds(2));
            if (!positions.equals(lastPositions)) {
                lastPositions = positions;
                unmovedSince = Instant.now();
            } else if (positions.keySet().containsAll(catchUp.partitions())
                    && Instant.now().isAfter(unmovedSince.plus(SETTLE))) {
                catchUp.positioned(positions);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Cannot read the position of channel %s: %s", channel, e);
        }
    }
}
