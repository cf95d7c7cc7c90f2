package io.autoscaler.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.provisioner.core.Backoff;
import io.autoscaler.provisioner.core.Lifecycle;
import io.autoscaler.provisioner.core.Lifecycle.Phase;
import io.autoscaler.provisioner.core.PoolReconciler;
import io.autoscaler.provisioner.core.PoolReconciler.Plan;
import io.autoscaler.provisioner.core.Template;
import io.autoscaler.provisioner.docker.ContainerEngine;
import io.autoscaler.provisioner.docker.ManagedContainer;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.autoscaler.service.ReconcileLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps every pool at its desired count of containers. One thread, the {@link ReconcileLoop}, owns all
 * state; Docker calls that take time (create, start, stop) run on a bounded pool of workers and report back
 * to the loop. Each instance's life is {@link Lifecycle}'s; this class carries out its effects
 * ({@link InstanceRunner}). No pass runs before the pools, the decisions and the memberships published
 * before a restart have been read to where they ended at start-up. A pass, on every change and every resync:
 * <ol>
 * <li>the first one takes each pool's last published membership (its generation, DRAINING states, start times);</li>
 * <li>lists our containers; adopts those it does not track yet and fails the ones that died;</li>
 * <li>plans each pool (launch, retire) and carries the plan out; checks drain deadlines;</li>
 * <li>publishes each pool's membership when it changed, and every one on a resync; once a deleted pool's
 * containers are gone, a tombstone for its membership, and forgets the pool.</li>
 * </ol>
 * Nothing is published and readiness stays down until a first pass has adopted the containers, so
 * that no pool with containers is ever announced empty.
 */
@ApplicationScoped
public class Provisioner {
    private static final Logger LOG = Logger.getLogger(Provisioner.class);

    @Inject
    PoolCatalog catalog;
    @Inject
    Decisions decisions;
    @Inject
    PublishedMemberships publishedMemberships;
    @Inject
    ContainerEngine docker;
    @Inject
    Announcer announce;
    @Inject
    Prober prober;

    @ConfigProperty(name = "autoscaler.provisioner.resync", defaultValue = "5s")
    Duration resync;
    @ConfigProperty(name = "autoscaler.provisioner.launch-parallelism", defaultValue = "4")
    int parallelism;
    @ConfigProperty(name = "autoscaler.provisioner.stop-grace", defaultValue = "10s")
    Duration stopGrace;
    @ConfigProperty(name = "autoscaler.provisioner.probe-interval", defaultValue = "500ms")
    Duration probeInterval;
    @ConfigProperty(name = "autoscaler.provisioner.backoff.first", defaultValue = "2s")
    Duration backoffFirst;
    @ConfigProperty(name = "autoscaler.provisioner.backoff.max", defaultValue = "60s")
    Duration backoffMax;
    /** Which pools this provisioner manages (a regular expression); others' containers are left alone. */
    @ConfigProperty(name = "autoscaler.provisioner.pools", defaultValue = ".*")
    Pattern managedPools;

    private final Map<String, PoolState> pools = new HashMap<>();
    private final EngineWatch engine = new EngineWatch();
    private ReconcileLoop loop;
    private ExecutorService workers;
    private InstanceRunner runner;
    private Backoff backoff;
    private boolean membershipsRestored;
    private volatile boolean recovered;

    /** The loop exists before the channels deliver anything (they may start before {@link #onStart}). */
    @PostConstruct
    void create() {
        backoff = new Backoff(backoffFirst, backoffMax);
        loop = new ReconcileLoop("provisioner-loop",
                () -> catalog.loaded() && decisions.loaded() && publishedMemberships.loaded(), this::pass, () -> {
                    if (recovered) {
                        publishMemberships(false);
                    }
                });
        workers = Executors.newFixedThreadPool(parallelism, ReconcileLoop.threads("provisioner-docker"));
        runner = new InstanceRunner(docker, announce, prober, loop, workers, backoff, stopGrace, probeInterval);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start(resync);
        workers.execute(() -> engine.follow(docker, loop, resync)); // sets the client up beside reading the topics
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
        workers.shutdownNow();
        engine.close();
    }

    // ---- inputs, from any thread: each becomes a task on the loop ----

    /** The pool's latest decision ({@code null}: deleted), in the topic's order. */
    void decided(String poolName, ScaleDecision decision) {
        if (manages(poolName)) {
            loop.run(() -> {
                if ((decision != null || pools.containsKey(poolName)) && pool(poolName).decided(decision)) {
                    loop.requestPass();
                }
            });
        }
    }

    void loadBalancerSaid(LbEvent event) {
        if (event.state() != LbEvent.State.DRAINED || event.instanceId() == null || !manages(event.pool())) {
            return;
        }
        loop.run(() -> {
            PoolState pool = pools.get(event.pool());
            TrackedInstance instance = pool == null ? null : pool.instances.get(event.instanceId());
            if (instance != null) {
                runner.apply(pool, instance, new Lifecycle.Drained());
            }
        });
    }

    void sessions(HaproxySnapshot snapshot) {
        if (!manages(snapshot.pool())) {
            return;
        }
        Map<String, Integer> byInstance = snapshot.servers().stream().filter(s -> s.instanceId() != null)
                .collect(Collectors.toMap(HaproxySnapshot.Server::instanceId, HaproxySnapshot.Server::sessions,
                        Integer::sum));
        loop.run(() -> {
            PoolState pool = pools.get(snapshot.pool());
            if (pool != null) {
                pool.sessions = byInstance;
            }
        });
    }

