package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 14, scheduled scaling through Kafka: an action firing every minute sets min and desired; each
 * occurrence leaves exactly one decision on {@code autoscaler.scale-events}, and the pool's status shows
 * the bounds in force and the next occurrence.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ScheduledScalingTest {
    private static final String SCHEDULE = """
            "schedule": [{"name": "every-minute", "cron": "* * * * *", "timeZone": "Europe/Berlin",
                          "minReplicas": 2, "desiredReplicas": 4}],
            """;

    @Test
    void eachOccurrenceSetsTheBoundsAndTheDesiredCountOnce() throws Exception {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(1, 6).replaceFirst("\\{", "{" + SCHEDULE))
                .put("/pools/" + pool).then().statusCode(201);
        ScaleDecision created = awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        assertThat(created.reason(), is("pool created: minReplicas 2, as schedule 'every-minute' set it"));

        List<ScaleDecision> fired = KafkaBroker.shared().records().awaitCount(Topics.SCALE_EVENTS,
                r -> pool.equals(r.key()) && r.value() != null && decision(r.value()).reason().startsWith("schedule"), 2,
                Duration.ofSeconds(150)).stream().map(r -> decision(r.value())).toList();
        assertThat(fired.get(0).reason(), is("schedule 'every-minute' set min 2, desired 4: 2 → 4"));
        assertThat(fired.get(1).reason(), is("schedule 'every-minute' set min 2, desired 4: desired stays 4"));
        // one decision per occurrence: the second is a minute later, not a repeat of the first
        assertThat(minute(fired.get(1)), not(minute(fired.get(0))));

        String status = given().get("/pools/" + pool).then().statusCode(200)
                .body("status.desiredReplicas", is(4))
                .body("status.schedule.minReplicas", is(2)).body("status.schedule.maxReplicas", is(6))
                .body("status.schedule.minSetBy", is("every-minute"))
                .body("status.schedule.next.action", is("every-minute")).extract().path("status.schedule.next.at");
        assertThat(Instant.parse(status).isAfter(fired.get(1).timestamp()), is(true));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    private static ScaleDecision decision(byte[] json) {
        return EventJson.decode(json, ScaleDecision.class);
    }

    private static Instant minute(ScaleDecision decision) {
        return decision.timestamp().truncatedTo(ChronoUnit.MINUTES);
    }
}
