package io.autoscaler.metricscollector;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 17, a collector per node: with {@code autoscaler.collector.node} set, every CPU snapshot it
 * publishes names that node, beside the real containers it reads on its engine. {@link CollectorTest}
 * runs the same collector without the setting, whose snapshots name none (one Docker engine).
 */
@QuarkusTest
@TestProfile(NodeCollectorTest.OnNodeA.class)
@WithTestResource(KafkaTestResource.class)
class NodeCollectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String POOL = "t-" + TestApps.newInstanceId();
    private static final String INSTANCE = TestApps.newInstanceId();
    private static Network network;
    private static DemoAppContainer app;

    public static class OnNodeA implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing listens on port 1: HAProxy is left out of every tick, CPU snapshots still go out
            return Map.of("autoscaler.collector.node", "node-a", "autoscaler.haproxy.stats-url",
                    "http://127.0.0.1:1/stats;csv");
        }
    }

    @BeforeAll
    static void poolWithOneInstance() {
        network = Network.newNetwork();
        app = TestApps.instance(POOL, INSTANCE, network, 0);
        app.start();
        kafka().send(Topics.POOLS, POOL, new PoolSpec(POOL, "autoscaler/demo-app:latest", null, null, null, null, 1, 4,
                null, null, null, null, null, Timestamps.now()));
    }

    @AfterAll
    static void stopEverythingStarted() {
        kafka().send(Topics.POOLS, POOL, null);
        if (app != null) {
            app.stop();
        }
        network.close();
    }

    @Test
    void everyCpuSnapshotNamesTheNodeItsCollectorSpeaksFor() {
        Instant from = Instant.now();
        CpuSnapshot snapshot = kafka().awaitEvent(Topics.METRICS_CPU, CpuSnapshot.class,
                s -> POOL.equals(s.pool()) && s.timestamp().isAfter(from) && !s.instances().isEmpty(), TIMEOUT);

        assertThat(snapshot.node(), equalTo("node-a"));
        assertThat(snapshot.instances().stream().map(CpuSnapshot.InstanceCpu::instanceId).toList(), contains(INSTANCE));
    }

    private static KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }
}
