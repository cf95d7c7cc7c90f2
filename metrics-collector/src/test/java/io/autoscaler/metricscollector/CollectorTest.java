package io.autoscaler.metricscollector;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The collector against real Kafka, HAProxy and demo-app containers labelled as the provisioner labels
 * them: CPU follows the work each container does, HAProxy sessions show per server, a backend's 5xx
 * responses are counted, and the tick keeps publishing what it has when a container vanishes or HAProxy
 * stops answering.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(HaproxyResource.class)
class CollectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String POOL = "t-" + TestApps.newInstanceId();
    private static final String BUSY = TestApps.newInstanceId();
    private static final String IDLE = TestApps.newInstanceId();
    private static final List<DemoAppContainer> APPS = new ArrayList<>();
    private static final AtomicBoolean LOADING = new AtomicBoolean();
    private static DemoAppContainer busy;
    private static DemoAppContainer idle;

    @BeforeAll
    static void poolWithABusyAndAnIdleInstanceBehindHaproxy() {
        busy = start(TestApps.instance(POOL, BUSY, HaproxyResource.network(), 1.0));
        idle = start(TestApps.instance(POOL, IDLE, HaproxyResource.network(), 0));
        TestApps.addServer(HaproxyResource.haproxy(), HaproxyResource.backend(), POOL + "-" + BUSY, busy.ipAddress());
        TestApps.addServer(HaproxyResource.haproxy(), HaproxyResource.backend(), POOL + "-" + IDLE, idle.ipAddress());
        PoolSpec spec = new PoolSpec(POOL, "autoscaler/demo-app:latest", null, null, null, HaproxyResource.backend(), 1,
                4, null, null, null, null, null, Timestamps.now());
        kafka().send(Topics.POOLS, POOL, spec);
    }

    @AfterAll
    static void stopEverythingStarted() {
        LOADING.set(false);
        APPS.forEach(DemoAppContainer::stop);
        kafka().send(Topics.POOLS, POOL, null);
    }

    @Test
    void aContainerBusyOnWorkShowsHighCpuAndAnIdleOneLow() {
        keepBusy(busy, 2);
        CpuSnapshot snapshot = awaitCpu(Instant.now(), s -> {
            Optional<CpuSnapshot.InstanceCpu> b = instance(s, BUSY);
            return b.isPresent() && b.get().cpuPercent() > 50 && instance(s, IDLE).isPresent();
        });
        CpuSnapshot.InstanceCpu hot = instance(snapshot, BUSY).orElseThrow();
        CpuSnapshot.InstanceCpu cold = instance(snapshot, IDLE).orElseThrow();
        assertThat(cold.cpuPercent(), lessThan(20.0));
        assertThat(hot.containerId(), equalTo(busy.getContainerId()));
        assertThat(hot.memoryBytes(), greaterThan(1_000_000L));
        assertThat(snapshot.instances().stream().map(CpuSnapshot.InstanceCpu::instanceId).toList(),
                containsInAnyOrder(BUSY, IDLE));
        assertThat("one Docker engine: no node named", snapshot.node(), equalTo(null));
    }

    @Test
    void haproxySessionsAppearPerServer() {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            TestApps.inFlight(HaproxyResource.haproxy().frontendUrl() + "/sleep?ms=3000", 4);
            HaproxySnapshot snapshot = kafka().awaitEvent(Topics.METRICS_HAPROXY, HaproxySnapshot.class,
                    s -> POOL.equals(s.pool()) && s.totals().sessions() >= 4, Duration.ofSeconds(10));
            assertThat(snapshot.backend(), equalTo(HaproxyResource.backend()));
            assertThat(snapshot.servers().stream().map(HaproxySnapshot.Server::instanceId).toList(),
                    containsInAnyOrder(BUSY, IDLE));
            for (HaproxySnapshot.Server server : snapshot.servers()) {
                assertThat(server.name(), server.status(), equalTo("UP"));
                assertThat(server.name(), server.sessions(), greaterThanOrEqualTo(1));
                assertThat(server.weight(), equalTo(1));
            }
        });
    }

    @Test
    void haproxysOwn503sForABackendWithoutServersShowAsItsFiveHundredCount() throws Exception {
        String pool = "t-" + TestApps.newInstanceId();
        kafka().send(Topics.POOLS, pool, new PoolSpec(pool, "autoscaler/demo-app:latest", null, null, null,
                HaproxyResource.noServersBackend(), 1, 4, null, null, null, null, null, Timestamps.now()));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(HaproxyResource.noServersUrl()))
                    .timeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 3; i++) {
                assertThat(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), equalTo(503));
            }
            HaproxySnapshot snapshot = kafka().awaitEvent(Topics.METRICS_HAPROXY, HaproxySnapshot.class,
                    s -> pool.equals(s.pool()) && s.totals().responses5xx() != null
                            && s.totals().responses5xx() >= 3, TIMEOUT);
            assertThat(snapshot.backend(), equalTo(HaproxyResource.noServersBackend()));
        } finally {
            kafka().send(Topics.POOLS, pool, null);
        }
    }

    @Test
    void aContainerThatGoesAwayDropsOutAndTheTickGoesOn() {
        String doomedId = TestApps.newInstanceId();
        DemoAppContainer doomed = start(TestApps.instance(POOL, doomedId, HaproxyResource.network(), 0));
        awaitCpu(Instant.now(), s -> instance(s, doomedId).isPresent());

        doomed.stop();
        Instant gone = Instant.now();
        CpuSnapshot after = awaitCpu(gone.plusSeconds(2), s -> instance(s, BUSY).isPresent());
        assertThat(instance(after, doomedId).isPresent(), equalTo(false));
    }

    @Test
    void whileHaproxyIsDownCpuSnapshotsGoOnAndHaproxySnapshotsComeBackAfter() throws Exception {
        var docker = HaproxyResource.haproxy().getDockerClient();
        String haproxyId = HaproxyResource.haproxy().getContainerId();
        docker.pauseContainerCmd(haproxyId).exec();
        try {
            Instant paused = Instant.now();
            assertThat(statsAnswer(), containsString("timed out"));
            awaitCpu(paused.plusSeconds(3), s -> instance(s, IDLE).isPresent());
        } finally {
            docker.unpauseContainerCmd(haproxyId).exec();
        }
        Instant resumed = Instant.now();
        kafka().awaitEvent(Topics.METRICS_HAPROXY, HaproxySnapshot.class,
                s -> POOL.equals(s.pool()) && s.timestamp().isAfter(resumed), TIMEOUT);
    }

    private static String statsAnswer() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(HaproxyResource.haproxy().statsCsvUrl()))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static CpuSnapshot awaitCpu(Instant after, java.util.function.Predicate<CpuSnapshot> matching) {
        return kafka().awaitEvent(Topics.METRICS_CPU, CpuSnapshot.class,
                s -> POOL.equals(s.pool()) && s.timestamp().isAfter(after) && matching.test(s), TIMEOUT);
    }

    private static Optional<CpuSnapshot.InstanceCpu> instance(CpuSnapshot snapshot, String instanceId) {
        return snapshot.instances().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
    }

    /** Keeps {@code parallel} CPU-burning requests in flight at the container until the class ends. */
    private static void keepBusy(DemoAppContainer app, int parallel) {
        if (!LOADING.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < parallel; i++) {
            Thread load = new Thread(() -> {
                HttpRequest work = HttpRequest.newBuilder(URI.create(app.url() + "/work?ms=500"))
                        .timeout(Duration.ofSeconds(30)).build();
                while (LOADING.get()) {
                    try {
                        HTTP.send(work, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "busy-load-" + i);
            load.setDaemon(true);
            load.start();
        }
    }

    private static DemoAppContainer start(DemoAppContainer app) {
        APPS.add(app);
        app.start();
        return app;
    }

    private static KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }
}
