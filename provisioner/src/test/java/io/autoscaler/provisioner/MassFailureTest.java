package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.DOCKER;
import static io.autoscaler.provisioner.Pools.TIMEOUT;
import static io.autoscaler.provisioner.Pools.inState;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 13 c: every instance of a pool dies at once (what a Docker engine restart does; a real engine
 * restart is impossible on a test machine's shared engine, so the test kills the pool's own containers).
 * With the production backoff (2 s doubling), counting those deaths as failed launches held the pool
 * empty for 2 s * 2^3 = 16 s; the deaths of healthy instances do not back off.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PoolNetwork.class)
@TestProfile(MassFailureTest.ProductionBackoff.class)
class MassFailureTest {
    private static final int INSTANCES = 4;
    private String pool;

    public static class ProductionBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("autoscaler.provisioner.backoff.first", "2s", "autoscaler.provisioner.backoff.max", "60s");
        }
    }

    @AfterEach
    void removeThePool() {
        if (pool != null) {
            Pools.removeAll(pool);
        }
    }

    @Test
    void aPoolWhoseInstancesAllDieAtOnceIsBackAtItsDesiredCountWithin15Seconds() {
        pool = Pools.uniquePool();
        Pools.create(Pools.spec(pool, PoolNetwork.name, INSTANCES, INSTANCES));
        Set<String> before = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(INSTANCES)).stream()
                .map(PoolMembership.Instance::instanceId).collect(Collectors.toSet());

        List<Container> victims = Pools.running(pool);
        victims.parallelStream().forEach(c -> DOCKER.killContainerCmd(c.getId()).exec());

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> inState(pool, State.RUNNING).stream().map(PoolMembership.Instance::instanceId)
                        .filter(id -> !before.contains(id)).toList(), hasSize(INSTANCES));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> Pools.running(pool).stream()
                .map(Pools::instanceOf).filter(before::contains).toList(), empty());
    }
}
