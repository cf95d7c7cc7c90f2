package io.autoscaler.decisionengine.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.autoscaler.decisionengine.NotStartedYet;
import io.autoscaler.decisionengine.engine.DecisionEngine;
import io.autoscaler.decisionengine.engine.PoolStatus;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.quarkus.scheduler.Scheduled;

/**
 * Samples every pool once a second from what the engine already holds (its status, the spec, the latest
 * HAProxy snapshot's request rate, and the 5xx rate between the last two snapshots) and hands the samples
 * on as one {@link Sampled} event, to the gauges and the dashboard: one computation per pool per second,
 * however many read it.
 */
@ApplicationScoped
public class PoolSampler {
    /** A snapshot older than this says nothing about the request rate now (the collector sends one a second). */
    private static final long RATE_MAX_AGE_NANOS = 10_000_000_000L;

    /** Every pool's sample of this second. */
    public record Sampled(List<PoolSample> samples) {
    }

    /** The backend's rates from its latest snapshot, and that snapshot's 5xx count for the next one. */
    private record Rate(double requests, Double errors, CounterRate.Reading responses5xx, long receivedNanos) {
    }

    @Inject
    PoolCatalog catalog;

    @Inject
    DecisionEngine engine;

    @Inject
    Event<Sampled> sampled;

    private final Map<String, Rate> rates = new ConcurrentHashMap<>();

    void haproxy(@Observes HaproxySnapshot snapshot) {
        Long count = snapshot.totals().responses5xx();
        CounterRate.Reading now = count == null ? null : new CounterRate.Reading(count, snapshot.timestamp());
        rates.compute(snapshot.pool(), (pool, before) -> new Rate(snapshot.totals().rate(),
                CounterRate.perSecond(before == null ? null : before.responses5xx(), now), now, System.nanoTime()));
    }

    void poolChanged(@Observes PoolChanged change) {
        if (change.deleted()) {
            rates.remove(change.pool());
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStartedYet.class)
    void everySecond() {
        long now = System.currentTimeMillis();
        List<PoolSample> samples = new ArrayList<>();
        catalog.all().values().forEach(spec -> samples.add(sample(spec, engine.status(spec.name()), now)));
        sampled.fire(new Sampled(samples));
    }

    PoolSample sample(PoolSpec spec, PoolStatus status, long now) {
        Map<String, Double> targets = new LinkedHashMap<>();
        spec.policy().metrics().forEach(m -> targets.put(m.name(), m.target()));
        spec.policy().steps().forEach(s -> targets.putIfAbsent(s.metric(), null));
        Map<String, Double> averages = new LinkedHashMap<>();
        targets.keySet().forEach(metric -> {
            Double average = status.metrics().get(metric);
            if (average != null) {
                averages.put(metric, average);
            }
        });
        Rate rate = rates.get(spec.name());
        boolean fresh = rate != null && System.nanoTime() - rate.receivedNanos() <= RATE_MAX_AGE_NANOS;
        return new PoolSample(spec.name(), now, status.currentReplicas(), status.desiredReplicas(),
                spec.minReplicas(), spec.maxReplicas(), averages, targets, fresh ? rate.requests() : null,
                fresh ? rate.errors() : null, Boolean.TRUE.equals(spec.dryRun()));
    }
}
