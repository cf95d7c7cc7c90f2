package io.autoscaler.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Every service's view of {@code autoscaler.pools}: the latest spec per pool, rebuilt from the
 * compacted topic at every start. Fires {@link PoolChanged} for each change; readiness stays down
 * until the topic has been read to where it ended at start-up. A record that breaks the API's rules
 * (its key not its name included) is nacked to the dead-letter topic and changes nothing: the
 * pool's previous valid spec stays in effect.
 */
@ApplicationScoped
public class PoolCatalog {
    private static final Logger LOG = Logger.getLogger(PoolCatalog.class);

    private final Map<String, PoolSpec> pools = new ConcurrentHashMap<>();

    @Inject
    Event<PoolChanged> changes;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    RecordValidator validator;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TopicProgress progress = new TopicProgress(Topics.POOLS, "pools");

    @Incoming("pools")
    public CompletionStage<Void> apply(Message<PoolSpec> message) {
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> (String) m.getKey()).orElse(null);
        PoolSpec spec = message.getPayload();
        try {
            validator.require(key, spec);
            if (spec == null) {
                deleted(key);
            } else {
                put(spec);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Rejecting a pools record under key %s: %s", key, e.getMessage());
            progress.applied(message);
            return message.nack(e);
        }
        progress.applied(message);
        return message.ack();
    }

    private void deleted(String name) {
        PoolSpec removed = pools.remove(name);
        if (removed != null) {
            LOG.infof("Pool %s deleted", name);
            changes.fire(new PoolChanged(name, removed, null));
        }
    }

    private void put(PoolSpec spec) {
        PoolSpec previous = pools.put(spec.name(), spec);
        if (!spec.equals(previous)) {
            LOG.infof("Pool %s %s (image %s, %d..%d replicas)", spec.name(), previous == null ? "loaded" : "updated",
                    spec.image(), spec.minReplicas(), spec.maxReplicas());
            changes.fire(new PoolChanged(spec.name(), previous, spec));
        }
    }

    public Optional<PoolSpec> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** A snapshot of every known pool by name. */
    public Map<String, PoolSpec> all() {
        return Map.copyOf(pools);
    }

    /** True once the topic has been read up to where it ended when the service started. */
    public boolean loaded() {
        return progress.caughtUp(kafkaConfig, kafkaClients);
    }

    /** Readiness: down until the catalog has caught up with the pools topic. */
    @Readiness
    @ApplicationScoped
    static class Loaded implements HealthCheck {
        @Inject
        PoolCatalog catalog;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("pool-catalog").status(catalog.loaded())
                    .withData("pools", catalog.all().size()).build();
        }
    }
}
