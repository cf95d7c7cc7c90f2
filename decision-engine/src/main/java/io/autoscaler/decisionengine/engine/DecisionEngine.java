package io.autoscaler.decisionengine.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.autoscaler.decisionengine.NotStartedYet;
import io.autoscaler.decisionengine.policy.Observation;
import io.autoscaler.decisionengine.policy.PoolDecider;
import io.autoscaler.decisionengine.registry.PoolView;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.autoscaler.service.TopicProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The decision engine's loop. It keeps, per pool, the latest CPU and HAProxy snapshots, the latest
 * membership and its decision history (rebuilt from {@code autoscaler.scale-events} at start), and
 * evaluates the pool on each snapshot, each pool change and every second (so windows and cooldowns
 * expire without new input). Nothing is decided until the compacted topics have been read to where
 * they ended at start; after that, scale-in waits one scale-down window.
 */
@ApplicationScoped
public class DecisionEngine {
    private static final Logger LOG = Logger.getLogger(DecisionEngine.class);
    /** The timer leaves alone a pool evaluated this recently: it only has to catch what no input triggers. */
    private static final Duration EVALUATED_RECENTLY = Duration.ofMillis(500);

    @Inject
    PoolCatalog catalog;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    MeterRegistry meters;

    @Inject
    RecordValidator validator;

    @Inject
    @Channel("scale-decisions")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
    Emitter<Record<String, ScaleDecision>> decisions;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** Snapshots older than this count as missing metrics. */
    @ConfigProperty(name = "autoscaler.metrics.max-age", defaultValue = "10s")
    Duration metricsMaxAge;

    Clock clock = Clock.systemUTC();

    private final Map<String, PoolState> pools = new ConcurrentHashMap<>();
    /** Per pool, the id of the last decision made: only that one is worth sending again. */
    private final Map<String, java.util.UUID> lastMade = new ConcurrentHashMap<>();
    /** Per pool, a last decision Kafka refused even after its own retries; resent every second. */
    private final Map<String, ScaleDecision> unpublished = new ConcurrentHashMap<>();
    private final TopicProgress decisionsRead = new TopicProgress(Topics.SCALE_EVENTS, "scale-events");
    private final TopicProgress membershipRead = new TopicProgress(Topics.MEMBERSHIP, "membership");
    /** When the engine could first decide; null before. */
    private volatile Instant deciding;

    // --- what comes in -----------------------------------------------------------------------

    @Incoming("cpu-snapshots")
    public CompletionStage<Void> cpuSnapshot(Message<CpuSnapshot> message) {
        return handle(message, snapshot -> {
            PoolState pool = pool(snapshot.pool());
            synchronized (pool) {
                pool.cpu = snapshot;
            }
            evaluate(snapshot.pool(), snapshot.timestamp());
        });
    }

    @Incoming("haproxy-snapshots")
    public CompletionStage<Void> haproxySnapshot(Message<HaproxySnapshot> message) {
        return handle(message, snapshot -> {
            PoolState pool = pool(snapshot.pool());
            synchronized (pool) {
                pool.haproxy = snapshot;
                snapshot.servers().stream().filter(s -> s.instanceId() != null).forEach(s -> pool.history
                        .serverHealth(s.instanceId(), Observation.isDown(s.status()), snapshot.timestamp()));
            }
            // a CPU-only policy learns nothing new here; the timer still sees DOWN servers within a second
            if (catalog.pool(snapshot.pool()).filter(DecisionEngine::usesHaproxyMetrics).isPresent()) {
                evaluate(snapshot.pool(), snapshot.timestamp());
            }
        });
    }

    @Incoming("membership")
    public CompletionStage<Void> membership(Message<PoolMembership> message) {
        membershipRead.applied(message);
        return handle(message, membership -> {
            PoolState pool = pool(membership.pool());
            synchronized (pool) {
                pool.membership = membership;
            }
        });
    }

    /** Our own decisions come back here too; the history ignores what it already knows. */
    @Incoming("scale-events")
    public CompletionStage<Void> decision(Message<ScaleDecision> message) {
        decisionsRead.applied(message);
        return handle(message, decision -> {
            PoolState pool = pool(decision.pool());
            synchronized (pool) {
                pool.history.decided(decision);
            }
        });
    }

    /** The configurator's view of server health, beside HAProxy's own in the snapshots. */
    @Incoming("lb-events")
    public CompletionStage<Void> lbEvent(Message<LbEvent> message) {
        return handle(message, event -> {
            if (event.instanceId() == null) {
                return;
            }
            PoolState pool = pool(event.pool());
            synchronized (pool) {
                switch (event.state()) {
                    case DOWN -> pool.history.serverHealth(event.instanceId(), true, event.timestamp());
                    case UP, REMOVED -> pool.history.serverHealth(event.instanceId(), false, event.timestamp());
                    default -> {
                    }
                }
            }
        });
    }

