package io.autoscaler.decisionengine.registry;

import java.util.ArrayList;
import java.util.HashMap;
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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.events.validation.RouteConflicts;
import io.autoscaler.events.validation.Violation;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Pool definitions live only on {@code autoscaler.pools}: a write is a record keyed by the pool's name
 * (a tombstone deletes), and reads come from the {@link PoolCatalog} every service keeps. A write
 * returns once the catalog shows it, so a client reads its own writes. A PUT of the spec already
 * stored writes nothing, so a retried PUT has no second effect. A spec whose route another pool
 * already has ({@link RouteConflicts}) is refused as a conflict. A write Kafka does not take within
 * the bound ({@code autoscaler.api.kafka-timeout-ms}, which also bounds the producer: the record is
 * then dropped, never sent later) throws {@link Unavailable}.
 */
@ApplicationScoped
public class PoolRegistry {
    private static final Logger LOG = Logger.getLogger(PoolRegistry.class);

    /**
     * The outcome of a write: the violations (of the spec's own rules, or with {@code conflict} of
     * another pool's route), or the stored spec and whether it is new.
     */
    public record Written(List<Violation> violations, boolean conflict, PoolSpec stored, boolean created) {
        public boolean rejected() {
            return !violations.isEmpty();
        }
    }

    /** Kafka did not take a write in time (nothing changed), or it was not read back yet; the message says which. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
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

    /** The pool-specs producer gives up after this long, once waiting for metadata and once delivering. */
    @ConfigProperty(name = "autoscaler.api.kafka-timeout-ms", defaultValue = "3000")
    int kafkaTimeoutMs;

    private final Map<Waiter, Boolean> waiters = new ConcurrentHashMap<>();
    /** Specs being written, not yet in the catalog: what two PUTs at once check their routes against. */
    private final Map<String, PoolSpec> writing = new HashMap<>();

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

    /**
     * Creates or replaces the pool {@code name}; the spec's own name, if any, must be the same. Env values
     * sent as {@link EnvMask#MASK} keep the stored ones. The same spec as the stored one writes nothing.
     */
    public Written put(String name, PoolSpec given) {
        List<Violation> violations = new ArrayList<>();
        if (given.name() != null && !given.name().equals(name)) {
            violations.add(new Violation("name", "must equal the pool name in the path ('" + name + "')"));
        }
        Optional<PoolSpec> stored = catalog.pool(name);
        PoolSpec spec = EnvMask.unmasked(named(name, given), stored, violations).withTimestamp(Timestamps.now());
        violations.addAll(violations(spec));
        if (!violations.isEmpty()) {
            return new Written(violations, false, null, false);
        }
        List<Violation> conflicts = claim(spec);
        if (!conflicts.isEmpty()) {
            return new Written(conflicts, true, null, false);
        }
        try {
            if (stored.filter(s -> s.withTimestamp(null).equals(spec.withTimestamp(null))).isPresent()) {
                LOG.debugf("Pool %s unchanged; nothing written", name);
                return new Written(List.of(), false, stored.get(), false);
            }
            boolean created = stored.isEmpty();
            write(name, spec, current -> current.filter(spec::equals).isPresent());
            LOG.infof("Pool %s %s (image %s, %d..%d replicas)", name, created ? "created" : "updated", spec.image(),
                    spec.minReplicas(), spec.maxReplicas());
            meters.counter("autoscaler.pool.writes", "pool", name, "action", created ? "create" : "update").increment();
            return new Written(List.of(), false, spec, created);
        } finally {
            synchronized (writing) {
                writing.remove(name, spec);
            }
        }
    }

    /**
     * The route conflicts of {@code spec} with the other pools, stored or being written. Without any,
     * {@code spec} counts as being written until its write ends: of two PUTs claiming one route at
     * once, the second gets the conflict.
     */
    private List<Violation> claim(PoolSpec spec) {
        synchronized (writing) {
            Map<String, PoolSpec> pools = new HashMap<>(catalog.all());
            pools.putAll(writing);
            List<Violation> conflicts = RouteConflicts.between(spec, pools.values());
            if (conflicts.isEmpty()) {
                writing.put(spec.name(), spec);
            }
            return conflicts;
        }
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

    /** Sends the record and waits until the catalog shows it, both within the bound. */
    private void write(String name, PoolSpec spec, Predicate<Optional<PoolSpec>> visible) {
        // the producer fails a record after max.block.ms (metadata) plus delivery.timeout.ms; a margin beyond
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2L * kafkaTimeoutMs + 1000);
        Waiter waiter = new Waiter(name, visible, new CompletableFuture<>());
        waiters.put(waiter, true);
        try {
            send(name, spec, deadline);
            if (!visible.test(catalog.pool(name))) {
                waiter.future().get(left(deadline), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while writing pool " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unavailable("Kafka took the write but it was not read back in time; it will show shortly, "
                    + "and sending the same PUT again is safe", e);
        } finally {
            waiters.remove(waiter);
        }
    }

    private void send(String name, PoolSpec spec, long deadline) throws InterruptedException {
        try {
            specs.send(Record.of(name, spec)).toCompletableFuture().get(left(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warnf("Pool %s not written: Kafka did not take the record (%s)", name, cause);
            throw new Unavailable("Kafka did not take the write (" + cause.getClass().getSimpleName()
                    + " after at most " + (2L * kafkaTimeoutMs) + " ms); nothing was changed", e);
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** The spec under the path's name; a backend left out (null) follows that name. */
    private static PoolSpec named(String name, PoolSpec s) {
        return new PoolSpec(name, s.image(), s.port(), s.env(), s.network(), s.haproxyBackend(), s.minReplicas(),
                s.maxReplicas(), s.healthCheck(), s.policy(), s.drain(), s.resources(), s.dryRun(), null,
                s.route(), s.balance(), s.stickiness(), s.maxConnPerInstance(), s.slowStartMs(), s.schedule());
    }
}
