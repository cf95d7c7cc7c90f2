package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.lastDecision;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 14: HPA's per-period rate limit end to end. A pool whose instances keep at twice their CPU
 * target asks to double at each evaluation; a budget of 2 instances per 5 s, counted from the count
 * at the period's start, lets it go 1 → 2 → 3 and no further until the first change leaves the period.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RateLimitThroughKafkaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void aScaleUpBudgetCountsFromTheCountAtThePeriodsStart() {
        String pool = uniquePool();
        String spec = """
                {"image": "autoscaler/demo-app:latest", "minReplicas": 1, "maxReplicas": 10,
                 "policy": {"metrics": [{"name": "cpu", "target": 50}], "warmupMs": 0,
                            "scaleUp": {"stabilizationMs": 0, "selectPolicy": "Max",
                                        "policies": [{"type": "Pods", "value": 2, "periodMs": 5000}]}}}
                """;
        api().contentType(ContentType.JSON).body(spec).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), TIMEOUT);

        // the pool's instances follow its desired count and all run at 100 %: each evaluation asks for twice as many
        ScaleDecision four = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            ScaleDecision last = lastDecision(pool);
            int instances = last == null ? 1 : last.desiredReplicas();
            kafka.send(Topics.MEMBERSHIP, pool, running(pool, instances));
            kafka.send(Topics.METRICS_CPU, pool, cpu(pool, instances, 100));
            return lastDecision(pool);
        }, d -> d != null && d.desiredReplicas() >= 4);

        ScaleDecision two = awaitDecision(pool, d -> d.desiredReplicas() == 2, TIMEOUT);
        ScaleDecision three = awaitDecision(pool, d -> d.desiredReplicas() == 3, TIMEOUT);
        assertThat(two.reason(), containsString("cpu 100.0% vs target 50% → 2"));
        assertThat(three.reason(), containsString("cpu 100.0% vs target 50% → 4; "
                + "limited by scaleUp.policies[0] (Pods 2 per 5000 ms from 1 at the period's start)"));
        assertThat(four.reason(), containsString("limited by scaleUp.policies[0] (Pods 2 per 5000 ms from"));
        assertThat("3 → 4 waits until 1 → 2 leaves the 5 s period",
                Duration.between(two.timestamp(), four.timestamp()).toMillis(), greaterThanOrEqualTo(5_000L));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
