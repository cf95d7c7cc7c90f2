package io.autoscaler.decisionengine.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.events.validation.Violation;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Pool definitions live only on {@code autoscaler.pools}: a write is a record keyed by the pool's name
 * (a tombstone deletes), and reads come from the {@link PoolCatalog} every service keeps. A write
 * returns once the catalog shows it, so a client reads its own writes.
 */
@ApplicationScoped
public class PoolRegistry {
    private static final Logger LOG = Logger.getLogger(PoolRegistry.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    /** The outcome of a write: the violations, or the stored spec and whether it is new. */
    public record Written(List<Violation> violations, PoolSpec stored, boolean created) {
        public boolean rejected() {
            return !violations.isEmpty();
        }
    }

    private record Waiter(String pool, Predicate<Optional<PoolSpec>> done, CompletableFuture<Void> future) {
    }

    @Inject
    PoolCatalog catalog;

    @Inject
    MeterRegistry meters;

    @Inject
    @Channel("pool-specs")
    Emitter<Record<String, PoolSpec>> specs;

    @Inject
    RecordValidator validator;

    private final Map<Waiter, Boolean> waiters = new ConcurrentHashMap<>();

    public Optional<PoolSpec> pool(String name) {
        return catalog.pool(name);
    }

    public Map<String, PoolSpec> all() {
        return catalog.all();
    }

    /** What is wrong with {@code spec}, each broken rule with its field. */
    public List<Violation> violations(PoolSpec spec) {
        return validator.specs().validate(spec);
    }

    /** Creates or replaces the pool {@code name}; the spec's own name, if any, must be the same. */
    public Written put(String name, PoolSpec given) {
        List<Violation> violations = new ArrayList<>();
        if (given.name() != null && !given.name().equals(name)) {
            violations.add(new Violation("name", "must equal the pool name in the path ('" + name + "')"));
        }
        PoolSpec spec = named(name, given).withTimestamp(Timestamps.now());
        violations.addAll(violations(spec));
        if (!violations.isEmpty()) {
            return new Written(violations, null, false);
        }
        boolean created = catalog.pool(name).isEmpty();
        write(name, spec, current -> current.filter(spec::equals).isPresent());
        LOG.infof("Pool %s %s (image %s, %d..%d replicas)", name, created ? "created" : "updated", spec.image(),
                spec.minReplicas(), spec.maxReplicas());
        meters.counter("autoscaler.pool.writes", "pool", name, "action", created ? "create" : "update").increment();
        return new Written(List.of(), spec, created);
    }

    /** Deletes the pool with a tombstone; false if there is no such pool. */
    public boolean delete(String name) {
        if (catalog.pool(name).isEmpty()) {
            return false;
        }
        write(name, null, Optional::isEmpty);
        LOG.infof("Pool %s deleted", name);
        meters.counter("autoscaler.pool.writes", "pool", name, "action", "delete").increment();
        return true;
    }

    void onPoolChanged(@Observes PoolChanged change) {
        waiters.keySet().forEach(w -> {
            if (w.pool().equals(change.pool()) && w.done().test(Optional.ofNullable(change.after()))) {
                w.future().complete(null);
            }
        });
    }

    private void write(String name, PoolSpec spec, Predicate<Optional<PoolSpec>> visible) {
        Waiter waiter = new Waiter(name, visible, new CompletableFuture<>());
        waiters.put(waiter, true);
        try {
            specs.send(Record.of(name, spec)).toCompletableFuture().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!visible.test(catalog.pool(name))) {
                waiter.future().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing pool " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write pool " + name + " to Kafka: " + e, e);
        } finally {
            waiters.remove(waiter);
        }
    }

    /** The spec under the path's name; a backend left out (null) follows that name. */
    private static PoolSpec named(String name, PoolSpec s) {
        return new PoolSpec(name, s.image(), s.port(), s.env(), s.network(), s.haproxyBackend(), s.minReplicas(),
                s.maxReplicas(), s.healthCheck(), s.policy(), s.drain(), s.resources(), s.dryRun(), null);
    }
}
