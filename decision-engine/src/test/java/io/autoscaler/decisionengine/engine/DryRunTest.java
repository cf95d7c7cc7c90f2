package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Issue 13 d: dry-run decisions change nothing that runs, so turning dry run off sends the current count for real. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DryRunTest {
    @Test
    void turningDryRunOffSendsARealDecisionForTheCurrentRecommendation() {
        String pool = uniquePool();
        String dry = spec(2, 6).replaceFirst("\\{", "{\"dryRun\": true, ");
        api().contentType(ContentType.JSON).body(dry).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        KafkaBroker.shared().records().send(Topics.MEMBERSHIP, pool, running(pool, 2));
        ScaleDecision dryUp = feedUntilMovedFrom(pool, 2,
                () -> KafkaBroker.shared().records().send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90)));
        assertThat(dryUp.dryRun(), is(true));
        assertThat(dryUp.desiredReplicas(), is(3));

        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(200);
        ScaleDecision real = awaitDecision(pool, d -> !d.dryRun() && d.desiredReplicas() == 3, Duration.ofSeconds(20));
        assertThat(real.reason(), containsString("dry run ended"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
