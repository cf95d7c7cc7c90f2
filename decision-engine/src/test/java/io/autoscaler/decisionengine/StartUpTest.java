package io.autoscaler.decisionengine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An engine started on topics that already hold state, and with a seed file. One of the
 * seeded pools is already on the topic with another definition (as if changed through the API): that
 * one must stay. Another pool already has a decision and three idle instances: the engine takes the
 * decision back and does not scale in during its first scale-down window.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(StartUpTest.SeedFile.class)
class StartUpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void seedsMissingPoolsKeepsExistingOnesAndSkipsInvalidOnes() {
        // read at run time: the other test classes of this application do not have these properties
        String fresh = ConfigProvider.getConfig().getValue("test.seed.fresh", String.class);
        String kept = ConfigProvider.getConfig().getValue("test.seed.kept", String.class);
        String bad = ConfigProvider.getConfig().getValue("test.seed.bad", String.class);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/pools/" + fresh).then().statusCode(200)
                .body("spec.maxReplicas", is(3)).body("spec.policy.scaleDown.stabilizationMs", is(30000)));
        given().get("/pools/" + kept).then().statusCode(200).body("spec.maxReplicas", is(7));
        given().get("/pools/" + bad).then().statusCode(404);
    }

    @Test
    void theLastDecisionComesBackAndScaleInWaitsOneWindowAfterStart() {
        String pool = ConfigProvider.getConfig().getValue("test.recovered.pool", String.class);
        String decisionId = ConfigProvider.getConfig().getValue("test.recovered.decision", String.class);
        Instant beforeStart = Instant.parse(ConfigProvider.getConfig().getValue("test.started", String.class));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/pools/" + pool).then().statusCode(200)
                .body("status.desiredReplicas", is(3)).body("status.lastDecision.id", is(decisionId)));

        ScaleDecision in = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            KafkaBroker.shared().records().send(Topics.METRICS_CPU, pool, Fixtures.cpu(pool, 3, 10));
            return lastDecision(pool);
        }, d -> !d.id().toString().equals(decisionId));
        assertThat(in.desiredReplicas(), is(1));
        assertThat("no scale-in in the first 20 s window after start",
                in.timestamp().isBefore(beforeStart.plusSeconds(20)), is(false));
        assertThat(KafkaBroker.shared().records().readAll(Topics.SCALE_EVENTS).stream()
                .filter(r -> pool.equals(r.key())).count(), is(2L));
    }

    /** Issue 13 e: a pool deleted (its decisions tombstoned) and created again before the restart starts clean. */
    @Test
    void aPoolCreatedAgainAfterItsDecisionsWereTombstonedStartsAtMinReplicas() throws Exception {
        String pool = ConfigProvider.getConfig().getValue("test.recreated.pool", String.class);
        String oldDecision = ConfigProvider.getConfig().getValue("test.recreated.decision", String.class);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/pools/" + pool).then().statusCode(200)
                .body("status.desiredReplicas", is(1))
                .body("status.lastDecision.reason", containsString("pool created")));
        assertThat(lastDecision(pool).id().toString().equals(oldDecision), is(false));
    }

    private static ScaleDecision lastDecision(String pool) throws Exception {
        String json = given().get("/pools/" + pool).then().statusCode(200).extract().asString();
        return EventJson.decode(EventJson.mapper().readTree(json).path("status").path("lastDecision").toString(),
                ScaleDecision.class);
    }

    /** Writes the seed file and puts the "kept" pool on the topic before the engine starts. */
    public static class SeedFile implements QuarkusTestResourceLifecycleManager {
        private Path file;

        @Override
        public Map<String, String> start() {
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String fresh = "seed-fresh-" + suffix;
            String kept = "seed-kept-" + suffix;
            String bad = "seed-bad-" + suffix;
            Instant started = Timestamps.now();
            KafkaBroker.shared().records().send(Topics.POOLS, kept,
                    PoolSpec.of(kept, "autoscaler/demo-app").withReplicas(1, 7).withTimestamp(Timestamps.now()));
            String recovered = "recovered-" + suffix;
            PoolSpec.Rules down = new PoolSpec.Rules(20_000L, 5, 100, 0L);
            KafkaBroker.shared().records().send(Topics.POOLS, recovered, PoolSpec.of(recovered, "autoscaler/demo-app")
                    .withReplicas(1, 6).withPolicy(new PoolSpec.Policy(null, null, null, null, null, down, 0L))
                    .withTimestamp(Timestamps.now()));
            ScaleDecision decided = new ScaleDecision(UUID.randomUUID(), recovered, ScaleDecision.Type.SCALE, 2, 3,
                    null, "before the restart", Map.of(), false, Timestamps.now().minusSeconds(3600));
            KafkaBroker.shared().records().send(Topics.SCALE_EVENTS, recovered, decided);
            KafkaBroker.shared().records().send(Topics.MEMBERSHIP, recovered, Fixtures.running(recovered, 3));
            // deleted (the pool and its decisions tombstoned), then created again: its old decision is gone
            String recreated = "recreated-" + suffix;
            ScaleDecision old = new ScaleDecision(UUID.randomUUID(), recreated, ScaleDecision.Type.SCALE, 4, 5, null,
                    "before the deletion", Map.of(), false, Timestamps.now().minusSeconds(60));
            KafkaBroker.shared().records().send(Topics.SCALE_EVENTS, recreated, old);
            KafkaBroker.shared().records().send(Topics.SCALE_EVENTS, recreated, null);
            KafkaBroker.shared().records().send(Topics.POOLS, recreated,
                    PoolSpec.of(recreated, "autoscaler/demo-app").withReplicas(1, 6).withTimestamp(Timestamps.now()));
            try {
                file = Files.createTempFile("pools", ".yaml");
                Files.writeString(file, """
                        pools:
                          - name: %s
                            image: autoscaler/demo-app:latest
                            minReplicas: 1
                            maxReplicas: 3
                            policy:
                              type: target-tracking
                              metrics:
                                - name: cpu
                                  target: 50
                              scaleDown: {stabilizationMs: 30000}
                          - name: %s
                            image: autoscaler/demo-app:latest
                            maxReplicas: 2
                          - name: %s
                            image: nginx:latest
                          - image: autoscaler/demo-app:latest
                        """.formatted(fresh, kept, bad));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("autoscaler.pools.seed-file", file.toString(),
                    "test.seed.fresh", fresh, "test.seed.kept", kept, "test.seed.bad", bad,
                    "test.recovered.pool", recovered, "test.recovered.decision", decided.id().toString(),
                    "test.started", started.toString(), "test.recreated.pool", recreated,
                    "test.recreated.decision", old.id().toString());
        }

        @Override
        public void stop() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
