package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.inState;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Scale the demo app 0 → 10 and print how long until every instance is RUNNING. Asserts nothing timed. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PoolNetwork.class)
class ProvisionerBenchmark {
    private static final int INSTANCES = 10;
    private static String pool;

    @Test
    void scaleZeroToTen() {
        pool = Pools.uniquePool();
        Pools.create(Pools.spec(pool, PoolNetwork.name, 0, INSTANCES));
        await().atMost(Pools.TIMEOUT).until(() -> Pools.membership(pool) != null);

        long start = System.nanoTime();
        Pools.decide(pool, INSTANCES, false);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> inState(pool, State.RUNNING), hasSize(INSTANCES));
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("%nProvisionerBenchmark: 0 -> %d demo-app containers RUNNING in %d ms (%.2f s)%n%n",
                INSTANCES, ms, ms / 1000.0);
    }

    @AfterAll
    static void cleanUp() {
        if (pool != null) {
            Pools.removeAll(pool);
        }
    }
}
