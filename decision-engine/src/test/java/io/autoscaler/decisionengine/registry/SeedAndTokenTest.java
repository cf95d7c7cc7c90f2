package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An engine started with a seed file and an API token. Before it starts, one of the seeded pools is
 * already on the topic with another definition (as if changed through the API): that one must stay.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SeedAndTokenTest.SeedFile.class)
class SeedAndTokenTest {
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
    void writesNeedTheBearerToken() {
        String pool = io.autoscaler.decisionengine.Fixtures.uniquePool();
        given().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + pool).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("errors[0].field", is("Authorization"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong").body(spec(1, 2))
                .put("/pools/" + pool).then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret").body(spec(1, 2))
                .put("/pools/" + pool).then().statusCode(201);
        given().get("/pools/" + pool).then().statusCode(200);
        given().delete("/pools/" + pool).then().statusCode(401);
        given().header("Authorization", "Bearer s3cret").delete("/pools/" + pool).then().statusCode(204);
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
            KafkaBroker.shared().records().send(Topics.POOLS, kept,
                    PoolSpec.of(kept, "autoscaler/demo-app").withReplicas(1, 7).withTimestamp(Timestamps.now()));
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
            return Map.of("autoscaler.pools.seed-file", file.toString(), "autoscaler.api.token", "s3cret",
                    "test.seed.fresh", fresh, "test.seed.kept", kept, "test.seed.bad", bad);
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