    void poolChanged(@Observes PoolChanged change) {
        if (change.deleted()) {
            pools.remove(change.pool());
        } else {
            evaluate(change.pool(), null);
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStartedYet.class)
    void everySecond() {
        if (deciding == null && catalog.loaded() && decisionsRead.caughtUp(kafkaConfig, kafkaClients)
                && membershipRead.caughtUp(kafkaConfig, kafkaClients)) {
            deciding = Timestamps.now(clock);
            LOG.infof("State rebuilt (%d pools, %d with decisions); deciding from now on", catalog.all().size(),
                    pools.values().stream().filter(p -> p.history.desired().isPresent()).count());
        }
        resendUnpublished();
        long recently = System.nanoTime() - EVALUATED_RECENTLY.toNanos();
        catalog.all().keySet().forEach(name -> {
            PoolState pool = pools.get(name);
            if (pool == null || pool.evaluatedAtNanos < recently) {
                evaluate(name, null);
            }
        });
    }

    private static boolean usesHaproxyMetrics(PoolSpec spec) {
        return spec.policy().metrics().stream().anyMatch(m -> !Metrics.CPU.equals(m.name()))
                || spec.policy().steps().stream().anyMatch(s -> !Metrics.CPU.equals(s.metric()));
    }

    // --- one evaluation --------------------------------------------------------------------------

    /** Evaluates one pool and publishes what it decides; {@code trigger} is the snapshot's time, if any. */
    void evaluate(String name, Instant trigger) {
        Instant since = deciding;
        PoolSpec spec = catalog.pool(name).orElse(null);
        if (since == null || spec == null) {
            return;
        }
        PoolState pool = pool(name);
        synchronized (pool) {
            pool.evaluatedAtNanos = System.nanoTime();
            Instant now = Timestamps.now(clock);
            pool.history.holdScaleInUntil(since.plusMillis(spec.policy().scaleDown().stabilizationMs()));
            Observation seen = Observation.of(spec, pool.membership, pool.cpu, pool.haproxy, now, metricsMaxAge);
            List<ScaleDecision> made = PoolDecider.decide(spec, pool.history, seen);
            // published under the pool's lock, so the topic has a pool's decisions in the order made
            made.forEach(d -> publish(d, trigger));
        }
    }

    private void publish(ScaleDecision decision, Instant trigger) {
        LOG.infof("Pool %s: %s %d → %d%s%s: %s", decision.pool(), decision.type(), decision.currentReplicas(),
                decision.desiredReplicas(), decision.instanceId() == null ? "" : ", instance " + decision.instanceId(),
                decision.dryRun() ? " (dry run)" : "", decision.reason());
        meters.counter("autoscaler.decisions", "pool", decision.pool(), "type", decision.type().name()).increment();
        if (trigger != null) {
            Timer.builder("autoscaler.decision.lag").description("from a snapshot to the decision it caused")
                    .tag("pool", decision.pool()).register(meters)
                    .record(Duration.between(trigger, decision.timestamp()));
        }
        lastMade.put(decision.pool(), decision.id());
        send(decision);
    }

    /**
     * A decision is emitted once, when desired changes, so one Kafka refuses must not be dropped: it is
     * kept and sent again (same id, consumers drop duplicates) until it lands or a newer one replaces it.
     */
    private void send(ScaleDecision decision) {
        try {
            decisions.send(Record.of(decision.pool(), decision)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    notPublished(decision, failure);
                }
            });
        } catch (RuntimeException overflow) {
            notPublished(decision, overflow);
        }
    }

    private void notPublished(ScaleDecision decision, Throwable why) {
        LOG.errorf("Pool %s: decision %s not published (%s); sending it again in 1 s", decision.pool(), decision.id(),
                why);
        unpublished.put(decision.pool(), decision);
    }

    private void resendUnpublished() {
        unpublished.forEach((pool, decision) -> {
            if (unpublished.remove(pool, decision) && decision.id().equals(lastMade.get(pool))) {
                send(decision);
            }
        });
    }

    // --- what goes out to the API ----------------------------------------------------------------

    public PoolView.Status status(String name) {
        PoolState pool = pools.get(name);
        PoolSpec spec = catalog.pool(name).orElse(null);
        if (pool == null || spec == null) {
            return new PoolView.Status(0, null, null, Map.of());
        }
        synchronized (pool) {
            Observation seen = Observation.of(spec, pool.membership, pool.cpu, pool.haproxy, Timestamps.now(clock),
                    metricsMaxAge);
            return new PoolView.Status(seen.currentReplicas(), pool.history.desired().orElse(null),
                    pool.history.lastDecision().orElse(null), seen.averages());
        }
    }

    public boolean deciding() {
        return deciding != null;
    }

    // --- plumbing --------------------------------------------------------------------------------

    private PoolState pool(String name) {
        return pools.computeIfAbsent(name, n -> new PoolState());
    }

    /** A record that cannot be applied is nacked: the dead-letter strategy takes it, the channel goes on. */
    /**
     * Acts on a valid record; nacks (to the dead-letter topic) one that breaks the shared rules or
     * that the action cannot take, so the channel goes on.
     */
    private <T> CompletionStage<Void> handle(Message<T> message, Consumer<T> action) {
        try {
            if (message.getPayload() != null) {
                String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> (String) m.getKey())
                        .orElse(null);
                action.accept(validator.require(key, message.getPayload()));
            }
            return message.ack();
        } catch (RuntimeException e) {
            LOG.warnf("Rejecting a record: %s", e.toString());
            return message.nack(e);
        }
    }

    /** Readiness: down until the state is rebuilt from the compacted topics. */
    @Readiness
    @ApplicationScoped
    static class Rebuilt implements HealthCheck {
        @Inject
        DecisionEngine engine;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("decision-state").status(engine.deciding()).build();
        }
    }
}
