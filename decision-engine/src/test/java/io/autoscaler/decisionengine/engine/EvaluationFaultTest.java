package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.instanceId;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.HaproxySnapshot;
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
 * Issue 13 h: a valid HAProxy row without status once made the pool's evaluation throw; each of the
 * pool's CPU snapshots was then dead-lettered (once a second) and the timer skipped the pools after it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EvaluationFaultTest {
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void aPoolThatCouldNotBeEvaluatedKeepsItsSnapshotsAndScales() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        kafka.send(Topics.METRICS_HAPROXY, pool, new HaproxySnapshot(pool, pool, Timestamps.now(), List.of(
                new HaproxySnapshot.Server(pool + "-" + instanceId(0), instanceId(0), null, 1, 0, 1, 5, null, 1)),
                null));
        kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90));
        // a malformed record after the valid one: once it is dead-lettered, the valid one has been handled
        kafka.sendRaw(Topics.METRICS_CPU, pool, "{\"pool\": \"" + pool + "\"");
        kafka.await(Topics.DEAD_LETTER, r -> pool.equals(r.key()) && r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).endsWith("\""), Duration.ofSeconds(60));
        long rejected = kafka.readAll(Topics.DEAD_LETTER).stream().filter(r -> pool.equals(r.key())
                && Topics.METRICS_CPU.equals(KafkaRecords.header(r, "dead-letter-topic"))).count();
        assertThat("only the malformed record is dead-lettered, not the valid snapshot", rejected, is(1L));

        ScaleDecision up = feedUntilMovedFrom(pool, 2, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90)));
        assertThat(up.reason(), containsString("cpu 90.0%"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
