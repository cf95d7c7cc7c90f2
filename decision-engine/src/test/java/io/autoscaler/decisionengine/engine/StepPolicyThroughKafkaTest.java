package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 14, AWS step scaling end to end: a pool with a step policy of each adjustment type, its
 * instances' CPU sent through the broker, and the decision seen on {@code autoscaler.scale-events}: the
 * count the step makes and a reason naming the step. Bands: [60, 80) and [80, ∞) step out, below 30 steps
 * in; a scale-out from {@code min} instances that all run at the row's CPU.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class StepPolicyThroughKafkaTest {
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @ParameterizedTest(name = "{0} {2}: {3} instances at {4}% → {5}")
    @CsvSource(delimiter = '|', value = {
            // adjustmentType      | minAdjustmentMagnitude | changes of the bands [60,80) [80,∞) (-∞,30) | min | cpu | desired | reason
            "ChangeInCapacity        | | 1 3 -1    | 2 | 70 | 3 | cpu 70.0% in step [60%, 80%) → +1 → 3",
            "ChangeInCapacity        | | 1 3 -1    | 2 | 90 | 5 | cpu 90.0% in step [80%, ∞) → +3 → 5",
            "PercentChangeInCapacity | 2 | 10 50 -10 | 6 | 70 | 8 | cpu 70.0% in step [60%, 80%) → +2 (10% of 6) → 8",
            "PercentChangeInCapacity | 2 | 10 50 -10 | 6 | 90 | 9 | cpu 90.0% in step [80%, ∞) → +3 (50% of 6) → 9",
            "ExactCapacity           | | 5 7 2     | 3 | 90 | 7 | cpu 90.0% in step [80%, ∞) → exactly 7 → 7" })
    void theStepsCountReachesScaleEvents(String type, Integer minMagnitude, String changes, int min, int cpu,
            int desired, String reason) {
        String pool = uniquePool();
        String[] change = changes.trim().split(" +");
        String spec = """
                {"image": "autoscaler/demo-app:latest", "minReplicas": %d, "maxReplicas": 20,
                 "policy": {"type": "step", "adjustmentType": "%s", %s "allowGaps": true, "warmupMs": 0,
                            "steps": [{"metric": "cpu", "from": 60, "to": 80, "change": %s},
                                      {"metric": "cpu", "from": 80, "change": %s},
                                      {"metric": "cpu", "to": 30, "change": %s}]}}
                """.formatted(min, type, minMagnitude == null ? "" : "\"minAdjustmentMagnitude\": " + minMagnitude + ",",
                change[0], change[1], change[2]);
        api().contentType(ContentType.JSON).body(spec).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));

        ScaleDecision moved = feedUntilMovedFrom(pool, min, () -> {
            kafka.send(Topics.MEMBERSHIP, pool, running(pool, min));
            kafka.send(Topics.METRICS_CPU, pool, cpu(pool, min, cpu));
        });
        ScaleDecision published = awaitDecision(pool, d -> d.id().equals(moved.id()), Duration.ofSeconds(60));
        assertThat(published.desiredReplicas(), is(desired));
        assertThat(published.reason(), is(reason));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
