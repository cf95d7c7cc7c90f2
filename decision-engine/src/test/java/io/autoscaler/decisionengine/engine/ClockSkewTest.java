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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.autoscaler.events.PoolMembership;
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
 * Issue 13 g: the collector's and the provisioner's clocks 30 s behind or ahead of the engine's. Snapshots
 * 30 s "old" were stale on arrival; instances that started "in the future" stayed in warmup. The pool scales.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ClockSkewTest {
    private final KafkaRecords kafka = KafkaBroker.shared().records();

    @ParameterizedTest(name = "other clocks {0} s off")
    @ValueSource(longs = {-30, 30})
    void poolsScaleWhateverTheOtherServicesClocksSay(long skew) {
        String pool = uniquePool();
        String spec = spec(2, 6).replace("\"warmupMs\": 0", "\"warmupMs\": 10000");
        api().contentType(ContentType.JSON).body(spec).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        // on the provisioner's clock each instance started 15 s, past its 10 s warmup, before it published
        Instant theirNow = Timestamps.now().plusSeconds(skew);
        List<PoolMembership.Instance> instances = running(pool, 2).instances().stream()
                .map(i -> new PoolMembership.Instance(i.instanceId(), i.containerId(), i.host(), i.port(), i.state(),
                        theirNow.minusSeconds(15)))
                .toList();
        kafka.send(Topics.MEMBERSHIP, pool, new PoolMembership(pool, 1, 2, instances, theirNow));

        ScaleDecision up = feedUntilMovedFrom(pool, 2,
                () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 2, 90, Timestamps.now().plusSeconds(skew))));
        assertThat(up.reason(), containsString("cpu 90.0% vs target 50% → 4"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }
}
