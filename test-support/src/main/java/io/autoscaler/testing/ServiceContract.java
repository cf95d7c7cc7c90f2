package io.autoscaler.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.service.PoolCatalog;

/**
 * What every service promises, whatever else it does: health with a Kafka readiness check,
 * Prometheus metrics, the pool catalog rebuilt from {@code autoscaler.pools}, and malformed records
 * sent to the dead-letter topic without stopping the channel. Each service runs it with
 * <pre>
 * {@literal @}QuarkusTest {@literal @}WithTestResource(KafkaTestResource.class)
 * class ServiceContractTest extends ServiceContract {}
 * </pre>
 */
public abstract class ServiceContract {
    protected static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    PoolCatalog catalog;

    protected KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }

    @Test
    void readinessIsUpAndChecksKafkaTopicsAndThePoolCatalog() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Kafka connection health check", "autoscaler-topics", "pool-catalog")));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().accept("text/plain").get("/q/metrics").then().statusCode(200).contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void aPoolSpecOnTheTopicReachesTheCatalogAndATombstoneRemovesIt() {
        String name = uniquePoolName();
        PoolSpec spec = PoolSpec.of(name, "autoscaler/demo-app:latest").withTimestamp(Timestamps.now());

        kafka().send(Topics.POOLS, name, spec);
        await().atMost(TIMEOUT).until(() -> catalog.pool(name).isPresent());
        assertEquals(spec, catalog.pool(name).orElseThrow());

        kafka().send(Topics.POOLS, name, null);
        await().atMost(TIMEOUT).until(() -> catalog.pool(name).isEmpty());
    }

    @Test
    void aMalformedPoolRecordGoesToTheDeadLetterTopicAndTheCatalogKeepsReading() {
        String broken = uniquePoolName();
        String good = uniquePoolName();

        kafka().sendRaw(Topics.POOLS, broken, "{\"name\": \"" + broken + "\", \"port\": \"eighty\"");
        kafka().send(Topics.POOLS, good, PoolSpec.of(good, "autoscaler/demo-app").withTimestamp(Timestamps.now()));

        ConsumerRecord<String, byte[]> rejected = kafka().await(Topics.DEAD_LETTER,
                r -> broken.equals(r.key()), TIMEOUT);
        String reason = KafkaRecords.header(rejected, "dead-letter-reason");
        assertNotNull(reason, "the dead-letter record says why");
        assertTrue(reason.contains("PoolSpec"), reason);
        assertEquals(Topics.POOLS, KafkaRecords.header(rejected, "dead-letter-topic"));
        await().atMost(TIMEOUT).until(() -> catalog.pool(good).isPresent());
        assertTrue(catalog.pool(broken).isEmpty());
    }

    protected static String uniquePoolName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
