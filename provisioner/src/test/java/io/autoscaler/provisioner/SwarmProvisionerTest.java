package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.TIMEOUT;
import static io.autoscaler.provisioner.Pools.inState;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesRegex;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Service;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.KafkaTestResource;
import io.autoscaler.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The whole provisioner with placement {@code swarm} on a private two-node cluster ({@link SwarmCluster}):
 * the same lifecycle as on one engine, each instance a single-replica service, probed on its overlay
 * address until RUNNING, drained before it goes. The pool is constrained to the manager, whose instances
 * the test JVM reaches on the overlay (the provisioner is on the overlay in a real cluster).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SwarmCluster.class)
class SwarmProvisionerTest {
    @Test
    void aPoolScalesUpToRunningServicesAndDownThroughTheDrainHandshake() {
        String pool = Pools.uniquePool();
        Pools.create(spec(pool));
        Pools.decide(pool, 2, false);

        List<PoolMembership.Instance> up = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(2));
        Map<String, Service> services = services(pool);
        for (PoolMembership.Instance instance : up) {
            Service service = services.get(instance.containerId());
            assertThat("a service per instance: " + services.keySet(), service == null, is(false));
            assertThat(service.getSpec().getName(), is(Naming.serverName(pool, instance.instanceId())));
            assertThat(service.getSpec().getMode().getReplicated().getReplicas(), is(1L));
            assertThat(instance.host(), matchesRegex("10\\.213\\.10\\.\\d{1,3}"));
        }

        Pools.decide(pool, 1, false);
        PoolMembership.Instance draining = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.DRAINING), hasSize(1)).get(0);
        assertThat("still running until drained", services(pool).keySet(), hasSize(2));
        Pools.drained(pool, draining.instanceId());
        String kept = up.stream().map(PoolMembership.Instance::containerId)
                .filter(id -> !id.equals(draining.containerId())).findFirst().orElseThrow();
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> services(pool).keySet(),
                is(Set.of(kept)));
        assertThat(inState(pool, State.RUNNING).stream().map(PoolMembership.Instance::containerId).toList(),
                is(List.of(kept)));

        Pools.kafka().send(Topics.POOLS, pool, null);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> services(pool).keySet(), empty());
    }

    private static Map<String, Service> services(String pool) {
        return SwarmCluster.swarm.manager().client().listServicesCmd()
                .withLabelFilter(Map.of(Naming.LABEL_POOL, pool)).exec().stream()
                .collect(Collectors.toMap(Service::getId, s -> s));
    }

    private static PoolSpec spec(String pool) {
        return new PoolSpec(pool, TestImages.demoApp().asCanonicalNameString(), 8080, Map.of("APP_MESSAGE", "hello"),
                PrivateSwarm.DATA_NETWORK, null, 0, 3, new PoolSpec.HealthCheck("/health", 1000, 2, 2, 30_000L, 5_000L),
                null, new PoolSpec.Drain(2_000L), new PoolSpec.Resources(0.5, 128), false, Timestamps.now(), null, null,
                null, null, null, null, new PoolSpec.Placement(List.of("node.role==manager"), List.of()));
    }
}
