package io.autoscaler.lbconfigurator;

import java.util.HashMap;
import java.util.Map;

import org.testcontainers.containers.Network;

import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaTestResource;

/**
 * The real broker plus a real HAProxy 2.6 whose base file holds no frontend and no backend, as a new
 * user's would: everything pools need comes from the configurator's pools.cfg. Host ports are fixed so
 * they survive a container restart.
 */
public class GeneratedStack extends KafkaTestResource {
    private static Network network;
    private static HaproxyContainer haproxy;
    private static Map<Integer, Integer> hostPorts;

    @Override
    public Map<String, String> start() {
        network = Network.newNetwork();
        hostPorts = Map.of(HaproxyContainer.HTTP_PORT, HaproxyStack.freePort(), HaproxyContainer.ADMIN_PORT,
                HaproxyStack.freePort(), HaproxyContainer.STATS_PORT, HaproxyStack.freePort(),
                HaproxyContainer.MASTER_PORT, HaproxyStack.freePort());
        haproxy = new HaproxyContainer().onNetwork(network, "haproxy")
                .withGeneratedConfig(HaproxyStack.tempDir("haproxy-generated"));
        haproxy.setPortBindings(hostPorts.entrySet().stream().map(e -> e.getValue() + ":" + e.getKey()).toList());
        haproxy.start();
        Map<String, String> config = new HashMap<>(super.start());
        config.put("haproxy.admin.socket", "tcp://localhost:" + hostPorts.get(HaproxyContainer.ADMIN_PORT));
        config.putAll(HaproxyStack.generatedConfig(haproxy));
        return config;
    }

    @Override
    public void stop() {
        if (haproxy != null) {
            haproxy.stop();
        }
        if (network != null) {
            network.close();
        }
        if (haproxy != null) {
            HaproxyStack.deleteTree(haproxy.baseConfig().getParent());
        }
    }

    static Network network() {
        return network;
    }

    static HaproxyContainer haproxy() {
        return haproxy;
    }

    /** The generated frontend's port on the host. */
    static int httpPort() {
        return hostPorts.get(HaproxyContainer.HTTP_PORT);
    }

    static io.autoscaler.lbconfigurator.haproxy.Haproxy runtimeApi() {
        return new io.autoscaler.lbconfigurator.haproxy.Haproxy(io.autoscaler.lbconfigurator.haproxy.SocketRuntimeApi
                .of("tcp://localhost:" + hostPorts.get(HaproxyContainer.ADMIN_PORT), java.time.Duration.ofSeconds(5)));
    }

    static void restartHaproxy() {
        haproxy.getDockerClient().restartContainerCmd(haproxy.getContainerId()).withTimeout(2).exec();
    }
}
