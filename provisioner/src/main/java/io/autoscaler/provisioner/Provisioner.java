package io.autoscaler.provisioner;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.NotFoundException;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.provisioner.TrackedInstance.Phase;
import io.autoscaler.provisioner.core.Backoff;
import io.autoscaler.provisioner.core.PoolReconciler;
import io.autoscaler.provisioner.core.PoolReconciler.Plan;
import io.autoscaler.provisioner.core.Template;
import io.autoscaler.provisioner.docker.DockerEngine;
import io.autoscaler.provisioner.docker.ManagedContainer;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.service.PoolChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps every pool at its desired count of containers. One thread, the loop, owns all state; Docker
 * calls that take time (create, start, stop) run on a bounded pool of workers and report back to the
 * loop. A pass, on every change and every resync:
 * <ol>
 * <li>waits until the pools and decisions read at start-up are complete;</li>
 * <li>lists our containers; on the first pass, restores the last membership published before a restart;</li>
 * <li>adopts containers it does not track yet and fails the ones that died;</li>
 * <li>plans each pool (launch, retire) and carries the plan out; stops drains that timed out;</li>
 * <li>publishes each pool's membership when it changed, and every one on a resync.</li>
 * </ol>
 */
@ApplicationScoped
public class Provisioner {
    private static final Logger LOG = Logger.getLogger(Provisioner.class);
    /** On top of the pool's drain timeout: the configurator's own wait before it reports DRAINED. */
    static final Duration DRAIN_MARGIN = Duration.ofSeconds(15);

    @Inject
    PoolCatalog catalog;
    @Inject
    CompactedTopics topics;
    @Inject
    DockerEngine docker;
    @Inject
    Announcer announce;

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
    /** Containers being removed after a failure: not to be adopted meanwhile. */
    private final Set<String> disposing = new HashSet<>();
    private final Set<String> warnedForeignPools = new HashSet<>();
    private final AtomicBoolean passPending = new AtomicBoolean();
    /** Pools on the pools topic at start-up that the catalog has not delivered yet. */
    private final Set<String> poolsPending = ConcurrentHashMap.newKeySet();
    private final Set<String> poolsSeen = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ScheduledExecutorService loop;
    private ExecutorService workers;
    private Backoff backoff;
    private volatile Closeable dockerEvents;
    private volatile boolean recovered;
    private volatile String dockerProblem = "not contacted yet";
    private int dockerFailures;
    private Instant dockerRetryAt = Instant.MIN;

    void onStart(@Observes StartupEvent event) {
        backoff = new Backoff(backoffFirst, backoffMax);
        loop = Executors.newSingleThreadScheduledExecutor(named("provisioner-loop"));
        workers = Executors.newFixedThreadPool(parallelism, named("provisioner-docker"));
        loop.scheduleWithFixedDelay(() -> guarded(() -> pass(true)), 0, resync.toMillis(), TimeUnit.MILLISECONDS);
        followDockerEvents();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.shutdownNow();
        workers.shutdownNow();
        closeDockerEvents();
    }

    // ---- inputs, from any thread: each becomes a task on the loop ----

    /** A decision at {@code offset} of the topic; one older than what the loop holds changes nothing. */
    void decided(ScaleDecision decision, long offset) {
        if (!manages(decision.pool())) {
            return;
        }
        onLoop(() -> {
            if (offset <= pool(decision.pool()).decisionOffset) {
                return;
            }
            pool(decision.pool()).decisionOffset = offset;
            if (decision.dryRun()) {
                LOG.infof("Pool %s: ignoring dry-run decision %s (desired %d): %s", decision.pool(), decision.id(),
                        decision.desiredReplicas(), decision.reason());
                return;
            }
            PoolState pool = pool(decision.pool());
            pool.decision = decision;
            if (decision.type() == ScaleDecision.Type.REPLACE) {
                pool.replacing.add(decision.instanceId());
            }
            requestPass();
        });
    }

