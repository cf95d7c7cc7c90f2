package io.autoscaler.decisionengine.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.autoscaler.decisionengine.NotStartedYet;
import io.autoscaler.decisionengine.policy.Observation;
import io.autoscaler.decisionengine.policy.Received;
import io.autoscaler.decisionengine.schedule.ScheduledBounds;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.autoscaler.service.BrokerAdmin;
import io.autoscaler.service.CompactedTopic;
import io.autoscaler.service.OnceLoaded;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The decision engine's Kafka and Quarkus side. It keeps, per pool ({@link Pools}), the latest CPU and
 * HAProxy snapshots, the latest membership and its decision history (rebuilt from
 * {@code autoscaler.scale-events} at start), and evaluates the pool on each snapshot, each pool change
 * and every second (so windows and cooldowns expire without new input). Nothing is decided until the
 * compacted topics have been read to where they ended at start; after that, scale-in waits one
 * scale-down window. Times are the engine's own, monotonic: other services' records count from when
 * they arrived ({@link Received}). A deleted pool is forgotten and its decisions tombstoned.
 */
@ApplicationScoped
public class DecisionEngine {
    private static final Logger LOG = Logger.getLogger(DecisionEngine.class);
    /**
     * The timer leaves alone a pool evaluated this recently: it only has to catch what no input triggers.
     * Just under its period, so that a pool whose snapshots come every second is left to them.
     */
    private static final Duration EVALUATED_RECENTLY = Duration.ofMillis(900);

    @Inject
    PoolCatalog catalog;

    @Inject
    MeterRegistry meters;

    @Inject
    RecordValidator validator;

    @Inject
    RecordIntake intake;

    @Inject
    DecisionOutbox outbox;

    /** Memberships and decisions, after the engine took them, for what watches the pools (gauges, dashboard). */
    @Inject
    Event<Object> heard;

    @Inject
    BrokerAdmin broker;

    /** Snapshots received longer ago than this count as missing metrics. */
    @ConfigProperty(name = "autoscaler.metrics.max-age", defaultValue = "10s")
    Duration metricsMaxAge;

    private Pools pools;
    private CompactedTopic<ScaleDecision> decisionsRead;
    private CompactedTopic<PoolMembership> membershipRead;
    /** When the engine could first decide; null before. */
    private volatile Instant deciding;
    private OnceLoaded rebuild;

    @PostConstruct
    void start() {
        pools = new Pools(meters, MonotonicClock.startingNow(), metricsMaxAge);
        decisionsRead = new CompactedTopic<>(Topics.SCALE_EVENTS, ScaleDecision.class, validator::require, broker,
                (key, before, decision) -> decisionRead(key, decision));
        membershipRead = new CompactedTopic<>(Topics.MEMBERSHIP, PoolMembership.class, validator::require,
                broker, (key, before, membership) -> membershipRead(membership));
    }

    // --- what comes in -----------------------------------------------------------------------

    /**
     * Snapshots come in batches (as polled), shared out over the lanes by pool: a burst of every pool's
     * snapshot is worked through side by side, each pool's in order.
     */
    @Incoming("cpu-snapshots")
    @Blocking
    public CompletionStage<Void> cpuSnapshots(KafkaRecordBatch<String, CpuSnapshot> batch) {
        Instant received = pools.now();
        return intake.handleBatch(batch, snapshot -> {
            if (holds(snapshot.pool())) {
                pools.cpu(Received.cpu(snapshot, received));
                evaluate(snapshot.pool(), received);
            }
        });
    }

    @Incoming("haproxy-snapshots")
    @Blocking
    public CompletionStage<Void> haproxySnapshots(KafkaRecordBatch<String, HaproxySnapshot> batch) {
        Instant received = pools.now();
        return intake.handleBatch(batch, snapshot -> {
            if (holds(snapshot.pool())) {
                pools.haproxy(Received.haproxy(snapshot, received));
                // a CPU-only policy learns nothing new here; the timer still sees DOWN servers within a second
                if (catalog.pool(snapshot.pool()).filter(DecisionEngine::usesHaproxyMetrics).isPresent()) {
                    evaluate(snapshot.pool(), received);
                }
            }
        });
    }

    /** Compacted: read whole at every start; a record that breaks the shared rules is dead-lettered. */
    @Incoming("membership")
    public void membership(ConsumerRecord<String, byte[]> record) {
        membershipRead.read(record);
    }

    private void membershipRead(PoolMembership membership) {
        if (membership != null && holds(membership.pool())) {
            pools.membership(Received.membership(membership, pools.now()));
            heard.fire(membership);
        }
    }

