package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Issue 13 e: a deleted pool's decisions are tombstoned; created again under its name, it starts at minReplicas. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeletedPoolTest {
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void aDeletedPoolIsTombstonedAndStartsCleanWhenCreatedAgain() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        feedUntilMovedFrom(pool, 2, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90)));

        api().delete("/pools/" + pool).then().statusCode(204);
        kafka.await(Topics.SCALE_EVENTS, r -> pool.equals(r.key()) && r.value() == null, Duration.ofSeconds(20));

        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/pools/" + pool).then()
                .body("status.desiredReplicas", is(2)).body("status.lastDecision.reason", containsString("pool created")));
        List<ScaleDecision> created = kafka.readAll(Topics.SCALE_EVENTS).stream()
                .filter(r -> pool.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), ScaleDecision.class))
                .filter(d -> d.reason().contains("pool created")).toList();
        assertThat("a second pool created decision", created.size(), is(2));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
