package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;

import io.autoscaler.testing.PrivateNode;
import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.TestImages;

/**
 * Demo-app instances as the provisioner makes them in swarm mode (one single-replica service per instance on the
 * data overlay, restart policy none, the image's HEALTHCHECK off), each pinned to one node, and probes run from
 * inside the overlay by short-lived containers of the test's own.
 */
final class SwarmApps {
    static final String IMAGE = TestImages.demoApp().asCanonicalNameString();
    static final int PORT = 8080;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern OURS = Pattern.compile("10\\.213\\.\\d{1,3}\\.\\d{1,3}");

    /** An instance: its service (the membership's container id), node, overlay address and host name. */
    record App(String instanceId, String serviceId, PrivateNode node, String address, String hostname) {
    }

    private SwarmApps() {
    }

    /** Starts {@code pool-instanceId} on {@code node} and returns it once it answers on the overlay. */
    static App start(String pool, String instanceId, PrivateNode node) {
        DockerClient manager = HaproxyOnSwarm.swarm().manager().client();
        String nodeId = node.client().infoCmd().exec().getSwarm().getNodeID();
        String name = pool + "-" + instanceId;
        ServiceSpec spec = new ServiceSpec().withName(name)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(IMAGE).withHostname(name)
                                .withHealthCheck(new HealthCheck().withTest(List.of("NONE"))))
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE)
                                .withMaxAttempts(0L))
                        .withPlacement(new ServicePlacement().withConstraints(List.of("node.id==" + nodeId)))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(PrivateSwarm.DATA_NETWORK))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)));
        String serviceId = manager.createServiceCmd(spec).exec().getId();
        String containerId = await().atMost(TIMEOUT).until(() -> runningContainer(serviceId), Optional::isPresent)
                .orElseThrow();
        ContainerNetwork onData = await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> node.client().inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks()
                        .get(PrivateSwarm.DATA_NETWORK), n -> n != null && n.getIpAddress() != null);
        App app = new App(instanceId, serviceId, node, onData.getIpAddress(), name);
        // as the provisioner's readiness probe: a running task is not yet a listening app
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> firstLine(node, app.address(), PORT, "/health"), l -> l.startsWith("HTTP/1.1 200"));
        return app;
    }

    /** The container of the service's task that runs, as the manager sees it. */
    private static Optional<String> runningContainer(String serviceId) {
        return HaproxyOnSwarm.swarm().manager().client().listTasksCmd().withServiceFilter(serviceId).exec().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().getState() != null
                        && "running".equals(t.getStatus().getState().getValue()))
                .map(Task::getStatus).map(s -> s.getContainerStatus().getContainerID()).findFirst();
    }

    /** Removes the service, as the provisioner does once the instance is stopped or lost. */
    static void remove(App app) {
        HaproxyOnSwarm.swarm().manager().client().removeServiceCmd(app.serviceId()).exec();
    }

    /** The containers any of these services still has on {@code node}, running or not. */
    static List<String> containersOn(PrivateNode node, List<App> apps) {
        List<String> services = apps.stream().map(App::serviceId).toList();
        return node.client().listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> services.contains(c.getLabels().get("com.docker.swarm.service.id")))
                .map(c -> c.getId()).toList();
    }

    /** The first line of an HTTP answer from {@code address:port}, asked from inside the overlay on {@code node}. */
    static String firstLine(PrivateNode node, String address, int port, String path) throws InterruptedException {
        requireOurs(address);
        return PrivateSwarm.inOverlay(node, IMAGE, "exec 3<>/dev/tcp/" + address + "/" + port + " && printf 'GET "
                + path + " HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3");
    }

    /**
     * For each {@code address:port}, whether a container on the overlay on {@code node} opens a TCP connection
     * to it within 3 s: "address:port open", or "closed" (refused, unreachable or timed out), one line each.
     */
    static List<String> connect(PrivateNode node, List<String> targets) throws InterruptedException {
        StringBuilder script = new StringBuilder();
        for (String target : targets) {
            String[] hostPort = target.split(":");
            requireOurs(hostPort[0]);
            script.append("if timeout 3 bash -c 'exec 3<>/dev/tcp/").append(hostPort[0]).append('/')
                    .append(Integer.parseInt(hostPort[1])).append("' 2>/dev/null; then echo '").append(target)
                    .append(" open'; else echo '").append(target).append(" closed'; fi; ");
        }
        return PrivateSwarm.inOverlay(node, IMAGE, script.toString()).lines().toList();
    }

    /** The network rule: only the fixtures' own 10.213.x addresses are ever contacted from the overlay. */
    private static void requireOurs(String address) {
        if (!OURS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an address of the test's own: " + address);
        }
    }
}
