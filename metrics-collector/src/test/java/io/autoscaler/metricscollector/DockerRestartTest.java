package io.autoscaler.metricscollector;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Docker going away and coming back, seen through a socket proxy: the HAProxy snapshots keep coming,
 * no CPU snapshot claims the pool is empty meanwhile, the outage is logged once and its end once, and
 * CPU readings resume by themselves.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(HaproxyResource.class)
@WithTestResource(DockerProxyResource.class)
class DockerRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final String pool = "t-" + TestApps.newInstanceId();
    private final String instance = TestApps.newInstanceId();
    private DemoAppContainer app;
    private Handler capture;

    @AfterEach
    void stopApp() {
        Logger.getLogger(Collector.class.getName()).removeHandler(capture);
        DockerProxyResource.proxy().start();
        if (app != null) {
            app.stop();
        }
        kafka().send(Topics.POOLS, pool, null);
    }

    @Test
    void whileDockerIsAwayHaproxySnapshotsGoOnAndCpuReadingsComeBackAlone() {
        List<String> collectorLog = capture(Collector.class.getName());
        app = TestApps.instance(pool, instance, HaproxyResource.network(), 0);
        app.start();
        kafka().send(Topics.POOLS, pool, new PoolSpec(pool, "autoscaler/demo-app:latest", null, null, null,
                HaproxyResource.backend(), 1, 2, null, null, null, null, null, Timestamps.now()));
        awaitCpu(Instant.now());

        DockerSocketProxy docker = DockerProxyResource.proxy();
        docker.stop();
        Instant away = Instant.now();
        HaproxySnapshot during = kafka().awaitEvent(Topics.METRICS_HAPROXY, HaproxySnapshot.class,
                s -> pool.equals(s.pool()) && s.timestamp().isAfter(away.plusSeconds(4)), TIMEOUT);
        List<CpuSnapshot> cpuDuring = kafka().readAll(Topics.METRICS_CPU).stream()
                .map(r -> EventJson.decode(r.value(), CpuSnapshot.class))
                .filter(s -> pool.equals(s.pool()) && s.timestamp().isAfter(away.plusMillis(1500))
                        && s.timestamp().isBefore(during.timestamp()))
                .toList();
        assertThat("no CPU snapshot while Docker is away", cpuDuring, is(empty()));

        docker.start();
        awaitCpu(Instant.now());
        assertThat(count(collectorLog, "Docker at", "does not answer"), equalTo(1L));
        assertThat(count(collectorLog, "Docker at", "answers again"), equalTo(1L));
    }

    private void awaitCpu(Instant after) {
        kafka().awaitEvent(Topics.METRICS_CPU, CpuSnapshot.class, s -> pool.equals(s.pool())
                && s.timestamp().isAfter(after) && s.instances().stream().anyMatch(i -> i.instanceId().equals(instance)),
                TIMEOUT);
    }

    private static long count(List<String> log, String... parts) {
        return log.stream().filter(line -> java.util.Arrays.stream(parts).allMatch(line::contains)).count();
    }

    /** The formatted messages a logger writes from now on. */
    private List<String> capture(String logger) {
        List<String> lines = new CopyOnWriteArrayList<>();
        capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                Object[] params = record.getParameters();
                lines.add(params == null || params.length == 0 ? message : String.format(message, params));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(logger).addHandler(capture);
        return lines;
    }

    private static KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }
}
