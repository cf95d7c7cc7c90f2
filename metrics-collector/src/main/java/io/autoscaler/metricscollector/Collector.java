package io.autoscaler.metricscollector;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.metricscollector.core.InstanceReading;
import io.autoscaler.metricscollector.core.NodeSetting;
import io.autoscaler.metricscollector.core.Outage;
import io.autoscaler.metricscollector.core.Snapshots;
import io.autoscaler.metricscollector.core.StatsCsv;
import io.autoscaler.service.PoolCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The collector's loop: every tick, read HAProxy's statistics and the managed containers' stats
 * once, and publish one CPU and one HAProxy snapshot per known pool. A source that fails is left out
 * of this tick (its outage logged once, its recovery once) and tried again on the next.
 */
@ApplicationScoped
public class Collector {
    private static final Logger LOG = Logger.getLogger(Collector.class);

    @Inject
    PoolCatalog catalog;

    @Inject
    HaproxyStats haproxyStats;

    @Inject
    ContainerStats containerStats;

    @Inject
    SnapshotPublisher publisher;

    @Inject
    MeterRegistry registry;

    /**
     * The node this collector speaks for, named in its CPU snapshots so that the engine merges one
     * collector per node (Swarm: a global service, the node's name from Swarm's template). Unset: the
     * only collector, of one Docker engine; its snapshots name no node.
     */
    @ConfigProperty(name = "autoscaler.collector.node")
    Optional<String> node;

    private final ExecutorService haproxyReader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "haproxy-stats-reader");
        t.setDaemon(true);
        return t;
    });
    private final Outage haproxy = new Outage();
    private final Outage docker = new Outage();
    /** Pools whose backend HAProxy lacks, already reported. */
    private final Set<String> missingBackendReported = new HashSet<>();

    /** A node name the shared rules would refuse stops the start (see {@link NodeSetting}). */
    void checkNode(@Observes StartupEvent start) {
        if (NodeSetting.checked(node) != null) {
            LOG.infof("Collecting for node %s", node.get());
        }
    }

    @Scheduled(identity = "collect", every = "${autoscaler.collect.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Timer.Sample tick = Timer.start(registry);
        Map<String, PoolSpec> pools = catalog.all();
        // Both sources are read even without pools: a wrong URL or socket shows in the log at start-up,
        // and the streams of a deleted pool's containers get closed.
        // The two reads overlap: a slow HAProxy answer does not hold the CPU readings back, nor the reverse.
        CompletableFuture<Optional<List<StatsCsv.Row>>> haproxyRows = CompletableFuture.supplyAsync(this::readHaproxy,
                haproxyReader);
        Optional<List<InstanceReading>> containers = readContainers(pools.keySet());
        Snapshots snapshots = Snapshots.of(pools.values(), node.orElse(null), haproxyRows.join(), containers,
                Timestamps.now());
        snapshots.cpu().forEach(publisher::publish);
        snapshots.haproxy().forEach(publisher::publish);
        reportMissingBackends(snapshots);
        tick.stop(registry.timer("autoscaler.collector.tick"));
    }

    @PreDestroy
    void stop() {
        haproxyReader.shutdownNow();
    }

    private Optional<List<StatsCsv.Row>> readHaproxy() {
        return read("haproxy", haproxy, "HAProxy stats at " + haproxyStats.url(), haproxyStats::read);
    }

    private Optional<List<InstanceReading>> readContainers(Set<String> pools) {
        return read("docker", docker, "Docker at " + containerStats.dockerHost(), () -> containerStats.read(pools));
    }

    /** One source's reading, or empty when it failed; says so once per outage. */
    private <T> Optional<T> read(String source, Outage outage, String what, Callable<T> reading) {
        long start = System.nanoTime();
        try {
            T result = reading.call();
            record(source, "ok", start);
            if (outage.succeeded() == Outage.Change.CAME_BACK) {
                LOG.infof("%s answers again after %d failed ticks", what, outage.failures());
            }
            return Optional.of(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            record(source, "error", start);
            if (outage.failed() == Outage.Change.WENT_DOWN) {
                LOG.warnf("%s does not answer (%s); publishing without it until it does", what, describe(e));
            } else {
                LOG.debugf("%s still does not answer: %s", what, e);
            }
            return Optional.empty();
        }
    }

    /** The exception and its causes in one line: the JDK's ConnectException alone says nothing. */
    static String describe(Throwable e) {
        java.util.LinkedHashSet<String> chain = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && chain.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            chain.add(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return String.join(" <- ", chain);
    }

    private void record(String source, String outcome, long startNanos) {
        registry.timer("autoscaler.collector.read", "source", source, "outcome", outcome)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private void reportMissingBackends(Snapshots snapshots) {
        for (PoolSpec pool : snapshots.backendMissing()) {
            if (missingBackendReported.add(pool.name())) {
                LOG.warnf("Pool %s: HAProxy has no backend %s; no HAProxy snapshot for it until it has",
                        pool.name(), pool.haproxyBackend());
            }
        }
        snapshots.haproxy().forEach(s -> {
            if (missingBackendReported.remove(s.pool())) {
                LOG.infof("Pool %s: HAProxy backend %s found", s.pool(), s.backend());
            }
        });
    }
}
