package io.autoscaler.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.provisioner.core.Backoff;
import io.autoscaler.provisioner.core.Lifecycle;
import io.autoscaler.provisioner.core.Lifecycle.Effect;
import io.autoscaler.provisioner.core.Template;
import io.autoscaler.provisioner.docker.ContainerEngine;
import io.autoscaler.provisioner.docker.ManagedContainer;
import io.autoscaler.service.ReconcileLoop;

/**
 * Carries out what {@link Lifecycle} decides for an instance: Docker calls on the workers, probes, events.
 * What comes back (started, probed, stopped, or their failures) is fed to the lifecycle again on the loop.
 * Used on the loop thread only.
 */
final class InstanceRunner {
    private static final Logger LOG = Logger.getLogger(InstanceRunner.class);
    /** On top of the pool's drain timeout: the configurator's own wait before it reports DRAINED. */
    static final Duration DRAIN_MARGIN = Duration.ofSeconds(15);

    private final ContainerEngine docker;
    private final Announcer announce;
    private final Prober prober;
    private final ReconcileLoop loop;
    private final ExecutorService workers;
    private final Backoff backoff;
    private final Duration stopGrace;
    private final Duration probeInterval;
    /** Containers being removed after a failure: not to be adopted meanwhile. */
    private final Set<String> disposing = new HashSet<>();
    /** Pools unknown to this cluster whose containers were seen (and left alone): warned about once. */
    private final Set<String> warnedForeignPools = new HashSet<>();

    InstanceRunner(ContainerEngine docker, Announcer announce, Prober prober, ReconcileLoop loop,
            ExecutorService workers, Backoff backoff, Duration stopGrace, Duration probeInterval) {
        this.docker = docker;
        this.announce = announce;
        this.prober = prober;
        this.loop = loop;
        this.workers = workers;
        this.backoff = backoff;
        this.stopGrace = stopGrace;
        this.probeInterval = probeInterval;
    }

    /** Feeds an event to the instance's lifecycle and carries out the effects; a forgotten instance ignores it. */
    void apply(PoolState pool, TrackedInstance instance, Lifecycle.Event event) {
        if (pool.instances.get(instance.instanceId) != instance) {
            return;
        }
        Instant now = Instant.now();
        Lifecycle.Step step = Lifecycle.on(instance.state, event, now, timing(pool));
        if (step.next() != null) {
            instance.state = step.next();
        }
        perform(pool, instance, step, now);
    }

    void launch(PoolState pool, String instanceId) {
        PoolSpec spec = pool.spec;
        TrackedInstance instance = new TrackedInstance(pool.name, instanceId, spec.port(),
                Lifecycle.Instance.creating(), Timestamps.now());
        instance.template = Template.of(spec);
        pool.instances.put(instance.instanceId, instance);
        LOG.infof("Pool %s: launching instance %s (image %s)", pool.name, instance.instanceId, spec.image());
        workers.execute(() -> {
            String containerId = null;
            try {
                containerId = docker.create(spec, instance.instanceId);
                docker.start(containerId);
                String host = docker.ipOn(containerId, spec.network()).orElseThrow(
                        () -> new IllegalStateException("the container has no address on network " + spec.network()));
                String created = containerId;
                loop.run(() -> {
                    instance.containerId = created;
                    instance.host = host;
                    apply(pool, instance, new Lifecycle.Launched());
                });
            } catch (RuntimeException e) {
                String created = containerId;
                loop.run(() -> {
                    instance.containerId = created;
                    apply(pool, instance, new Lifecycle.LaunchFailed(String.valueOf(e.getMessage()),
                            ContainerEngine.unreachable(e)));
                });
            }
        });
    }

    /** Compares Docker with what the loop tracks: adopts what it does not know, fails what died. */
    void observe(Map<String, PoolState> pools, List<ManagedContainer> containers, Predicate<String> manages,
            Instant now) {
        Map<String, ManagedContainer> byId = containers.stream()
                .collect(Collectors.toMap(ManagedContainer::containerId, c -> c));
        for (PoolState pool : pools.values()) {
            for (TrackedInstance instance : List.copyOf(pool.instances.values())) {
                ManagedContainer container = instance.containerId == null ? null : byId.get(instance.containerId);
                if (container == null || !container.running()) {
                    apply(pool, instance, new Lifecycle.Died(container == null ? "container vanished"
                            : "container exited on its own (" + container.state() + ")"));
                }
            }
        }
        for (ManagedContainer container : containers) {
            if (disposing(container.containerId()) || !manages.test(container.pool())) {
                continue;
            }
            PoolState pool = pools.get(container.pool());
            if (pool == null) {
                if (warnedForeignPools.add(container.pool())) {
                    LOG.warnf("Leaving container %s alone: pool %s is unknown to this cluster",
                            container.containerId(), container.pool());
                }
            } else if (!pool.instances.containsKey(container.instanceId())) {
                adopt(pool, container, now);
            }
        }
        warnedForeignPools.retainAll(containers.stream().map(ManagedContainer::pool).collect(Collectors.toSet()));
    }