    /** Whether the loop holds HAProxy sessions for the pool (asked on the loop, so the answer is current). */
    boolean sessionsKnown(String poolName) {
        return loop.ask(() -> pools.containsKey(poolName) && !pools.get(poolName).sessions.isEmpty(), false);
    }

    /** Whether the loop still keeps state for the pool. */
    boolean tracks(String poolName) {
        return loop.ask(() -> pools.containsKey(poolName), true);
    }

    void poolChanged(@Observes PoolChanged change) {
        loop.requestPass();
    }

    // ---- the pass ----

    private void pass(boolean resyncing) {
        Instant now = Instant.now();
        if (engine.waiting(now)) {
            return;
        }
        List<ManagedContainer> containers;
        try {
            containers = docker.listManaged();
            if (engine.reachable()) {
                pools.values().forEach(PoolState::engineBack);
            }
        } catch (RuntimeException e) {
            loop.after(engine.unreachable(e, now), loop::requestPass);
            return;
        }
        if (!membershipsRestored) {
            publishedMemberships.all().entrySet().stream().filter(e -> manages(e.getKey()))
                    .forEach(e -> pool(e.getKey()).restore(e.getValue()));
            membershipsRestored = true;
        }
        refreshSpecs();
        runner.observe(pools, containers, this::manages, now);
        pools.values().forEach(pool -> reconcile(pool, now));
        pools.values().stream().filter(p -> p.gone() && !p.tombstoning).forEach(this::tombstone);
        if (!recovered) {
            recovered = true;
            LOG.infof("Recovered: %d pool(s), their containers adopted", pools.size());
        }
        publishMemberships(resyncing);
    }

    private void refreshSpecs() {
        Map<String, PoolSpec> specs = catalog.all();
        specs.forEach((name, spec) -> {
            if (manages(name)) {
                PoolState pool = pool(name);
                pool.spec = spec;
                pool.deleted = false;
            }
        });
        pools.values().stream().filter(p -> !specs.containsKey(p.name)).forEach(p -> p.deleted = true);
    }

    private void reconcile(PoolState pool, Instant now) {
        pool.failures = pool.failures.forgetIfQuiet(now, backoff);
        pool.desired = PoolReconciler.desiredReplicas(pool.deleted ? null : pool.spec, pool.decision,
                pool.restoredDesired);
        pool.replacing.retainAll(pool.instances.keySet());
        String template = pool.spec == null ? null : Template.of(pool.spec);
        Plan plan = PoolReconciler.plan(pool.desired, pool.replacing,
                pool.instances.values().stream()
                        .map(i -> i.toMember(pool.sessions.getOrDefault(i.instanceId, 0), template)).toList(),
                pool.failures.hold(now, backoff));
        plan.roll().ifPresent(id -> {
            pool.replacing.add(id);
            pool.instances.get(id).rolled = true;
            LOG.infof("Pool %s: rolling instance %s to the pool's new template (image %s): its substitute starts first",
                    pool.name, id, pool.spec.image());
        });
        for (String id : plan.retire()) {
            TrackedInstance instance = pool.instances.get(id);
            runner.apply(pool, instance, new Lifecycle.Retire(pool.retireReason(instance)));
        }
        for (int i = 0; i < plan.launches(); i++) {
            runner.launch(pool, pool.newInstanceId());
        }
        for (TrackedInstance instance : List.copyOf(pool.instances.values())) {
            if (instance.phase() == Phase.DRAINING) {
                runner.apply(pool, instance, new Lifecycle.Tick());
            }
        }
    }

    /**
     * On a change with a new generation; on a resync every pool again, deleted and empty ones excepted. Once
     * Kafka has a membership, the drain deadlines of the instances it lists DRAINING start.
     */
    private void publishMemberships(boolean resyncing) {
        for (PoolState pool : pools.values()) {
            pool.membershipToPublish(resyncing).ifPresent(m -> announce.membership(m, () -> loop.run(
                    () -> m.instances().stream().filter(i -> i.state() == PoolMembership.State.DRAINING)
                            .map(i -> pool.instances.get(i.instanceId())).filter(Objects::nonNull)
                            .forEach(i -> runner.apply(pool, i, new Lifecycle.DrainPublished())))));
        }
    }

    /**
     * A deleted pool whose containers are gone and whose empty membership was published: its membership is
     * tombstoned, and once Kafka has the tombstone the pool is forgotten (unless it was created again meanwhile).
     */
    private void tombstone(PoolState pool) {
        pool.tombstoning = true;
        announce.membershipDeleted(pool.name, () -> loop.run(() -> {
            pool.tombstoning = false;
            if (pools.get(pool.name) == pool && pool.gone()) {
                pools.remove(pool.name);
                LOG.infof("Pool %s deleted and its containers gone: membership tombstoned, pool forgotten", pool.name);
            }
        }), () -> loop.run(() -> pool.tombstoning = false));
    }

    // ---- plumbing ----

    private PoolState pool(String name) {
        return pools.computeIfAbsent(name, PoolState::new);
    }

    private boolean manages(String pool) {
        return pool != null && managedPools.matcher(pool).matches();
    }

    /** Methods, not fields: callers hold a CDI client proxy whose own fields are never set. */
    boolean recovered() {
        return recovered;
    }

    String dockerProblem() {
        return engine.problem();
    }
}
