package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.autoscaler.testing.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The engine on a broker of its own, which the test stops: every write then answers 503 within the
 * bound (1 s here: at most 2 s for the producer, plus a margin), with Retry-After, and changes nothing.
 */
@QuarkusTest
@WithTestResource(KafkaDownTest.OwnBroker.class)
class KafkaDownTest {
    private static final Duration BOUND = Duration.ofSeconds(4);

    @Test
    void writesAnswer503QuicklyWithRetryAfterAndChangeNothingWhileKafkaIsDown() {
        String pool = uniquePool();
        // A fresh broker under a loaded CI host can take longer than this test's 1 s bound for its first
        // write; PUT is idempotent, so repeat it until the pool exists before taking Kafka away.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> api()
                .contentType(ContentType.JSON).body(spec(1, 3)).put("/pools/" + pool).statusCode() / 100 == 2);
        given().get("/pools/" + pool).then().statusCode(200).body("spec.maxReplicas", is(3));

        OwnBroker.broker.container().stop();

        unavailable(() -> api().contentType(ContentType.JSON).body(spec(1, 5)).put("/pools/" + pool).then());
        given().get("/pools/" + pool).then().statusCode(200).body("spec.maxReplicas", is(3));

        String other = uniquePool();
        unavailable(() -> api().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + other).then());
        given().get("/pools/" + other).then().statusCode(404);

        unavailable(() -> api().delete("/pools/" + pool).then());
        given().get("/pools/" + pool).then().statusCode(200).body("spec.maxReplicas", is(3));
    }

    private static void unavailable(Supplier<ValidatableResponse> write) {
        long start = System.nanoTime();
        ValidatableResponse answer = write.get();
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        answer.statusCode(503).header("Retry-After", "1").body("errors[0].field", is("kafka"))
                .body("errors[0].reason", containsString("nothing was changed"));
        assertThat("answered within the bound", tookMs, lessThan(BOUND.toMillis()));
    }

    /** Starts the broker this class stops; stops it at the end if the test did not. */
    public static class OwnBroker implements QuarkusTestResourceLifecycleManager {
        static KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = KafkaBroker.start(null);
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            broker.security("decision-engine").clientProperties().forEach((k, v) -> config.put("kafka." + k, v));
            config.put("autoscaler.api.kafka-timeout-ms", "1000");
            return config;
        }

        @Override
        public void stop() {
            if (broker != null && broker.container().isRunning()) {
                broker.container().stop();
            }
        }
    }
}
