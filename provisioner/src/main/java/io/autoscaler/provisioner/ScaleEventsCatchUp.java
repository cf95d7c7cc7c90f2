package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.service.CatchUp;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Whether the decisions read so far include every one that was on the topic at start-up: until then
 * the loop must not act, or it would scale a pool to an old desired count on the way to the latest.
 */
@ApplicationScoped
public class ScaleEventsCatchUp {
    private static final Logger LOG = Logger.getLogger(ScaleEventsCatchUp.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    KafkaClientService kafkaClients;

    private volatile CatchUp catchUp;

    void applied(int partition, long offset) {
        CatchUp c = catchUp();
        if (c != null) {
            c.applied(partition, offset);
        }
    }

    boolean caughtUp() {
        CatchUp c = catchUp();
        if (c == null) {
            return false;
        }
        if (!c.caughtUp()) {
            readPositions(c);
        }
        return c.caughtUp();
    }

    /** Dead-lettered records never reach {@link #applied}; the consumer's position covers them. */
    private void readPositions(CatchUp c) {
        var consumer = kafkaClients.<String, ScaleDecision> getConsumer("scale-events");
        if (consumer == null) {
            return;
        }
        try {
            Map<Integer, Long> positions = consumer.runOnPollingThread(kafka -> {
                Map<Integer, Long> at = new HashMap<>();
                kafka.assignment().forEach(tp -> at.put(tp.partition(), kafka.position(tp)));
                return at;
            }).await().atMost(Duration.ofSeconds(2));
            c.positioned(positions);
        } catch (RuntimeException e) {
            LOG.debugf("Cannot read the scale-events consumer position: %s", e);
        }
    }

    private CatchUp catchUp() {
        if (catchUp == null) {
            try {
                catchUp = CatchUp.of(bootstrapServers, Topics.SCALE_EVENTS, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Cannot read the end of %s yet: %s", Topics.SCALE_EVENTS, e);
            }
        }
        return catchUp;
    }
}
