package io.autoscaler.decisionengine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.restassured.specification.RequestSpecification;

/** Pools, memberships and snapshots for the tests that go through Kafka. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The API token of the test profile ({@code %test.autoscaler.api.token}). */
    public static final String TOKEN = "test-api-token-0123456789";

    /** A request carrying the test token, as every write needs. */
    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    public static String uniquePool() {
        return "de-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A CPU-target pool whose scale-ups move one instance at a time and then rest for a minute, and
     * whose scale-ins wait a 3 s stabilization window.
     */
    public static String spec(int min, int max) {
        return """
                {"image": "autoscaler/demo-app:latest", "minReplicas": %d, "maxReplicas": %d,
                 "policy": {"type": "target-tracking", "metrics": [{"name": "cpu", "target": 50}], "tolerance": 0.1,
                            "scaleUp": {"stabilizationMs": 0, "maxStepInstances": 1, "maxStepPercent": 10, "cooldownMs": 60000},
                            "scaleDown": {"stabilizationMs": 3000, "maxStepInstances": 5, "maxStepPercent": 100, "cooldownMs": 0},
                            "warmupMs": 0}}
                """.formatted(min, max);
    }

    /** {@code count} instances RUNNING for an hour, ids {@code <prefix>000001}... */
    public static PoolMembership running(String pool, int count) {
        List<PoolMembership.Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(new PoolMembership.Instance(instanceId(i), String.format("%012x", i), "127.0.0." + (i + 2),
                    8080, PoolMembership.State.RUNNING, Timestamps.now().minus(Duration.ofHours(1))));
        }
        return new PoolMembership(pool, System.nanoTime(), count, instances, Timestamps.now());
    }

    public static CpuSnapshot cpu(String pool, int count, double percent) {
        return cpu(pool, count, percent, Timestamps.now());
    }

    public static CpuSnapshot cpu(String pool, int count, double percent, Instant at) {
        List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(new CpuSnapshot.InstanceCpu(instanceId(i), String.format("%012x", i), percent, 64L << 20));
        }
        return new CpuSnapshot(pool, at, values);
    }

    /** The pool's last decision as GET /pools/{name} shows it; null before the first. */
    public static ScaleDecision lastDecision(String pool) throws IOException {
        String json = given().get("/pools/" + pool).then().statusCode(200).extract().asString();
        var node = EventJson.mapper().readTree(json).path("status").path("lastDecision");
        return node.isMissingNode() || node.isNull() ? null : EventJson.decode(node.toString(), ScaleDecision.class);
    }

    /** Feeds snapshots every half second until the engine decides, other than at creation, a count other than {@code from}. */
    public static ScaleDecision feedUntilMovedFrom(String pool, int from, Runnable feed) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            feed.run();
            return lastDecision(pool);
        }, d -> d != null && d.desiredReplicas() != from && !d.reason().contains("pool created"));
    }

    /** The first decision about {@code pool} on autoscaler.scale-events that matches. */
    public static ScaleDecision awaitDecision(String pool, Predicate<ScaleDecision> matching, Duration timeout) {
        return KafkaBroker.shared().records().awaitEvent(Topics.SCALE_EVENTS, ScaleDecision.class,
                d -> d.pool().equals(pool) && matching.test(d), timeout);
    }

    public static String instanceId(int i) {
        return String.format("%08x", 0xa0000000L + i);
    }
}
