package io.autoscaler.decisionengine.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.autoscaler.decisionengine.policy.Observation;
import io.autoscaler.decisionengine.policy.PoolDecider;
import io.autoscaler.decisionengine.policy.PoolHistory;
import io.autoscaler.decisionengine.schedule.ScheduleStep;
import io.autoscaler.decisionengine.schedule.ScheduledBounds;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the engine holds per pool, and one evaluation of a pool, without Kafka or Quarkus: records come
 * in already on the engine's clock, decisions go out to a callback under the pool's lock (so they
 * leave in the order made). A pool whose evaluation throws is counted and logged once per distinct
 * error, and the other pools go on. Forgetting a pool leaves nothing of it behind, meters included.
 */
final class Pools {
    private static final Logger LOG = Logger.getLogger(Pools.class);
    static final String ERRORS = "autoscaler.engine.pool.errors";
    /** The meters tagged with a pool's name that this engine owns. */
    private static final List<String> PER_POOL_METERS = List.of("autoscaler.decisions", "autoscaler.decision.lag",
            ERRORS);

    /** One evaluation's policy; a test puts one in that fails. */
    interface Decider {
        List<ScaleDecision> decide(PoolSpec spec, PoolHistory history, Observation seen);
    }

    private final Map<String, PoolState> states = new ConcurrentHashMap<>();
    /** Per failing pool, the error last logged: a pool failing every second is logged once. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration metricsMaxAge;
    private final Decider decider;

    Pools(MeterRegistry meters, Clock clock, Duration metricsMaxAge, Decider decider) {
        this.meters = meters;
        this.clock = clock;
        this.metricsMaxAge = metricsMaxAge;
        this.decider = decider;
    }

    Pools(MeterRegistry meters, Clock clock, Duration metricsMaxAge) {
        this(meters, clock, metricsMaxAge, PoolDecider::decide);
    }

    /** Now on the engine's clock, as events carry it. */
    Instant now() {
        return Timestamps.now(clock);
    }

    /** Each node's snapshot of a pool is kept beside the other nodes' (one collector per node). */
    void cpu(CpuSnapshot snapshot) {
        update(snapshot.pool(), pool -> pool.cpu.put(snapshot, metricsMaxAge));
    }

    /** HAProxy's view of each server's health counts from when the snapshot arrived. */
    void haproxy(HaproxySnapshot snapshot) {
        update(snapshot.pool(), pool -> {
            pool.haproxy = snapshot;
            snapshot.servers().stream().filter(s -> s.instanceId() != null).forEach(s -> pool.history
                    .serverHealth(s.instanceId(), Observation.isDown(s.status()), snapshot.timestamp()));
        });
    }

    void membership(PoolMembership membership) {
        update(membership.pool(), pool -> pool.membership = membership);
    }

    /** A decision read from {@code autoscaler.scale-events}; ours come back too, and change nothing. */
    void read(ScaleDecision decision) {
        update(decision.pool(), pool -> pool.history.read(decision, now()));
    }

    void serverHealth(String name, String instanceId, boolean down, Instant at) {
        update(name, pool -> pool.history.serverHealth(instanceId, down, at));
    }

    /**
     * Evaluates the pool and hands each decision to {@code publish}; false if the evaluation threw (the
     * pool is then counted in {@link #ERRORS}, and the next evaluation tries again).
     */
    boolean evaluate(PoolSpec spec, Instant since, Consumer<ScaleDecision> publish) {
        PoolState pool = states.computeIfAbsent(spec.name(), n -> new PoolState());
        synchronized (pool) {
            pool.evaluatedAtNanos = System.nanoTime();
            try {
                pool.history.holdScaleInUntil(since.plusMillis(spec.policy().scaleDown().stabilizationMs()));
                ScheduledBounds bounds = pool.bounds(spec, now());
                PoolSpec bounded = bounds == null ? spec : bounds.applyTo(spec);
                Observation seen = observe(bounded, pool);
                scheduled(spec, bounds, pool.history, seen).ifPresent(publish);
                decider.decide(bounded, pool.history, seen).forEach(publish);
            } catch (RuntimeException e) {
                failed(spec.name(), e);
                return false;
            }
        }
        if (failing.remove(spec.name()) != null) {
            LOG.infof("Pool %s is evaluated again", spec.name());
        }
        return true;
    }

    /** What the schedule decides before the policy does (see {@link ScheduleStep}). */
    private static Optional<ScaleDecision> scheduled(PoolSpec spec, ScheduledBounds bounds, PoolHistory history,
            Observation seen) {
        return ScheduleStep.decide(spec.schedule(), bounds, history.desired(),
                history.lastDecision().map(ScaleDecision::timestamp)).map(change -> {
                    ScaleDecision decision = new ScaleDecision(UUID.randomUUID(), spec.name(), ScaleDecision.Type.SCALE,
                            seen.currentReplicas(), change.desiredReplicas(), null, change.reason(), seen.averages(),
                            spec.dryRun(), seen.at());
                    history.decided(decision);
                    return decision;
                });
    }

    private void failed(String name, RuntimeException e) {
        meters.counter(ERRORS, "pool", name).increment();
        String error = e.toString();
        if (!error.equals(failing.put(name, error))) {
            LOG.errorf(e, "Pool %s cannot be evaluated: it decides nothing until it can, the other pools go on; "
                    + "this error is not logged again while it lasts (metric %s counts each time)", name, ERRORS);
        }
    }

    Observation observe(PoolSpec spec, PoolState pool) {
        return Observation.of(spec, pool.membership, pool.cpu.latest(), pool.haproxy, pool.history, now(),
                metricsMaxAge);
    }

    /** When the pool was last evaluated (System.nanoTime), or Long.MIN_VALUE. */
    long evaluatedAtNanos(String name) {
        PoolState pool = states.get(name);
        return pool == null ? Long.MIN_VALUE : pool.evaluatedAtNanos;
    }

    /** Reads a pool's state under its lock; {@code otherwise} for a pool it does not hold. */
    <T> T view(String name, Function<PoolState, T> reading, T otherwise) {
        PoolState pool = states.get(name);
        if (pool == null) {
            return otherwise;
        }
        synchronized (pool) {
            return reading.apply(pool);
        }
    }

    long withDecisions() {
        return states.values().stream().filter(p -> p.history.desired().isPresent()).count();
    }

    /** Forgets a pool: its state, its error and its meters. */
    void forget(String name) {
        states.remove(name);
        failing.remove(name);
        PER_POOL_METERS.forEach(m -> meters.find(m).tag("pool", name).meters().forEach(meters::remove));
    }

    /** Forgets every pool {@code gone} says no longer exists. */
    void forgetAll(Predicate<String> gone) {
        states.keySet().stream().filter(gone).toList().forEach(this::forget);
    }

    int size() {
        return states.size();
    }

    private void update(String name, Consumer<PoolState> change) {
        PoolState pool = states.computeIfAbsent(name, n -> new PoolState());
        synchronized (pool) {
            change.accept(pool);
        }
    }
}
