package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.TestImages;

import static org.awaitility.Awaitility.await;

/** What the provisioner's integration tests do to pools: specs, decisions, and looking at the results. */
final class Pools {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final DockerClient DOCKER = DockerClientFactory.instance().client();
    /** The test profile's autoscaler.stack-id: a stack running on the same engine never sees the tests' containers. */
    static final String STACK_ID = "provisioner-test";

    private Pools() {
    }

    /** A network of the test's own, named so that the pool spec can refer to it. */
    static Network network() {
        String name = "prov-net-" + UUID.randomUUID().toString().substring(0, 8);
        return Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(name)).build();
    }

    static String networkName(Network network) {
        return DOCKER.inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
    }

    static String uniquePool() {
        return "prov-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }

    /** The demo app on the network, half a CPU and 128 MB each, a short drain. */
    static PoolSpec spec(String pool, String network, int min, int max) {
        return spec(pool, TestImages.demoApp().asCanonicalNameString(), network, min, max);
    }

    static PoolSpec spec(String pool, String image, String network, int min, int max) {
        return new PoolSpec(pool, image, 8080, Map.of("APP_MESSAGE", "hello"), network, null, min, max,
                new PoolSpec.HealthCheck("/health", 1000, 2, 2, 30_000L, 5_000L), null, new PoolSpec.Drain(2_000L),
                new PoolSpec.Resources(0.5, 128), false, Timestamps.now());
    }

    static void create(PoolSpec spec) {
        kafka().send(Topics.POOLS, spec.name(), spec);
    }

    static void decide(String pool, int desired, boolean dryRun) {
        kafka().send(Topics.SCALE_EVENTS, pool, new ScaleDecision(UUID.randomUUID(), pool, ScaleDecision.Type.SCALE,
                0, desired, null, "test wants " + desired, null, dryRun, Timestamps.now()));
    }

    static void replace(String pool, int desired, String instanceId) {
        kafka().send(Topics.SCALE_EVENTS, pool, new ScaleDecision(UUID.randomUUID(), pool,
                ScaleDecision.Type.REPLACE, desired, desired, instanceId, "test replaces " + instanceId, null, false,
                Timestamps.now()));
    }

    static void drained(String pool, String instanceId) {
        kafka().send(Topics.LB_EVENTS, pool, new LbEvent(UUID.randomUUID(), pool, instanceId,
                Naming.serverName(pool, instanceId), LbEvent.State.DRAINED, 0, "test drained it", Timestamps.now()));
    }

    static PoolMembership membership(String pool) {
        List<PoolMembership> all = memberships(pool);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Every membership the pool published, oldest first. */
    static List<PoolMembership> memberships(String pool) {
        return kafka().readAll(Topics.MEMBERSHIP).stream().filter(r -> pool.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), PoolMembership.class)).toList();
    }

    static List<PoolMembership.Instance> inState(String pool, PoolMembership.State state) {
        PoolMembership m = membership(pool);
        return m == null ? List.of() : m.instances().stream().filter(i -> i.state() == state).toList();
    }

    static List<InstanceEvent> instanceEvents(String pool) {
        return kafka().readAll(Topics.INSTANCE_EVENTS).stream().filter(r -> pool.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), InstanceEvent.class)).toList();
    }

    static List<InstanceEvent> instanceEvents(String pool, InstanceEvent.State state) {
        return instanceEvents(pool).stream().filter(e -> e.state() == state).toList();
    }

    /** The pool's containers as Docker has them, running or not. */
    static List<Container> containers(String pool) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Naming.LABEL_POOL, pool)).exec();
    }

    static List<Container> running(String pool) {
        return containers(pool).stream().filter(c -> "running".equals(c.getState())).toList();
    }

    /** Deletes the pool and removes whatever containers of it remain, until none comes back. */
    static void removeAll(String pool) {
        kafka().send(Topics.POOLS, pool, null);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Container> left = containers(pool);
            for (Container c : left) {
                try {
                    DOCKER.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException e) {
                    // removed meanwhile by the provisioner
                }
            }
            return left.isEmpty();
        });
    }

    static void closeQuietly(Network network) {
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException e) {
                System.err.println("cannot remove network: " + e);
            }
        }
    }

    static String instanceOf(Container c) {
        return Objects.requireNonNull(c.getLabels().get(Naming.LABEL_INSTANCE));
    }
}