    /** A running container of ours the loop does not track: started before a restart, or left by a crash. */
    void adopt(PoolState pool, ManagedContainer container, Instant now) {
        if (!container.running()) {
            LOG.infof("Pool %s: removing stopped container %s of instance %s", pool.name, container.containerId(),
                    container.instanceId());
            dispose(container.containerId());
            return;
        }
        PoolMembership.Instance before = pool.restored.remove(container.instanceId());
        int port = before != null ? before.port() : pool.spec != null ? pool.spec.port() : PoolSpec.DEFAULT_PORT;
        Instant startedAt = before != null && before.startedAt() != null ? before.startedAt() : container.created();
        Lifecycle.Step step = Lifecycle.adopted(before == null ? null : before.state(), now, timing(pool));
        TrackedInstance instance = new TrackedInstance(pool.name, container.instanceId(), port, step.next(), startedAt);
        instance.containerId = container.containerId();
        instance.template = container.template();
        instance.host = before != null ? before.host() : null;
        if (instance.host == null && pool.spec != null) {
            instance.host = docker.ipOn(container.containerId(), pool.spec.network()).orElse(null);
        }
        pool.instances.put(instance.instanceId, instance);
        LOG.infof("Pool %s: adopted instance %s (container %s) as %s", pool.name, instance.instanceId,
                instance.containerId, instance.phase());
        perform(pool, instance, step, now);
    }

    boolean disposing(String containerId) {
        return disposing.contains(containerId);
    }

    private void perform(PoolState pool, TrackedInstance instance, Lifecycle.Step step, Instant now) {
        for (Effect effect : step.effects()) {
            if (effect instanceof Lifecycle.Announce a) {
                LOG.infof("Pool %s: instance %s %s (%s)", pool.name, instance.instanceId, a.state(), a.reason());
                announce.transition(instance, a.state(), a.reason());
                if (a.state() == InstanceEvent.State.RUNNING) {
                    announce.timeToRunning(pool.name, Duration.between(instance.startedAt, now));
                }
            } else if (effect instanceof Lifecycle.Probe p) {
                loop.after(p.delay(), () -> probe(pool, instance));
            } else if (effect instanceof Lifecycle.Stop s) {
                loop.after(s.delay(), () -> stop(pool, instance, s.why()));
            } else if (effect instanceof Lifecycle.Fail f) {
                fail(pool, instance, f, now);
            } else if (effect instanceof Lifecycle.Forget) {
                pool.instances.remove(instance.instanceId, instance);
                pool.replacing.remove(instance.instanceId);
            }
        }
    }

    private void probe(PoolState pool, TrackedInstance instance) {
        if (pool.instances.get(instance.instanceId) == instance && instance.phase() == Lifecycle.Phase.STARTING) {
            String path = pool.spec == null ? PoolSpec.HealthCheck.DEFAULT.path() : pool.spec.healthCheck().path();
            prober.probe(instance.host, instance.port, path, outcome -> loop.run(() -> apply(pool, instance, outcome)));
        }
    }

    /** FAILED: forgotten and removed; a launch or start that failed makes the pool's next launches back off. */
    private void fail(PoolState pool, TrackedInstance instance, Lifecycle.Fail failure, Instant now) {
        pool.instances.remove(instance.instanceId, instance);
        if (failure.backoff()) {
            pool.failures = pool.failures.failed(now);
        }
        Duration wait = failure.backoff() ? backoff.after(pool.failures.count()) : Duration.ZERO;
        LOG.warnf("Pool %s: instance %s FAILED: %s; next launch in %d ms", pool.name, instance.instanceId,
                failure.reason(), wait.toMillis());
        announce.transition(instance, InstanceEvent.State.FAILED, failure.reason());
        if (instance.containerId != null) {
            dispose(instance.containerId);
        }
        loop.after(wait, loop::requestPass);
    }

    private void stop(PoolState pool, TrackedInstance instance, String why) {
        LOG.infof("Pool %s: stopping instance %s (%s)", pool.name, instance.instanceId, why);
        workers.execute(() -> {
            try {
                docker.stop(instance.containerId, stopGrace);
                docker.remove(instance.containerId);
                loop.run(() -> apply(pool, instance, new Lifecycle.Stopped(why)));
            } catch (RuntimeException e) {
                loop.run(() -> {
                    LOG.warnf("Pool %s: cannot stop instance %s yet: %s", pool.name, instance.instanceId,
                            e.getMessage());
                    apply(pool, instance, new Lifecycle.StopFailed(why, String.valueOf(e.getMessage())));
                });
            }
        });
    }

    private void dispose(String containerId) {
        disposing.add(containerId);
        workers.execute(() -> {
            try {
                docker.remove(containerId);
            } catch (RuntimeException e) {
                LOG.warnf("Cannot remove container %s yet: %s", containerId, e.getMessage());
            } finally {
                loop.run(() -> disposing.remove(containerId));
            }
        });
    }

    private Lifecycle.Timing timing(PoolState pool) {
        PoolSpec spec = pool.spec;
        long graceMs = spec == null ? PoolSpec.HealthCheck.DEFAULT.graceMs() : spec.healthCheck().graceMs();
        long drainMs = spec == null ? PoolSpec.Drain.DEFAULT.timeoutMs() : spec.drain().timeoutMs();
        return new Lifecycle.Timing(Duration.ofMillis(graceMs), Duration.ofMillis(drainMs).plus(DRAIN_MARGIN),
                probeInterval);
    }
}
