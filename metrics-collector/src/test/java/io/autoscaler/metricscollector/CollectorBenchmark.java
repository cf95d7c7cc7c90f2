package io.autoscaler.metricscollector;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.metricscollector.core.InstanceReading;
import io.autoscaler.metricscollector.core.Snapshots;
import io.autoscaler.metricscollector.core.StatsCsv;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.HaproxyContainer;

/**
 * Collection time per tick with 30 demo containers of one pool, all 30 servers in HAProxy: what a tick
 * spends reading Docker (list + the latest frame of each stats stream) and HAProxy's CSV, and turning
 * them into the pool's snapshots. Prints the numbers; asserts nothing timed.
 * <pre>./mvnw verify -pl metrics-collector -Dtest=CollectorBenchmark -Dsurefire.failIfNoSpecifiedTests=false ...</pre>
 */
class CollectorBenchmark {
    private static final int CONTAINERS = Integer.getInteger("benchmark.containers", 30);
    private static final int TICKS = Integer.getInteger("benchmark.ticks", 30);

    @Test
    void collectionTimePerTick() throws Exception {
        String pool = "bench-" + TestApps.newInstanceId();
        String backend = "be-" + TestApps.newInstanceId();
        List<DemoAppContainer> apps = new ArrayList<>();
        try (Network network = Network.newNetwork();
                HaproxyContainer haproxy = new HaproxyContainer().withBackend(backend).onNetwork(network, "haproxy")) {
            for (int i = 0; i < CONTAINERS; i++) {
                apps.add(TestApps.instance(pool, TestApps.newInstanceId(), network, 0));
            }
            long startAll = System.nanoTime();
            Startables.deepStart(apps).get(10, TimeUnit.MINUTES);
            haproxy.start();
            System.out.printf("started %d demo containers and HAProxy in %d s%n", CONTAINERS,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startAll));
            for (DemoAppContainer app : apps) {
                String server = app.getContainerInfo().getConfig().getLabels().get("io.autoscaler.pool") + "-"
                        + app.getContainerInfo().getConfig().getLabels().get("io.autoscaler.instance");
                TestApps.addServer(haproxy, backend, server, app.ipAddress());
            }

            PoolSpec spec = new PoolSpec(pool, "autoscaler/demo-app:latest", null, null, null, backend, 1,
                    CONTAINERS, null, null, null, null, null, null);
            // -Dautoscaler.benchmark.docker-host=unix:///…/docker.sock measures through docker-read-proxy
            ContainerStats docker = new ContainerStats(System.getProperty("autoscaler.benchmark.docker-host",
                    "unix:///var/run/docker.sock"), 512, "autoscaler");
            HaproxyStats stats = new HaproxyStats(URI.create(haproxy.statsCsvUrl()), Duration.ofMillis(800));
            try {
                List<Long> ticks = new ArrayList<>();
                List<Long> dockerTicks = new ArrayList<>();
                long first = 0;
                long firstDocker = 0;
                int measured = 0;
                int haproxyFailures = 0;
                long next = System.nanoTime();
                for (int tick = 0; tick <= TICKS; tick++) {
                    // pace like the scheduler: one tick a second
                    for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    next += TimeUnit.SECONDS.toNanos(1);
                    long start = System.nanoTime();
                    List<InstanceReading> readings = docker.read(Set.of(pool));
                    long dockerTook = System.nanoTime() - start;
                    Optional<List<StatsCsv.Row>> table;
                    try {
                        table = Optional.of(stats.read());
                    } catch (IOException e) {
                        // as in the service: a tick without HAProxy still counts, and says so below
                        haproxyFailures++;
                        table = Optional.empty();
                    }
                    Snapshots snapshots = Snapshots.of(List.of(spec), null, table, Optional.of(readings), Instant.now());
                    long took = System.nanoTime() - start;
                    if (tick == 0) {
                        first = took;
                        firstDocker = dockerTook;
                    } else {
                        ticks.add(took);
                        dockerTicks.add(dockerTook);
                    }
                    measured = snapshots.cpu().get(0).instances().size();
                }
                ticks.sort(null);
                dockerTicks.sort(null);
                System.out.printf("first tick (opens %d stats streams): %.1f ms, of which Docker %.1f ms%n",
                        docker.followed(), first / 1e6, firstDocker / 1e6);
                System.out.printf("Docker part of a tick (list + latest frames): p50 %.1f ms, max %.1f ms%n",
                        dockerTicks.get(dockerTicks.size() / 2) / 1e6, dockerTicks.get(dockerTicks.size() - 1) / 1e6);
                System.out.printf("collection time per tick, %d containers, %d ticks: p50 %.1f ms, p90 %.1f ms, max %.1f ms;"
                        + " instances measured in the last tick: %d, servers: %d; HAProxy reads timed out: %d%n",
                        CONTAINERS, ticks.size(), ticks.get(ticks.size() / 2) / 1e6,
                        ticks.get(ticks.size() * 9 / 10) / 1e6, ticks.get(ticks.size() - 1) / 1e6, measured, CONTAINERS,
                        haproxyFailures);
            } finally {
                docker.close();
            }
        } finally {
            apps.forEach(DemoAppContainer::stop);
        }
    }
}
