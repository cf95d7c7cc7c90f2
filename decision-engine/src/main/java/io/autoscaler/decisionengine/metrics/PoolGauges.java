package io.autoscaler.decisionengine.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.autoscaler.decisionengine.engine.DecisionEngine;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-pool Prometheus gauges from each second's {@link PoolSample}: {@code autoscaler_pool_replicas}
 * (kind current, desired, min, max), {@code autoscaler_pool_metric_average} and
 * {@code autoscaler_pool_metric_target} per policy metric (NaN while unknown),
 * {@code autoscaler_pool_http_rate} (kind requests, 5xx: HAProxy's requests and 5xx responses per second
 * for the pool's backend, NaN while unknown), and the counter {@code autoscaler_pool_decisions_total} by
 * type and limiting {@link Bound}. A pool that is deleted, or a metric its policy no longer names, loses its
 * meters, so the registry grows with the pools, not with time.
 */
@ApplicationScoped
public class PoolGauges {
    static final String REPLICAS = "autoscaler.pool.replicas";
    static final String AVERAGE = "autoscaler.pool.metric.average";
    static final String TARGET = "autoscaler.pool.metric.target";
    static final String DECISIONS = "autoscaler.pool.decisions";
    static final String HTTP_RATE = "autoscaler.pool.http.rate";

    @Inject
    MeterRegistry meters;

    @Inject
    PoolCatalog catalog;

    @Inject
    DecisionEngine engine;

    /** Per pool, its latest sample and the gauges reading it, by name and tag. */
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    private static final class Pool {
        volatile PoolSample sample;
        final Map<String, Meter> gauges = new HashMap<>();
    }

    void sampled(@Observes PoolSampler.Sampled sampled) {
        Set<String> seen = new HashSet<>();
        for (PoolSample sample : sampled.samples()) {
            seen.add(sample.pool());
            update(sample);
        }
        pools.keySet().stream().filter(name -> !seen.contains(name)).toList().forEach(this::forget);
    }

    /** Decisions read back from the topic once the engine decides: ours, each counted once. */
    void decision(@Observes ScaleDecision decision) {
        if (engine.deciding() && catalog.pool(decision.pool()).isPresent()) {
            meters.counter(DECISIONS, "pool", decision.pool(), "type", decision.type().name(), "bound",
                    Bound.of(decision.reason())).increment();
        }
    }

    void poolChanged(@Observes PoolChanged change) {
        if (change.deleted()) {
            forget(change.pool());
        }
    }

    private void update(PoolSample sample) {
        Pool pool = pools.computeIfAbsent(sample.pool(), n -> new Pool());
        pool.sample = sample;
        synchronized (pool) {
            Set<String> wanted = new HashSet<>();
            gauge(pool, wanted, REPLICAS, "kind", "current", s -> s.current());
            gauge(pool, wanted, REPLICAS, "kind", "desired", s -> s.desired() == null ? Double.NaN : s.desired());
            gauge(pool, wanted, REPLICAS, "kind", "min", s -> s.min());
            gauge(pool, wanted, REPLICAS, "kind", "max", s -> s.max());
            gauge(pool, wanted, HTTP_RATE, "kind", "requests", s -> valueOrNaN(s.requestRate()));
            gauge(pool, wanted, HTTP_RATE, "kind", "5xx", s -> valueOrNaN(s.errorRate()));
            for (String metric : sample.targets().keySet()) {
                gauge(pool, wanted, AVERAGE, "metric", metric, s -> valueOrNaN(s.averages().get(metric)));
                gauge(pool, wanted, TARGET, "metric", metric, s -> valueOrNaN(s.targets().get(metric)));
            }
            pool.gauges.entrySet().removeIf(e -> {
                boolean stale = !wanted.contains(e.getKey());
                if (stale) {
                    meters.remove(e.getValue());
                }
                return stale;
            });
        }
    }

    private void gauge(Pool pool, Set<String> wanted, String name, String tag, String value,
            ToDoubleFunction<PoolSample> read) {
        String key = name + '/' + value;
        wanted.add(key);
        pool.gauges.computeIfAbsent(key, k -> Gauge.builder(name, pool, p -> read.applyAsDouble(p.sample))
                .tags("pool", pool.sample.pool(), tag, value).strongReference(true).register(meters));
    }

    private static double valueOrNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private void forget(String name) {
        Pool pool = pools.remove(name);
        if (pool != null) {
            synchronized (pool) {
                pool.gauges.values().forEach(meters::remove);
            }
        }
        meters.find(DECISIONS).tag("pool", name).meters().forEach(meters::remove);
    }
}
