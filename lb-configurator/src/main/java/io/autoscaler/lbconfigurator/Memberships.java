package io.autoscaler.lbconfigurator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.TopicProgress;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The latest membership of every pool, rebuilt from the compacted {@code autoscaler.membership} at
 * every start (read from the beginning, never committed). Each change fires {@link MembershipChanged}.
 * A record that breaks the shared rules (key and pool differ, an address that is not an IP literal,
 * a RUNNING instance without one, ...) is nacked, which sends it to the dead-letter topic, and the
 * pool's previous valid membership stays in effect; unreadable JSON never gets here.
 */
@ApplicationScoped
public class Memberships {
    private static final Logger LOG = Logger.getLogger(Memberships.class);

    /** A pool's membership changed (null: the pool's membership was deleted). */
    public record MembershipChanged(String pool, PoolMembership membership) {
    }

    private final Map<String, PoolMembership> byPool = new ConcurrentHashMap<>();

    @Inject
    Event<MembershipChanged> changes;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    RecordValidator validator;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TopicProgress progress = new TopicProgress(Topics.MEMBERSHIP, "membership");

    @Incoming("membership")
    public CompletionStage<Void> apply(Message<PoolMembership> message) {
        var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = metadata.map(m -> (String) m.getKey()).orElse(null);
        PoolMembership membership = message.getPayload();
        try {
            validator.require(key, membership);
            if (membership == null) {
                if (key != null && byPool.remove(key) != null) {
                    LOG.infof("Membership of pool %s deleted", key);
                    changes.fire(new MembershipChanged(key, null));
                }
            } else {
                PoolMembership previous = byPool.put(membership.pool(), membership);
                if (!membership.equals(previous)) {
                    changes.fire(new MembershipChanged(membership.pool(), membership));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Rejecting membership record of %s: %s", key, e.getMessage());
            progress.applied(message);
            return message.nack(e);
        }
        progress.applied(message);
        return message.ack();
    }

    public Optional<PoolMembership> of(String pool) {
        return Optional.ofNullable(byPool.get(pool));
    }

    public Map<String, PoolMembership> all() {
        return Map.copyOf(byPool);
    }

    /**
     * True once the topic has been read up to where it ended at start-up: until then an absent
     * instance may just not be read yet, and removing its server would cut live traffic.
     */
    public boolean loaded() {
        return progress.caughtUp(kafkaConfig, kafkaClients);
    }
}