    void decisionDeleted(String poolName, long offset) {
        if (poolName != null && manages(poolName)) {
            onLoop(() -> {
                if (offset <= pool(poolName).decisionOffset) {
                    return;
                }
                pool(poolName).decisionOffset = offset;
                pool(poolName).decision = null;
                requestPass();
            });
        }
    }

    void loadBalancerSaid(LbEvent event) {
        if (event.state() != LbEvent.State.DRAINED || event.instanceId() == null || !manages(event.pool())) {
            return;
        }
        onLoop(() -> {
            PoolState pool = pools.get(event.pool());
            TrackedInstance instance = pool == null ? null : pool.instances.get(event.instanceId());
            if (instance != null && instance.phase == Phase.DRAINING) {
                stop(pool, instance, "drained by the load balancer");
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
        onLoop(() -> pool(snapshot.pool()).sessions = byInstance);
    }

    /** Whether the loop holds HAProxy sessions for the pool (asked on the loop, so the answer is current). */
    boolean sessionsKnown(String poolName) {
        try {
            return loop.submit(() -> pools.containsKey(poolName) && !pools.get(poolName).sessions.isEmpty())
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    void poolChanged(@Observes PoolChanged change) {
        poolsSeen.add(change.pool());
        poolsPending.remove(change.pool());
        requestPass();
    }

    // ---- the pass ----

    private void pass(boolean resyncing) {
        Instant now = Instant.now();
        if (!catalog.loaded() || now.isBefore(dockerRetryAt)) {
            return;
        }
        List<ManagedContainer> containers;
        try {
            containers = docker.listManaged();
            if (!recovered) {
                recover();
            }
            dockerReachable();
        } catch (RuntimeException e) {
            dockerUnreachable(e);
            return;
        }
        if (!poolsPending.isEmpty()) {
            LOG.debugf("Waiting for the catalog to deliver pools %s", poolsPending);
            return;
        }
        refreshSpecs();
        observe(containers);
        for (PoolState pool : pools.values()) {
            reconcile(pool);
        }
        publishMemberships(resyncing);
    }

    /**
     * State from the compacted topics, read to their end before the loop acts: the latest decision per
     * pool (the channel replays older ones on its way), the pools that exist (the catalog may deliver
     * them later than it claims to be loaded), and the membership published before a restart, with its
     * DRAINING states, start times and generations.
     */
    private void recover() {
        topics.read(Topics.SCALE_EVENTS, ScaleDecision.class, managedPools).forEach((name, latest) -> {
            PoolState pool = pool(name);
            if (latest.offset() > pool.decisionOffset) {
                pool.decisionOffset = latest.offset();
                pool.decision = latest.value() != null && !latest.value().dryRun() ? latest.value() : pool.decision;
                if (pool.decision != null && pool.decision.type() == ScaleDecision.Type.REPLACE) {
                    pool.replacing.add(pool.decision.instanceId());
                }
            }
        });
        topics.read(Topics.POOLS, PoolSpec.class, managedPools).forEach((name, latest) -> {
            if (latest.value() != null && !poolsSeen.contains(name)) {
                poolsPending.add(name);
            }
        });
        poolsPending.removeAll(poolsSeen);
        topics.read(Topics.MEMBERSHIP, PoolMembership.class, managedPools).forEach((name, latest) -> {
            PoolMembership membership = latest.value();
            if (membership == null) {
                return;
            }
            PoolState pool = pool(name);
            pool.generation = membership.generation();
            pool.published = membership.instances();
            pool.publishedDesired = membership.desiredReplicas();
            membership.instances().forEach(i -> pool.restored.put(i.instanceId(), i));
        });
        recovered = true;
        LOG.infof("Recovered the membership of %d pool(s)", pools.size());
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

    /** Compares Docker with what the loop tracks: adopts what it does not know, fails what died. */
    private void observe(List<ManagedContainer> containers) {
        Map<String, ManagedContainer> byId = containers.stream()
                .collect(Collectors.toMap(ManagedContainer::containerId, c -> c));
        for (PoolState pool : pools.values()) {
            for (TrackedInstance instance : List.copyOf(pool.instances.values())) {
                ManagedContainer container = instance.containerId == null ? null : byId.get(instance.containerId);
                if (instance.live() && (container == null || !container.running())) {
                    fail(pool, instance, container == null ? "container vanished"
                            : "container exited on its own (" + container.state() + ")");
                }
            }
        }
        for (ManagedContainer container : containers) {
            if (disposing.contains(container.containerId()) || !manages(container.pool())) {
                continue;
            }
            PoolState pool = pools.get(container.pool());
            if (pool == null) {
                if (warnedForeignPools.add(container.pool())) {
                    LOG.warnf("Leaving container %s alone: pool %s is unknown to this cluster",
                            container.containerId(), container.pool());
                }
            } else if (!pool.instances.containsKey(container.instanceId())) {
                adopt(pool, container);
            }
        }
    }

    /** A container of ours the loop does not track: started before a restart, or left by a crash. */
    private void adopt(PoolState pool, ManagedContainer container) {
        if (!container.running()) {
            LOG.infof("Pool %s: removing stopped container %s of instance %s", pool.name, container.containerId(),
                    container.instanceId());
            dispose(container.containerId());
            return;
        }
        PoolMembership.Instance before = pool.restored.remove(container.instanceId());
        int port = before != null ? before.port() : pool.spec != null ? pool.spec.port() : PoolSpec.DEFAULT_PORT;
        Instant startedAt = before != null && before.startedAt() != null ? before.startedAt() : container.created();
        TrackedInstance instance = new TrackedInstance(pool.name, container.instanceId(), port, Phase.STARTING,
                startedAt);
        instance.containerId = container.containerId();
        instance.template = container.template();
        instance.host = before != null ? before.host() : null;
        if (instance.host == null && pool.spec != null) {
            instance.host = docker.ipOn(container.containerId(), pool.spec.network()).orElse(null);
        }
        pool.instances.put(instance.instanceId, instance);
        PoolMembership.State was = before == null ? null : before.state();
        if (was == PoolMembership.State.DRAINING || was == PoolMembership.State.STOPPING) {
            instance.phase = Phase.DRAINING;
            instance.deadline = Instant.now().plus(drainTimeout(pool));
        } else if (was == PoolMembership.State.RUNNING) {
            instance.phase = Phase.RUNNING;
        } else {
            instance.deadline = Instant.now().plus(grace(pool));
            probe(pool, instance);
        }
        LOG.infof("Pool %s: adopted instance %s (container %s) as %s", pool.name, instance.instanceId,
                instance.containerId, instance.phase);
    }

    private void reconcile(PoolState pool) {
        Instant now = Instant.now();
        // Failures are forgotten only after a quiet spell, so an app that crashes soon after it runs still backs off.
        if (pool.failures > 0 && now.isAfter(pool.lastFailure.plus(backoffMax))) {
            pool.failures = 0;
        }
        pool.desired = PoolReconciler.desiredReplicas(pool.deleted ? null : pool.spec, pool.decision);
        pool.replacing.retainAll(pool.instances.keySet());
        String template = pool.spec == null ? null : Template.of(pool.spec);
        Plan plan = PoolReconciler.plan(pool.desired, pool.replacing,
                pool.instances.values().stream()
                        .map(i -> i.toMember(pool.sessions.getOrDefault(i.instanceId, 0), template)).toList(),
                now.isBefore(pool.heldUntil));
        plan.roll().ifPresent(id -> {
            pool.replacing.add(id);
            pool.instances.get(id).rolled = true;
            LOG.infof("Pool %s: rolling instance %s to the pool's new template (image %s): its substitute starts first",
                    pool.name, id, pool.spec.image());
        });
        plan.retire().forEach(id -> retire(pool, pool.instances.get(id)));
        for (int i = 0; i < plan.launches(); i++) {
            launch(pool);
        }
        pool.instances.values().stream()
                .filter(i -> i.phase == Phase.DRAINING && now.isAfter(i.deadline)).toList()
                .forEach(i -> stop(pool, i, "drain safety timeout"));
    }

    // ---- launching ----

    private void launch(PoolState pool) {
        PoolSpec spec = pool.spec;
        TrackedInstance instance = new TrackedInstance(pool.name, newInstanceId(pool), spec.port(), Phase.CREATING,
                Timestamps.now());
        instance.template = Template.of(spec);
        pool.instances.put(instance.instanceId, instance);
        LOG.infof("Pool %s: launching instance %s (image %s)", pool.name, instance.instanceId, spec.image());
        workers.execute(() -> {
            String containerId = null;
            try {
                containerId = createPulling(spec, instance.instanceId);
                docker.start(containerId);
                String host = docker.ipOn(containerId, spec.network()).orElseThrow(
                        () -> new IllegalStateException("the container has no address on network " + spec.network()));
                String created = containerId;
                onLoop(() -> launched(pool, instance, created, host));
            } catch (RuntimeException e) {
                String created = containerId;
                onLoop(() -> {
                    instance.containerId = created;
                    fail(pool, instance, "launch failed: " + e.getMessage());
                });
            }
        });
    }

    /** Creates the container; a missing image is pulled once, and Docker's words kept if that fails. */
    private String createPulling(PoolSpec spec, String instanceId) {
        try {
            return docker.create(spec, instanceId);
        } catch (NotFoundException missing) {
            if (!String.valueOf(missing.getMessage()).toLowerCase().contains("no such image")) {
                throw missing;
            }
            String pullFailure = docker.pull(spec.image()).orElse(null);
            if (pullFailure != null) {
                throw new IllegalStateException(missing.getMessage().trim() + "; pull failed: " + pullFailure.trim());
            }
            return docker.create(spec, instanceId);
        }
    }

    private void launched(PoolState pool, TrackedInstance instance, String containerId, String host) {
        instance.containerId = containerId;
        instance.host = host;
        if (instance.cancelled) {
            stop(pool, instance, "retired before it started");
            return;
        }
        instance.phase = Phase.STARTING;
        instance.deadline = Instant.now().plus(grace(pool));
        LOG.infof("Pool %s: instance %s LAUNCHED (container %s at %s)", pool.name, instance.instanceId, containerId,
                host);
        announce.transition(instance, InstanceEvent.State.LAUNCHED, "container started");
        probe(pool, instance);
    }

    /** Readiness: GET the health path until it answers 200, without holding the loop or a worker. */
    private void probe(PoolState pool, TrackedInstance instance) {
        if (pool.instances.get(instance.instanceId) != instance || instance.phase != Phase.STARTING) {
            return;
        }
        if (instance.host == null) {
            probed(pool, instance, false);
            return;
        }
        String path = pool.spec == null ? PoolSpec.HealthCheck.DEFAULT.path() : pool.spec.healthCheck().path();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance.host + ":" + instance.port + path))
                .timeout(Duration.ofSeconds(1)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> onLoop(
                        () -> probed(pool, instance, error == null && response.statusCode() == 200)));
    }

    private void probed(PoolState pool, TrackedInstance instance, boolean ready) {
        if (pool.instances.get(instance.instanceId) != instance || instance.phase != Phase.STARTING) {
            return;
        }
        if (ready) {
            instance.phase = Phase.RUNNING;
            LOG.infof("Pool %s: instance %s RUNNING at %s:%d", pool.name, instance.instanceId, instance.host,
                    instance.port);
            announce.transition(instance, InstanceEvent.State.RUNNING, "answers its health path");
            announce.timeToRunning(pool.name, Duration.between(instance.startedAt, Instant.now()));
        } else if (Instant.now().isAfter(instance.deadline)) {
            fail(pool, instance, "not ready within " + grace(pool).toMillis() + " ms");
        } else {
            loop.schedule(() -> guarded(() -> probe(pool, instance)), probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** FAILED: removed, and the pool's next launches wait a backoff that grows while failures go on. */
    private void fail(PoolState pool, TrackedInstance instance, String reason) {
        if (pool.instances.remove(instance.instanceId, instance)) {
            pool.failures++;
            pool.lastFailure = Instant.now();
            Duration wait = backoff.after(pool.failures);
            pool.heldUntil = pool.lastFailure.plus(wait);
            LOG.warnf("Pool %s: instance %s FAILED: %s; next launch in %d ms", pool.name, instance.instanceId, reason,
                    wait.toMillis());
            announce.transition(instance, InstanceEvent.State.FAILED, reason);
            if (instance.containerId != null) {
                dispose(instance.containerId);
            }
            loop.schedule(this::requestPass, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void dispose(String containerId) {
        disposing.add(containerId);
        workers.execute(() -> {
            try {
                docker.remove(containerId);
            } catch (RuntimeException e) {
                LOG.warnf("Cannot remove container %s yet: %s", containerId, e.getMessage());
            } finally {
                onLoop(() -> disposing.remove(containerId));
            }
        });
    }

    // ---- retiring ----

    /** A RUNNING instance drains first; one never RUNNING had no traffic and stops at once. */
    private void retire(PoolState pool, TrackedInstance instance) {
        switch (instance.phase) {
            case CREATING -> instance.cancelled = true;
            case STARTING -> stop(pool, instance, "retired before it was RUNNING");
            case RUNNING -> {
                instance.phase = Phase.DRAINING;
                instance.deadline = Instant.now().plus(drainTimeout(pool));
                String why = pool.deleted ? "pool deleted"
                        : instance.rolled ? "rolled to the pool's new template"
                        : pool.replacing.contains(instance.instanceId) ? "replaced" : "scale in to " + pool.desired;
                LOG.infof("Pool %s: instance %s DRAINING (%s)", pool.name, instance.instanceId, why);
                announce.transition(instance, InstanceEvent.State.DRAINING, why);
            }
            default -> {
            }
        }
    }

    private void stop(PoolState pool, TrackedInstance instance, String why) {
        instance.phase = Phase.STOPPING;
        LOG.infof("Pool %s: stopping instance %s (%s)", pool.name, instance.instanceId, why);
        workers.execute(() -> {
            try {
                docker.stop(instance.containerId, stopGrace);
                docker.remove(instance.containerId);
                onLoop(() -> terminated(pool, instance, why));
            } catch (RuntimeException e) {
                onLoop(() -> {
                    LOG.warnf("Pool %s: cannot stop instance %s yet: %s", pool.name, instance.instanceId,
                            e.getMessage());
                    instance.phase = Phase.DRAINING;
                    instance.deadline = Instant.now();
                });
            }
        });
    }

    private void terminated(PoolState pool, TrackedInstance instance, String why) {
        pool.instances.remove(instance.instanceId, instance);
        pool.replacing.remove(instance.instanceId);
        LOG.infof("Pool %s: instance %s TERMINATED (%s)", pool.name, instance.instanceId, why);
        announce.transition(instance, InstanceEvent.State.TERMINATED, why);
    }

    // ---- membership ----

    /** On a change with a new generation; on a resync every pool again, deleted and empty ones excepted. */
    private void publishMemberships(boolean resyncing) {
        for (PoolState pool : pools.values()) {
            List<PoolMembership.Instance> instances = pool.membership();
            boolean changed = !instances.equals(pool.published) || pool.desired != pool.publishedDesired;
            if (changed) {
                pool.generation++;
                pool.published = instances;
                pool.publishedDesired = pool.desired;
            }
            if (changed || resyncing && !(pool.deleted && instances.isEmpty())) {
                announce.membership(new PoolMembership(pool.name, pool.generation, pool.desired, instances,
                        Timestamps.now()));
            }
        }
    }

    // ---- plumbing ----

    private PoolState pool(String name) {
        return pools.computeIfAbsent(name, PoolState::new);
    }

    private boolean manages(String pool) {
        return pool != null && managedPools.matcher(pool).matches();
    }

    private String newInstanceId(PoolState pool) {
        String id;
        do {
            id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        } while (pool.instances.containsKey(id));
        return id;
    }

    private static Duration grace(PoolState pool) {
        return Duration.ofMillis(pool.spec == null ? PoolSpec.HealthCheck.DEFAULT.graceMs()
                : pool.spec.healthCheck().graceMs());
    }

    private static Duration drainTimeout(PoolState pool) {
        long drainMs = pool.spec == null ? PoolSpec.Drain.DEFAULT.timeoutMs() : pool.spec.drain().timeoutMs();
        return Duration.ofMillis(drainMs).plus(DRAIN_MARGIN);
    }

    /** Coalesces bursts of changes into one pass; memberships follow every task anyway. */
    private void requestPass() {
        if (passPending.compareAndSet(false, true)) {
            onLoop(() -> {
                passPending.set(false);
                pass(false);
            });
        }
    }

    /** Runs a task on the loop and publishes what it changed. */
    private void onLoop(Runnable task) {
        if (!loop.isShutdown()) {
            loop.execute(() -> guarded(() -> {
                task.run();
                if (recovered) {
                    publishMemberships(false);
                }
            }));
        }
    }

    /** The loop must survive anything a task throws. */
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Provisioner task failed; the next pass retries", e);
        }
    }

    /** Methods, not fields: callers hold a CDI client proxy whose own fields are never set. */
    boolean recovered() {
        return recovered;
    }

    String dockerProblem() {
        return dockerProblem;
    }

    private void dockerReachable() {
        if (dockerProblem != null) {
            LOG.infof("Docker is reachable");
        }
        dockerProblem = null;
        dockerFailures = 0;
    }

    private void dockerUnreachable(RuntimeException e) {
        dockerFailures++;
        Duration wait = backoff.after(dockerFailures);
        dockerRetryAt = Instant.now().plus(wait);
        dockerProblem = String.valueOf(e.getMessage());
        LOG.warnf("Docker or Kafka unreachable (%s); retrying in %d ms", dockerProblem, wait.toMillis());
        loop.schedule(this::requestPass, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Docker events make the loop look at once when one of our containers dies; resyncs cover any gap. */
    private void followDockerEvents() {
        if (loop.isShutdown()) {
            return;
        }
        try {
            dockerEvents = docker.followEvents(containerId -> requestPass(), end -> {
                if (loop.isShutdown()) {
                    return;
                }
                LOG.debugf("Docker events stream ended (%s); following again", end);
                loop.schedule(this::followDockerEvents, resync.toMillis(), TimeUnit.MILLISECONDS);
            });
        } catch (RuntimeException e) {
            LOG.debugf("Cannot follow Docker events yet: %s", e.getMessage());
            loop.schedule(this::followDockerEvents, resync.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void closeDockerEvents() {
        try {
            if (dockerEvents != null) {
                dockerEvents.close();
            }
        } catch (java.io.IOException e) {
            LOG.debugf("Closing the Docker events stream: %s", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Readiness: down until the state is recovered and while Docker does not answer. */
    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        @Inject
        Provisioner provisioner;

        @Override
        public HealthCheckResponse call() {
            String problem = provisioner.dockerProblem();
            return HealthCheckResponse.named("provisioner").status(provisioner.recovered() && problem == null)
                    .withData("docker", problem == null ? "reachable" : problem).build();
        }
    }
}
