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
import io.autoscaler.service.TopicProgress;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The latest membership of every pool, rebuilt from the compacted {@code autoscaler.membership} at
 * every start (read from the beginning, never committed). Each change fires {@link MembershipChanged}.
 * A record that does not make sense (key and pool differ, a RUNNING instance without an address)
 * is nacked, which sends it to the dead-letter topic; unreadable JSON never gets here.
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
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TopicProgress progress = new TopicProgress(Topics.MEMBERSHIP, "membership");

    @Incoming("membership")
    public CompletionStage<Void> apply(Message<PoolMembership> message) {
        var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = metadata.map(m -> (String) m.getKey()).orElse(null);
        PoolMembership membership = message.getPayload();
        try {
            if (membership == null) {
                if (key != null && byPool.remove(key) != null) {
                    LOG.infof("Membership of pool %s deleted", key);
                    changes.fire(new MembershipChanged(key, null));
                }
            } else {
                check(key, membership);
                PoolMembership previous = byPool.put(membership.pool(), membership);
                if (!membership.equals(previous)) {
                    changes.fire(new MembershipChanged(membership.pool(), membership));
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("Rejecting membership record of %s: %s", key, e.getMessage());
            return message.nack(e);
        }
        progress.applied(message);
        return message.ack();
    }

    static void check(String key, PoolMembership membership) {
        if (key != null && !key.equals(membership.pool())) {
            throw new IllegalArgumentException("record key " + key + " is not its pool " + membership.pool());
        }
        for (PoolMembership.Instance instance : membership.instances()) {
            if (instance.state() == PoolMembership.State.RUNNING
                    && (instance.host() == null || instance.host().isBlank() || instance.port() <= 0)) {
                throw new IllegalArgumentException("RUNNING instance " + instance.instanceId()
                        + " has no address (host " + instance.host() + ", port " + instance.port() + ")");
            }
        }
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
