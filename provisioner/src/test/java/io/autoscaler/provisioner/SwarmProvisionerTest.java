package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.TIMEOUT;
import static io.autoscaler.provisioner.Pools.inState;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesRegex;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;

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
 * address until RUNNING (the test JVM reaches both nodes' instances on the overlay, as the provisioner does
 * from inside it in a real cluster), drained before it goes, and replaced on the manager when the worker is lost.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SwarmCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmProvisionerTest {
    @Test
    @Order(1)
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

    /**
     * Issue 17's node loss, as the provisioner sees it: a pool spread over both nodes, the worker's engine
     * stopped (its instances die in the provisioner's view once Swarm wants their tasks shut down) and
     * replaced on the manager; when the worker comes back, Swarm removes the old tasks' containers there and
     * nothing of them is left: no service, no container, no membership entry. Last: it stops the worker.
     */
    @Test
    @Order(2)
    void theInstancesOfALostNodeAreReplacedOnTheOtherAndNothingIsLeftWhenItComesBack() throws Exception {
        String pool = Pools.uniquePool();
        Pools.create(spec(pool, null));
        Pools.decide(pool, 4, false);
        List<PoolMembership.Instance> up = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(4));
        String workerNode = SwarmCluster.swarm.worker().client().infoCmd().exec().getSwarm().getNodeID();
        String managerNode = SwarmCluster.swarm.manager().client().infoCmd().exec().getSwarm().getNodeID();
        Map<String, String> nodeOf = nodes(pool);
        Set<String> onWorker = up.stream().map(PoolMembership.Instance::containerId)
                .filter(id -> workerNode.equals(nodeOf.get(id))).collect(Collectors.toSet());
        assertThat("Swarm spreads the pool over both nodes: " + nodeOf, onWorker.size(), greaterThanOrEqualTo(1));
        assertThat("Swarm spreads the pool over both nodes: " + nodeOf, onWorker.size(), lessThan(4));

        SwarmCluster.swarm.worker().stopEngine();
        long lost = System.nanoTime();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<PoolMembership.Instance> running = inState(pool, State.RUNNING);
            return running.size() == 4 && running.stream().noneMatch(i -> onWorker.contains(i.containerId()));
        });
        System.out.printf("worker engine stopped: 4 instances RUNNING again, all on the manager, %d ms later%n",
                Duration.ofNanos(System.nanoTime() - lost).toMillis());
        Map<String, String> after = nodes(pool);
        assertThat("the replacements run on the manager: " + after,
                inState(pool, State.RUNNING).stream().map(i -> after.get(i.containerId())).collect(Collectors.toSet()),
                is(Set.of(managerNode)));

        SwarmCluster.swarm.worker().start();
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> SwarmCluster.swarm.worker().client()
                .listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Naming.LABEL_POOL, pool)).exec(), empty());
        assertThat("no service of the lost instances", services(pool).keySet(), hasSize(4));
        assertThat(services(pool).keySet().stream().filter(onWorker::contains).toList(), empty());
        assertThat("membership holds the four running ones only", Pools.membership(pool).instances(), hasSize(4));
        Pools.kafka().send(Topics.POOLS, pool, null);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> services(pool).keySet(), empty());
    }

    /** Instance (container id, as the provisioner names it) to the Swarm node its task runs on. */
    private static Map<String, String> nodes(String pool) {
        List<String> ids = List.copyOf(services(pool).keySet());
        return ids.isEmpty() ? Map.of() : SwarmCluster.swarm.manager().client().listTasksCmd().withServiceFilter(ids.toArray(String[]::new))
                .exec().stream().filter(task -> task.getDesiredState() != null && "running".equals(task.getDesiredState().getValue()))
                .collect(Collectors.toMap(Task::getServiceId, Task::getNodeId, (a, b) -> b));
    }

    private static Map<String, Service> services(String pool) {
        return SwarmCluster.swarm.manager().client().listServicesCmd()
                .withLabelFilter(Map.of(Naming.LABEL_POOL, pool)).exec().stream()
                .collect(Collectors.toMap(Service::getId, s -> s));
    }

    private static PoolSpec spec(String pool) {
        return spec(pool, new PoolSpec.Placement(List.of("node.role==manager"), List.of()));
    }

    private static PoolSpec spec(String pool, PoolSpec.Placement placement) {
        return new PoolSpec(pool, TestImages.demoApp().asCanonicalNameString(), 8080, Map.of("APP_MESSAGE", "hello"),
                PrivateSwarm.DATA_NETWORK, null, 0, 4, new PoolSpec.HealthCheck("/health", 1000, 2, 2, 30_000L, 5_000L),
                null, new PoolSpec.Drain(2_000L), new PoolSpec.Resources(0.5, 128), false, Timestamps.now(), null, null,
                null, null, null, null, placement);
    }
}
