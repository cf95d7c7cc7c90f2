package io.autoscaler.lbconfigurator;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Timestamps;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes what the configurator did or saw on {@code autoscaler.lb-events}, keyed by pool. */
@ApplicationScoped
public class LbEvents {
    private static final Logger LOG = Logger.getLogger(LbEvents.class);

    /** A pass may report hundreds of servers at once (a restart, a large backend): room for them all. */
    @Inject
    @Channel("lb-events")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    Emitter<LbEvent> emitter;

    public void publish(String pool, String instanceId, String server, LbEvent.State state, Integer sessions,
            String reason) {
        LbEvent event = new LbEvent(UUID.randomUUID(), pool, instanceId, server, state, sessions, reason,
                Timestamps.now());
        emitter.send(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(pool).build())
                .withNack(e -> {
                    LOG.warnf("Could not publish %s for %s/%s: %s", state, pool, server, e.toString());
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }));
    }
}
