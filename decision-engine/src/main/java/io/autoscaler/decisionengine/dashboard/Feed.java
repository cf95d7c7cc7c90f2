package io.autoscaler.decisionengine.dashboard;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.autoscaler.decisionengine.engine.DecisionEngine;
import io.autoscaler.decisionengine.metrics.PoolSample;
import io.autoscaler.decisionengine.metrics.PoolSampler;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dashboard's live stream. It keeps a {@link PoolBoard} per pool from the records the engine reads
 * (decisions, lb-events, memberships, HAProxy snapshots) and each second's samples, and pushes to each
 * subscriber over SSE: an overview subscriber gets every pool's {@link Summary} once, then only the pools
 * whose summary changed and those removed; a pool's subscriber gets its whole board once, then each
 * second's sample and instance table, and each decision and lb-event as it is read. Nothing is polled.
 */
@ApplicationScoped
public class Feed {
    private static final Logger LOG = Logger.getLogger(Feed.class);

    /** A pool's line in the overview. */
    @RegisterForReflection
    record Summary(String pool, int current, Integer desired, int min, int max, boolean dryRun,
            Double requestRate, Double errorRate, Map<String, Double> averages, Map<String, Double> targets,
            int instances, long serversDown, String lastReason) {
    }

    @RegisterForReflection
    record Overview(String type, boolean full, List<Summary> pools, List<String> removed, Health health) {
    }

    @RegisterForReflection
    record Tick(String type, PoolSample sample, List<PoolBoard.InstanceRow> instances, Health health) {
    }

    @RegisterForReflection
    record Pushed(String type, Object record) {
    }

    private record Subscriber(String pool, SseEventSink sink, Sse sse) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    PoolCatalog catalog;

    @Inject
    DecisionEngine engine;

    @Inject
    KafkaProbe kafka;

    @Inject
    ServiceProbe services;

    /** How long without any metrics snapshot (while pools exist) before the page says the collector is silent. */
    @ConfigProperty(name = "autoscaler.dashboard.silent-after", defaultValue = "10s")
    Duration silentAfter;

    /** Samples kept per pool: the charts' span, at one a second. */
    @ConfigProperty(name = "autoscaler.dashboard.samples", defaultValue = "180")
    int samplesKept;

    /** Decisions and lb-events kept per pool. */
    @ConfigProperty(name = "autoscaler.dashboard.events", defaultValue = "20")
    int eventsKept;

    private final Map<String, PoolBoard> boards = new ConcurrentHashMap<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** The summaries last pushed, to push only what changed. */
    private volatile Map<String, Summary> lastSummaries = Map.of();
    private final AtomicLong lastSnapshotNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong bytesSent = new AtomicLong();

    // --- what comes in -----------------------------------------------------------------------------

    void decision(@Observes ScaleDecision decision) {
        board(decision.pool()).decision(decision);
        push(decision.pool(), new Pushed("decision", decision));
    }

    void lbEvent(@Observes LbEvent event) {
        board(event.pool()).lbEvent(event);
        push(event.pool(), new Pushed("lb", event));
    }

    void membership(@Observes PoolMembership membership) {
        board(membership.pool()).membership(membership);
    }

    void haproxy(@Observes HaproxySnapshot snapshot) {
        snapshotRead();
        board(snapshot.pool()).haproxy(snapshot);
    }

    void cpu(@Observes CpuSnapshot snapshot) {
        snapshotRead();
    }

    void poolChanged(@Observes PoolChanged change) {
        if (change.deleted()) {
            boards.remove(change.pool());
        }
    }

    void sampled(@Observes PoolSampler.Sampled sampled) {
        Map<String, Summary> summaries = new HashMap<>();
        for (PoolSample sample : sampled.samples()) {
            PoolBoard board = board(sample.pool());
            board.sample(sample);
            summaries.put(sample.pool(), summary(sample, board));
        }
        // what the rebuild read of pools deleted since, or a record that raced a deletion
        boards.keySet().removeIf(name -> !summaries.containsKey(name) && catalog.pool(name).isEmpty());
        Health health = health(!summaries.isEmpty());
        Map<String, Summary> before = lastSummaries;
        List<Summary> changed = summaries.values().stream().filter(s -> !s.equals(before.get(s.pool()))).toList();
        List<String> removed = before.keySet().stream().filter(name -> !summaries.containsKey(name)).toList();
        lastSummaries = summaries;
        for (Subscriber s : subscribers) {
            if (s.pool() == null) {
                send(s, new Overview("overview", false, changed, removed, health));
            } else {
                PoolBoard board = summaries.containsKey(s.pool()) ? boards.get(s.pool()) : null;
                send(s, board == null ? new Pushed("missing", s.pool())
                        : new Tick("tick", board.latest(), board.instances(), health));
            }
        }
    }

    // --- subscribers -------------------------------------------------------------------------------

    /** Subscribes to the overview ({@code pool} null) or to one pool, starting with all that is known. */
    void subscribe(String pool, SseEventSink sink, Sse sse) {
        Subscriber subscriber = new Subscriber(pool, sink, sse);
        subscribers.add(subscriber);
        if (pool == null) {
            send(subscriber, new Overview("overview", true, List.copyOf(lastSummaries.values()), List.of(),
                    health(!lastSummaries.isEmpty())));
        } else {
            PoolBoard board = boards.get(pool);
            send(subscriber, board == null || catalog.pool(pool).isEmpty() ? new Pushed("missing", pool)
                    : board.detail(pool));
        }
    }

    int subscribers() {
        return subscribers.size();
    }

    /** Bytes pushed to subscribers since start, for the benchmark. */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void push(String pool, Object message) {
        for (Subscriber s : subscribers) {
            if (pool.equals(s.pool())) {
                send(s, message);
            }
        }
    }

    private void send(Subscriber s, Object message) {
        if (s.sink().isClosed()) {
            subscribers.remove(s);
            return;
        }
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            LOG.warnf("Cannot write a dashboard message: %s", e.toString());
            return;
        }
        bytesSent.addAndGet(text.length());
        // Kafka's threads and the sampler's may push to one subscriber at once: one event at a time, in order
        synchronized (s) {
            try {
                s.sink().send(s.sse().newEvent(text)).whenComplete((ok, failed) -> {
                    if (failed != null) {
                        drop(s);
                    }
                });
            } catch (RuntimeException closedMeanwhile) {
                drop(s); // never into the engine's record handling: a watcher must not reject a record
            }
        }
    }

    private void drop(Subscriber s) {
        subscribers.remove(s);
        try {
            s.sink().close();
        } catch (RuntimeException alreadyClosed) {
            // nothing left to release
        }
    }

    // --- plumbing ----------------------------------------------------------------------------------

    private PoolBoard board(String pool) {
        return boards.computeIfAbsent(pool, n -> new PoolBoard(samplesKept, eventsKept));
    }

    private void snapshotRead() {
        lastSnapshotNanos.set(System.nanoTime());
    }

    private Health health(boolean anyPool) {
        long silent = (System.nanoTime() - lastSnapshotNanos.get()) / 1_000_000_000L;
        return Health.of(engine.deciding(), kafka.unreachableSeconds(), silent, anyPool, silentAfter.toSeconds(),
                services.problems());
    }

    private static Summary summary(PoolSample sample, PoolBoard board) {
        ScaleDecision last = board.lastDecision();
        return new Summary(sample.pool(), sample.current(), sample.desired(), sample.min(), sample.max(),
                sample.dryRun(), sample.requestRate(), sample.errorRate(), sample.averages(), sample.targets(),
                board.instances().size(),
                board.serversDown(), last == null ? null : last.reason());
    }
}
