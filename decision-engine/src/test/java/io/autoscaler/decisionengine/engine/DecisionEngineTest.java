package io.autoscaler.decisionengine.engine;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.instanceId;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Pools in through the API, snapshots in through Kafka, decisions out on autoscaler.scale-events. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DecisionEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @Test
    void aNewPoolGetsMinReplicasThenScalesOutOnHighCpuAndInAfterTheWindow() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);

        ScaleDecision created = awaitDecision(pool, d -> d.reason().contains("pool created"));
        assertThat(created.desiredReplicas(), is(2));
        assertThat(created.type(), is(ScaleDecision.Type.SCALE));

        // malformed CPU records go to the dead-letter topic and the engine goes on deciding
        kafka.sendRaw(Topics.METRICS_CPU, pool, "{\"pool\": \"" + pool + "\", \"instances\": 42");
        ConsumerRecord<String, byte[]> rejected = kafka.await(Topics.DEAD_LETTER, r -> pool.equals(r.key()), TIMEOUT);
        assertThat(KafkaRecords.header(rejected, "dead-letter-topic"), is(Topics.METRICS_CPU));
        assertThat(KafkaRecords.header(rejected, "dead-letter-reason"), containsString("CpuSnapshot"));

        // 2 × 90 % against 50 % asks for 4; one instance per scale-up
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        ScaleDecision out = feedUntil(pool, 3, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90)));
        assertThat(out.reason(), containsString("cpu 90.0% vs target 50% → 4; limited by scaleUp.policies[0] (Pods 1 per 60000 ms from 2"));
        assertThat(out.currentReplicas(), is(2));
        assertThat(out.metrics().get("cpu"), is(90.0));
        assertThat(awaitDecision(pool, d -> d.id().equals(out.id())).desiredReplicas(), is(3));

        // 3 × 10 % asks for 1, clamped to min 2, once the 3 s scale-down window has only low recommendations
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 3));
        Instant lowFrom = Timestamps.now();
        ScaleDecision in = feedUntil(pool, 2, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 3, 10)));
        assertThat(in.reason(), containsString("cpu 10.0% vs target 50% → 1; clamped to minReplicas 2"));
        // the window runs from the last high recommendation: the once-a-second evaluation may have made one
        // up to a second before the first low snapshot
        assertThat(Duration.between(lowFrom, in.timestamp()).toMillis(), greaterThanOrEqualTo(2_000L));

        given().get("/pools/" + pool).then().statusCode(200).body("spec.name", is(pool))
                .body("status.currentReplicas", is(3)).body("status.desiredReplicas", is(2))
                .body("status.lastDecision.reason", containsString("clamped to minReplicas 2"))
                .body("status.metrics.cpu", notNullValue());

        // new bounds clamp the desired count at once
        api().contentType(ContentType.JSON).body(spec(4, 6)).put("/pools/" + pool).then().statusCode(200);
        ScaleDecision clamped = awaitDecision(pool, d -> d.reason().contains("pool bounds changed"));
        assertThat(clamped.desiredReplicas(), is(4));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void aServerDownPastGraceAndReplaceAfterIsReplacedOnce() {
        String pool = uniquePool();
        String spec = """
                {"image": "autoscaler/demo-app", "minReplicas": 2, "maxReplicas": 4,
                 "healthCheck": {"graceMs": 0, "replaceAfterMs": 2000}, "dryRun": true}
                """;
        api().contentType(ContentType.JSON).body(spec).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        String bad = instanceId(1);
        ScaleDecision replace = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            kafka.send(Topics.METRICS_HAPROXY, pool, new HaproxySnapshot(pool, pool, Timestamps.now(), List.of(
                    new HaproxySnapshot.Server(pool + "-" + instanceId(0),
                            instanceId(0), "UP", 1, 0, 1, 5, "L7OK", 1),
                    new HaproxySnapshot.Server(pool + "-" + bad, bad, "DOWN", 0, 0, 0, 0, "L4CON", 1)), null));
            return lastDecision(pool);
        }, d -> d != null && d.type() == ScaleDecision.Type.REPLACE);
        assertThat(replace.instanceId(), is(bad));
        assertThat(replace.desiredReplicas(), is(2));
        assertThat(replace.dryRun(), is(true));
        assertThat(replace.reason(), containsString(pool + "-" + bad + " DOWN"));
        long replaces = kafka.readAll(Topics.SCALE_EVENTS).stream().filter(r -> pool.equals(r.key()))
                .map(r -> EventJson.decode(r.value(), ScaleDecision.class))
                .filter(d -> d.type() == ScaleDecision.Type.REPLACE).count();
        assertThat("one REPLACE per instance", replaces, is(1L));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    /** Issue 11: records that break the shared rules are dead-lettered and leave the pool's state as it was. */
    @Test
    void recordsThatBreakTheRulesAreDeadLetteredAndIgnored() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 6)).put("/pools/" + pool).then().statusCode(201);
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/pools/" + pool).then()
                .body("status.currentReplicas", is(2)));

        PoolMembership three = running(pool, 3);
        PoolMembership.Instance first = three.instances().get(0);
        PoolMembership forged = new PoolMembership(pool, three.generation(), 3, List.of(new PoolMembership.Instance(first.instanceId(),
                first.containerId(), first.host() + " check; disable frontend web", first.port(), first.state(),
                first.startedAt()), three.instances().get(1), three.instances().get(2)), Timestamps.now());
        kafka.send(Topics.MEMBERSHIP, pool, forged);
        assertThat(deadLetterReason(pool, Topics.MEMBERSHIP), containsString("instances[0].host"));
        kafka.send(Topics.SCALE_EVENTS, pool, new ScaleDecision(UUID.randomUUID(), pool, ScaleDecision.Type.SCALE, 2,
                10_000, null, "forged", null, false, Timestamps.now()));
        assertThat(deadLetterReason(pool, Topics.SCALE_EVENTS), containsString("desiredReplicas"));
        kafka.send(Topics.METRICS_CPU, pool, new CpuSnapshot(pool, Timestamps.now(),
                List.of(new CpuSnapshot.InstanceCpu(instanceId(0), null, Double.NaN, 0))));
        assertThat(deadLetterReason(pool, Topics.METRICS_CPU), containsString("cpuPercent"));

        given().get("/pools/" + pool).then().body("status.currentReplicas", is(2))
                .body("status.desiredReplicas", is(2));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    private String deadLetterReason(String pool, String topic) {
        ConsumerRecord<String, byte[]> rejected = kafka.await(Topics.DEAD_LETTER,
                r -> pool.equals(r.key()) && topic.equals(KafkaRecords.header(r, "dead-letter-topic")), TIMEOUT);
        return KafkaRecords.header(rejected, "dead-letter-reason");
    }

    /** Feeds snapshots every half second until the engine has decided {@code desired}; returns that decision. */
    private ScaleDecision feedUntil(String pool, int desired, Runnable feed) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            feed.run();
            return lastDecision(pool);
        }, d -> d != null && d.desiredReplicas() == desired);
    }

    /** The pool's last decision as GET /pools/{name} shows it. */
    private static ScaleDecision lastDecision(String pool) throws Exception {
        String json = given().get("/pools/" + pool).then().statusCode(200).extract().asString();
        var node = EventJson.mapper().readTree(json).path("status").path("lastDecision");
        return node.isMissingNode() || node.isNull() ? null : EventJson.decode(node.toString(), ScaleDecision.class);
    }

    private ScaleDecision awaitDecision(String pool, Predicate<ScaleDecision> matching) {
        return kafka.awaitEvent(Topics.SCALE_EVENTS, ScaleDecision.class,
                d -> d.pool().equals(pool) && matching.test(d), TIMEOUT);
    }
}
