package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.instanceId;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 17, metrics from every node, through the broker: one pool of four instances, three on node
 * {@code node-a} and one on {@code node-b}, each node's collector publishing only its own. The engine
 * decides on their union; when node-b stops publishing, its instance counts as missing (HPA's 100 % on
 * a scale-down), not idle. Node-b's snapshot is sent before node-a's in every round: both are keyed by
 * the pool, so the engine reads them in that order and never sees node-a's alone while node-b reports.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class NodesThroughKafkaTest {
    /** Every step allowed at once, no stabilization: each decision is the recommendation itself. */
    private static final String SPEC = """
            {"image": "autoscaler/demo-app:latest", "minReplicas": %d, "maxReplicas": 10,
             "policy": {"type": "target-tracking", "metrics": [{"name": "cpu", "target": 50}], "tolerance": 0.1,
                        "scaleUp": {"stabilizationMs": 0, "maxStepInstances": 100, "maxStepPercent": 1000, "cooldownMs": 0},
                        "scaleDown": {"stabilizationMs": 0, "maxStepInstances": 100, "maxStepPercent": 100, "cooldownMs": 0},
                        "warmupMs": 0}}
            """;

    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void thePoolIsDecidedOnWhatEveryNodeReports() {
        String pool = poolAtFour();

        // node-b's instance alone at 90 % would hold (its three missing ones count as idle on a scale-up);
        // node-a's alone would ask for 6, with one missing
        ScaleDecision moved = feedUntilMovedFrom(pool, 4, () -> {
            kafka.send(Topics.MEMBERSHIP, pool, running(pool, 4));
            kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-b", 90, 3, 4));
            kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-a", 90, 0, 3));
        });

        assertThat(moved.desiredReplicas(), is(8));
        assertThat(moved.reason(), is("cpu 90.0% vs target 50% → 8"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void aNodeThatStopsReportingLeavesItsInstancesMissingNotIdle() {
        String pool = poolAtFour();
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 4));
        // both nodes: (44 × 3 + 52) / 4 = 46 %, within the tolerance
        awaitCpuAverage(pool, 46.0, () -> {
            kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-b", 52, 3, 4));
            kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-a", 44, 0, 3));
        });
        // node-b stops; once its snapshot is older than autoscaler.metrics.max-age the average is node-a's
        // alone, and the three at 44 % with one missing at 100 % (58 %) decide nothing
        awaitCpuAverage(pool, 44.0, () -> kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-a", 44, 0, 3)));

        ScaleDecision moved = feedUntilMovedFrom(pool, 4,
                () -> kafka.send(Topics.METRICS_CPU, pool, node(pool, "node-a", 10, 0, 3)));

        // 10, 10, 10 and node-b's instance at 100 %: 32 % → 3. Counted idle, it would have been 1.
        assertThat(moved.desiredReplicas(), is(3));
        assertThat(moved.reason(), is("cpu 10.0% vs target 50% → 3 (1 instance without cpu, counted as missing)"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    /** A pool whose last decision is 4 and whose minReplicas is 1. */
    private static String poolAtFour() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(SPEC.formatted(4)).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        api().contentType(ContentType.JSON).body(SPEC.formatted(1)).put("/pools/" + pool).then().statusCode(200);
        return pool;
    }

    private static void awaitCpuAverage(String pool, double expected, Runnable feed) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            feed.run();
            Float cpu = given().get("/pools/" + pool).then().statusCode(200).extract().path("status.metrics.cpu");
            return cpu != null && cpu == expected;
        });
    }

    /** What one node's collector publishes: the pool's instances {@code from} (inclusive) to {@code to}. */
    private static CpuSnapshot node(String pool, String node, double percent, int from, int to) {
        List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(new CpuSnapshot.InstanceCpu(instanceId(i), String.format("%012x", i), percent, 64L << 20));
        }
        return new CpuSnapshot(pool, node, Timestamps.now(), values);
    }
}
