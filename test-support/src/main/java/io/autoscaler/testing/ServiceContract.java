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

    /**
     * Issue 11: records valid as JSON but not by the API's rules. A nameless spec once threw in every
     * service and took readiness down; a spec under another pool's key, or one that would put an
     * existing pool on the host's network without limits, must change nothing.
     */
    @Test
    void poolRecordsThatBreakTheRulesAreDeadLetteredAndChangeNothing() {
        String nameless = uniquePoolName();
        String misnamed = uniquePoolName();
        String other = uniquePoolName();
        String existing = uniquePoolName();
        PoolSpec valid = PoolSpec.of(existing, "autoscaler/demo-app:latest").withTimestamp(Timestamps.now());
        kafka().send(Topics.POOLS, existing, valid);
        await().atMost(TIMEOUT).until(() -> catalog.pool(existing).isPresent());

        kafka().sendRaw(Topics.POOLS, nameless, "{\"image\":\"autoscaler/demo-app:latest\"}");
        kafka().send(Topics.POOLS, misnamed, PoolSpec.of(other, "autoscaler/demo-app:latest"));
        kafka().sendRaw(Topics.POOLS, existing, "{\"name\": \"" + existing + "\", \"image\": \"autoscaler/demo-app\", "
                + "\"network\": \"host\", \"resources\": {\"cpus\": 0, \"memoryMb\": 0}}");

        assertTrue(deadLetterReason(nameless).contains("name: is required"));
        assertTrue(deadLetterReason(misnamed).contains("must equal the record key"));
        String forged = deadLetterReason(existing);
        assertTrue(forged.contains("network") && forged.contains("resources.cpus") && forged.contains("resources.memoryMb"),
                forged);
        String after = uniquePoolName();
        kafka().send(Topics.POOLS, after, PoolSpec.of(after, "autoscaler/demo-app").withTimestamp(Timestamps.now()));
        await().atMost(TIMEOUT).until(() -> catalog.pool(after).isPresent());
        assertEquals(valid, catalog.pool(existing).orElseThrow(), "the previous valid spec stays in effect");
        assertTrue(catalog.pool(misnamed).isEmpty() && catalog.pool(other).isEmpty() && catalog.pool(nameless).isEmpty());
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private String deadLetterReason(String key) {
        ConsumerRecord<String, byte[]> rejected = kafka().await(Topics.DEAD_LETTER,
                r -> key.equals(r.key()) && Topics.POOLS.equals(KafkaRecords.header(r, "dead-letter-topic")), TIMEOUT);
        return KafkaRecords.header(rejected, "dead-letter-reason");
    }

    protected static String uniquePoolName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
