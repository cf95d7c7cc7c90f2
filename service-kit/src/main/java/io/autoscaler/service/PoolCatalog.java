package io.autoscaler.service;

import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;

/**
 * Every service's view of {@code autoscaler.pools} ({@link CompactedTopic}): the latest spec per pool,
 * rebuilt from the compacted topic at every start. Fires {@link PoolChanged} for each change; readiness
 * stays down until the topic has been read to where it ended at start-up. A record that breaks the API's
 * rules (its key not its name included) goes to the dead-letter topic and changes nothing: the pool's
 * previous valid spec stays in effect.
 */
@ApplicationScoped
public class PoolCatalog {
    private static final Logger LOG = Logger.getLogger(PoolCatalog.class);

    @Inject
    Event<PoolChanged> changes;

    @Inject
    RecordValidator validator;

    @Inject
    BrokerAdmin broker;

    private CompactedTopic<PoolSpec> pools;

    @PostConstruct
    void create() {
        pools = new CompactedTopic<>(Topics.POOLS, PoolSpec.class, validator::require, broker, this::changed);
    }

    @Incoming("pools")
    public void read(ConsumerRecord<String, byte[]> record) {
        pools.read(record);
    }

    private void changed(String name, PoolSpec before, PoolSpec after) {
        if (!CompactedTopic.Listener.changed(before, after)) {
            return;
        }
        if (after == null) {
            LOG.infof("Pool %s deleted", name);
        } else {
            LOG.infof("Pool %s %s (image %s, %d..%d replicas)", name, before == null ? "loaded" : "updated",
                    after.image(), after.minReplicas(), after.maxReplicas());
        }
        changes.fire(new PoolChanged(name, before, after));
    }

    public Optional<PoolSpec> pool(String name) {
        return pools.get(name);
    }

    /** A snapshot of every known pool by name. */
    public Map<String, PoolSpec> all() {
        return pools.all();
    }

    /** True once the topic has been read up to where it ended when the service started. */
    public boolean loaded() {
        return pools.loaded();
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
