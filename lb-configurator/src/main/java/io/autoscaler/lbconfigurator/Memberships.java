package io.autoscaler.lbconfigurator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.service.CatchUp;
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

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile CatchUp catchUp;

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
        metadata.ifPresent(m -> catchUp().ifPresent(c -> c.applied(m.getPartition(), m.getOffset())));
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
        Optional<CatchUp> progress = catchUp();
        if (progress.isEmpty()) {
            return false;
        }
        CatchUp c = progress.get();
        if (!c.caughtUp()) {
            var consumer = kafkaClients.<String, PoolMembership> getConsumer("membership");
            if (consumer != null) {
                try {
                    c.positioned(consumer.runOnPollingThread(kafka -> {
                        Map<Integer, Long> at = new HashMap<>();
                        kafka.assignment().forEach(tp -> at.put(tp.partition(), kafka.position(tp)));
                        return at;
                    }).await().atMost(Duration.ofSeconds(2)));
                } catch (RuntimeException e) {
                    LOG.debugf("Cannot read the membership consumer position: %s", e);
                }
            }
        }
        return c.caughtUp();
    }

    private Optional<CatchUp> catchUp() {
        if (catchUp == null) {
            try {
                catchUp = CatchUp.of(bootstrapServers, Topics.MEMBERSHIP, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Cannot read the end of %s yet: %s", Topics.MEMBERSHIP, e);
                return Optional.empty();
            }
        }
        return Optional.of(catchUp);
    }
}