    /** Our own decisions and tombstones come back here too, and change nothing. */
    @Incoming("scale-events")
    public void decision(ConsumerRecord<String, byte[]> record) {
        decisionsRead.read(record);
    }

    private void decisionRead(String key, ScaleDecision decision) {
        if (decision == null) {
            tombstoneRead(key);
        } else if (holds(decision.pool())) {
            pools.read(decision);
            heard.fire(decision);
        }
    }

    /** The configurator's view of server health, beside HAProxy's own in the snapshots. */
    @Incoming("lb-events")
    public CompletionStage<Void> lbEvent(Message<LbEvent> message) {
        Instant received = pools.now();
        return intake.handle(message, event -> {
            if (event.instanceId() == null || !holds(event.pool())) {
                return;
            }
            switch (event.state()) {
                case DOWN -> pools.serverHealth(event.pool(), event.instanceId(), true, received);
                case UP, REMOVED -> pools.serverHealth(event.pool(), event.instanceId(), false, received);
                default -> {
                }
            }
        });
    }

    void poolChanged(@Observes PoolChanged change) {
        if (change.deleted()) {
            deleted(change.pool());
        } else {
            evaluate(change.pool(), null);
        }
    }

    /** The state is rebuilt once the three compacted topics are read: deciding starts then. */
    void onStart(@Observes StartupEvent event) {
        rebuild = OnceLoaded.run("engine-rebuild",
                () -> catalog.loaded() && decisionsRead.loaded() && membershipRead.loaded(), () -> {
                    deciding = pools.now();
                    LOG.infof("State rebuilt (%d pools, %d with decisions); deciding from now on",
                            catalog.all().size(), pools.withDecisions());
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (rebuild != null) {
            rebuild.close();
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStartedYet.class)
    void everySecond() {
        if (deciding != null) {
            // what the rebuild read of deleted pools, or a record that raced a deletion
            pools.forgetAll(name -> catalog.pool(name).isEmpty());
        }
        outbox.resendUnpublished();
        long recently = System.nanoTime() - EVALUATED_RECENTLY.toNanos();
        catalog.all().keySet().forEach(name -> {
            if (pools.evaluatedAtNanos(name) < recently) {
                evaluate(name, null);
            }
        });
    }

    private static boolean usesHaproxyMetrics(PoolSpec spec) {
        return spec.policy().metrics().stream().anyMatch(m -> !Metrics.CPU.equals(m.name()))
                || spec.policy().steps().stream().anyMatch(s -> !Metrics.CPU.equals(s.metric()));
    }

    /**
     * Whether a record about {@code pool} is worth keeping: while the state is rebuilt every pool may
     * still appear in the catalog; after that, only the catalog's pools are held.
     */
    private boolean holds(String pool) {
        return deciding == null || catalog.pool(pool).isPresent();
    }

    // --- one evaluation --------------------------------------------------------------------------

    /** Evaluates one pool and publishes what it decides; {@code received} is when a snapshot caused it. */
    void evaluate(String name, Instant received) {
        Instant since = deciding;
        PoolSpec spec = catalog.pool(name).orElse(null);
        if (since != null && spec != null) {
            pools.evaluate(spec, since, d -> outbox.publish(d, received));
        }
    }

    // --- a deleted pool ----------------------------------------------------------------------------

    private void deleted(String name) {
        pools.forget(name);
        outbox.tombstone(name);
    }

    /** A tombstone we did not send (an earlier run deleted the pool) forgets the pool's history. */
    private void tombstoneRead(String name) {
        if (!outbox.ourTombstone(name)) {
            pools.forget(name);
        }
    }

    // --- what goes out to the API ----------------------------------------------------------------

    public PoolStatus status(String name) {
        PoolSpec spec = catalog.pool(name).orElse(null);
        if (spec == null) {
            return new PoolStatus(0, null, null, Map.of(), null);
        }
        ScheduledBounds schedule = ScheduledBounds.of(spec, pools.now());
        PoolStatus none = new PoolStatus(0, null, null, Map.of(), schedule);
        return pools.view(name, pool -> {
            Observation seen = pools.observe(spec, pool);
            return new PoolStatus(seen.currentReplicas(), pool.history.desired().orElse(null),
                    pool.history.lastDecision().orElse(null), seen.averages(), schedule);
        }, none);
    }

    public boolean deciding() {
        return deciding != null;
    }

    // --- plumbing --------------------------------------------------------------------------------

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
