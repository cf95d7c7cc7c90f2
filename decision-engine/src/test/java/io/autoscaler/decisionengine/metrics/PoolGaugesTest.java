package io.autoscaler.decisionengine.metrics;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Issue 15: per-pool gauges on /q/metrics follow the pool, and leave with it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PoolGaugesTest {
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void gaugesFollowAScaleOutAndDisappearWithThePool() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        awaitMetrics(line("autoscaler_pool_replicas", pool, "kind=\"current\"") + " 2.0",
                line("autoscaler_pool_replicas", pool, "kind=\"max\"") + " 6.0",
                line("autoscaler_pool_metric_target", pool, "metric=\"cpu\"") + " 50.0");

        // HAProxy's request rate as read, and its 5xx count's increase per second between two snapshots
        Instant at = Timestamps.now();
        kafka.send(Topics.METRICS_HAPROXY, pool, haproxy(pool, at, 10));
        kafka.send(Topics.METRICS_HAPROXY, pool, haproxy(pool, at.plusSeconds(2), 16));
        awaitMetrics(line("autoscaler_pool_http_rate", pool, "kind=\"requests\"") + " 12.0",
                line("autoscaler_pool_http_rate", pool, "kind=\"5xx\"") + " 3.0");

        // the spec moves one instance at a time: 2 -> 3, limited by scaleUp.policies[0] (its maxStepInstances)
        feedUntilMovedFrom(pool, 2, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90)));
        awaitMetrics(line("autoscaler_pool_replicas", pool, "kind=\"desired\"") + " 3.0",
                line("autoscaler_pool_metric_average", pool, "metric=\"cpu\"") + " 90.0",
                "autoscaler_pool_decisions_total{bound=\"none\",pool=\"" + pool + "\",type=\"SCALE\"} 1.0",
                "autoscaler_pool_decisions_total{bound=\"scaleUp.policies\",pool=\"" + pool
                        + "\",type=\"SCALE\"} 1.0");

        api().delete("/pools/" + pool).then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(not(matchesRegex("(?s).*autoscaler_pool_"
                        + "(replicas|metric_average|metric_target|decisions_total|http_rate)"
                        + "\\{[^}]*pool=\"" + pool + "\".*"))));
    }

    private static HaproxySnapshot haproxy(String pool, Instant at, long responses5xx) {
        return new HaproxySnapshot(pool, pool, at, List.of(), new HaproxySnapshot.Totals(2, 0, 12.0, responses5xx));
    }

    private static String line(String name, String pool, String tag) {
        return tag.compareTo("pool") < 0 ? name + "{" + tag + ",pool=\"" + pool + "\"}"
                : name + "{pool=\"" + pool + "\"," + tag + "}";
    }

    private static void awaitMetrics(String... lines) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var body = given().get("/q/metrics").then().statusCode(200);
            for (String l : lines) {
                body.body(containsString(l));
            }
        });
    }
}
