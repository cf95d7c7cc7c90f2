package io.autoscaler.provisioner.docker;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Task;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.TestImages;

/**
 * Placement {@code swarm} on a real two-node cluster built from two private engines ({@link PrivateSwarm}):
 * instances spread over both nodes, run, and answer on the overlay from the other node; a constraint pins
 * one to the worker; stop and remove
 * leave nothing; and when the worker's engine stops, its instances stop counting as running in the
 * provisioner's view while the manager's keep running, and new ones land on the manager.
 */
class SwarmEngineTest {
    private static final String IMAGE = TestImages.demoApp().asCanonicalNameString();
    private static final String STACK = "swarm-test";
    private static final int INSTANCES = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static PrivateSwarm swarm;
    private static SwarmEngine engine;

    @BeforeAll
    static void buildTheCluster() {
        swarm = new PrivateSwarm(List.of(IMAGE));
        engine = new SwarmEngine(swarm.manager().host(), STACK, Duration.ofSeconds(2));
    }

    @AfterAll
    static void tearItDown() {
        if (engine != null) {
            engine.close();
        }
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    void instancesSpreadRunAnswerOnTheOverlayStopAndAreSeenGoneWithTheirNode() throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        Closeable events = engine.followEvents(changes::add, end -> { });
        String neverStarted = engine.create(spec(), "0000000n");
        long stopAsked = System.nanoTime();
        engine.stop(neverStarted, Duration.ofSeconds(2));
        assertThat("nothing to wait for", Duration.ofNanos(System.nanoTime() - stopAsked).toSeconds() < 2, is(true));
        engine.remove(neverStarted);
        assertThat(engine.listManaged(), empty());

        Map<String, String> addresses = new HashMap<>();
        for (int i = 0; i < INSTANCES; i++) {
            String service = engine.create(spec(), "0000000" + i);
            engine.start(service);
            addresses.put(service, engine.ipOn(service, PrivateSwarm.DATA_NETWORK).orElseThrow());
        }

        Map<String, String> nodeOf = nodes();
        assertThat("spread over both nodes: " + nodeOf, Set.copyOf(nodeOf.values()), hasSize(2));
        assertThat(states(), is(Map.of("running", INSTANCES)));
        for (String address : addresses.values()) {
            awaitAnswer(address);
        }

        String onTheManager = containersOf(swarm.manager().client(), nodeOf.keySet()).get(0);
        HostConfig host = swarm.manager().client().inspectContainerCmd(onTheManager).exec().getHostConfig();
        assertThat("NET_RAW dropped as for containers", List.of(host.getCapDrop()), hasItem(Capability.NET_RAW));
        assertThat(host.getPrivileged(), is(false));

        String workerNode = swarm.worker().client().infoCmd().exec().getSwarm().getNodeID();
        String pinned = engine.create(spec(new PoolSpec.Placement(List.of("node.role==worker"), List.of())), "0000000w");
        engine.start(pinned);
        assertThat("a constraint is Swarm's", nodes().get(pinned), is(workerNode));
        addresses.put(pinned, engine.ipOn(pinned, PrivateSwarm.DATA_NETWORK).orElseThrow());

        String stopped = addresses.keySet().stream().filter(s -> !s.equals(pinned)).findFirst().orElseThrow();
        engine.stop(stopped, Duration.ofSeconds(2));
        engine.remove(stopped);
        addresses.remove(stopped);
        assertThat(engine.listManaged().stream().map(ManagedContainer::containerId).collect(Collectors.toSet()),
                is(addresses.keySet()));
        await().atMost(TIMEOUT).until(() -> containersOf(stopped), empty());

        Map<String, String> placedOn = nodes();
        List<String> onWorker = addresses.keySet().stream().filter(s -> placedOn.get(s).equals(workerNode)).toList();
        List<String> onManager = addresses.keySet().stream().filter(s -> !onWorker.contains(s)).toList();
        assertThat("some instances run on the worker", onWorker, not(empty()));
        swarm.worker().stopEngine();
        long engineStopped = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> running(), is(Set.copyOf(onManager)));
        System.out.printf("worker engine stopped: its %d instance(s) no longer running %d ms later%n", onWorker.size(),
                Duration.ofNanos(System.nanoTime() - engineStopped).toMillis());
        assertThat("the manager reported the node's change", changes, hasItem(workerNode));
        for (ManagedContainer gone : engine.listManaged().stream().filter(c -> onWorker.contains(c.containerId())).toList()) {
            assertThat(gone.state(), matchesRegex("running \\(Swarm wants it shutdown\\)|shutdown|orphaned"));
            engine.remove(gone.containerId());
        }

        String replacement = engine.create(spec(), "0000000r");
        engine.start(replacement);
        assertThat(nodes().get(replacement), is(swarm.manager().client().infoCmd().exec().getSwarm().getNodeID()));
        awaitAnswer(engine.ipOn(replacement, PrivateSwarm.DATA_NETWORK).orElseThrow());
        assertThat(running(), hasItem(replacement));
        events.close();
    }

    /** A running task is not yet a listening app: the loop's readiness probe waits the same way. */
    private static void awaitAnswer(String address) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> get(address, 8080, "/health"), startsWith("HTTP/1.1 200"));
    }

    private static Map<String, Integer> states() {
        Map<String, Integer> count = new HashMap<>();
        engine.listManaged().forEach(c -> count.merge(c.state(), 1, Integer::sum));
        return count;
    }

    private static Set<String> running() {
        return engine.listManaged().stream().filter(ManagedContainer::running).map(ManagedContainer::containerId)
                .collect(Collectors.toSet());
    }

    /** Each service's node, as the manager placed its running task. */
    private static Map<String, String> nodes() {
        return swarm.manager().client().listTasksCmd().exec().stream()
                .filter(t -> t.getDesiredState() != null && "running".equals(t.getDesiredState().getValue()))
                .collect(Collectors.toMap(Task::getServiceId, Task::getNodeId, (a, b) -> b));
    }

    /** The containers of these services on one node. */
    private static List<String> containersOf(DockerClient node, Set<String> services) {
        return node.listContainersCmd().exec().stream()
                .filter(c -> services.contains(c.getLabels().get("com.docker.swarm.service.id"))).map(c -> c.getId())
                .toList();
    }

    private static List<String> containersOf(String service) {
        List<String> all = new ArrayList<>();
        for (DockerClient node : List.of(swarm.manager().client(), swarm.worker().client())) {
            node.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.swarm.service.id", service)).exec()
                    .forEach(c -> all.add(c.getId()));
        }
        return all;
    }

    /**
     * The first line of an HTTP answer from {@code address} on the overlay, asked from a container of the
     * test's own on the manager, attached to the overlay: bash's /dev/tcp, as the demo image has no client.
     */
    private static String get(String address, int port, String path) throws InterruptedException {
        assertThat(address, matchesRegex("10\\.213\\.10\\.\\d{1,3}"));
        return PrivateSwarm.inOverlay(swarm.manager(), IMAGE, "exec 3<>/dev/tcp/" + address + "/" + port
                + " && printf 'GET " + path + " HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3");
    }

    private static PoolSpec spec() {
        return spec(PoolSpec.Placement.NONE);
    }

    private static PoolSpec spec(PoolSpec.Placement placement) {
        return new PoolSpec("prov-swarm", IMAGE, 8080, Map.of(), PrivateSwarm.DATA_NETWORK, null, 0, 8, null, null,
                null, new PoolSpec.Resources(0.1, 64), false, Timestamps.now(), null, null, null, null, null, null,
                placement);
    }
}
