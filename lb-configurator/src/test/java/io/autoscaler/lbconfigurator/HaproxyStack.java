package io.autoscaler.lbconfigurator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.testcontainers.containers.Network;

import io.autoscaler.lbconfigurator.haproxy.Haproxy;
import io.autoscaler.lbconfigurator.haproxy.SocketRuntimeApi;
import io.autoscaler.lbconfigurator.haproxy.StatRow;
import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;

/**
 * The real broker plus a real HAProxy 2.6 on a private network, for the configurator's integration
 * tests. Backends: {@code web} (frontend :8080), {@code drain} (:8081), {@code restart} (:8082),
 * {@code spare} (no frontend) and {@code hashed}, which balances by source and so refuses runtime
 * servers. Host ports are fixed so they survive an HAProxy container restart. HAProxy runs as in the
 * stack, loading the configurator's generated pools.cfg after this base file: a pool whose backend is not
 * one of the above gets a generated one.
 */
public class HaproxyStack extends KafkaTestResource {
    public static final int DRAIN_PORT = 8081;
    public static final int RESTART_PORT = 8082;

    private static Network network;
    private static HaproxyContainer haproxy;
    private static Map<Integer, Integer> hostPorts;

    @Override
    public Map<String, String> start() {
        network = Network.newNetwork();
        hostPorts = Map.of(HaproxyContainer.HTTP_PORT, freePort(), DRAIN_PORT, freePort(), RESTART_PORT, freePort(),
                HaproxyContainer.ADMIN_PORT, freePort(), HaproxyContainer.STATS_PORT, freePort(),
                HaproxyContainer.MASTER_PORT, freePort());
        haproxy = new HaproxyContainer().onNetwork(network, "haproxy").withGeneratedConfig(tempDir("haproxy-stack"))
                .withBackend("web").withBackend("drain").withBackend("restart").withBackend("spare")
                .withExtraConfig("""
                        frontend drainfe
                            bind *:%d
                            default_backend drain

                        frontend restartfe
                            bind *:%d
                            default_backend restart

                        backend hashed
                            balance source
                        """.formatted(DRAIN_PORT, RESTART_PORT));
        haproxy.addExposedPorts(DRAIN_PORT, RESTART_PORT);
        haproxy.setPortBindings(hostPorts.entrySet().stream().map(e -> e.getValue() + ":" + e.getKey()).toList());
        haproxy.start();
        Map<String, String> config = new java.util.HashMap<>(super.start());
        config.put("haproxy.admin.socket", "tcp://localhost:" + hostPorts.get(HaproxyContainer.ADMIN_PORT));
        config.putAll(generatedConfig(haproxy));
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

    public static Network network() {
        return network;
    }

    public static HaproxyContainer haproxy() {
        return haproxy;
    }

    /** The frontend of a backend, from the host, e.g. {@code http://localhost:49153}. */
    public static String frontend(int containerPort) {
        return "http://localhost:" + hostPorts.get(containerPort);
    }

    /** The runtime API, as the tests read HAProxy's state. */
    public static Haproxy runtimeApi() {
        return new Haproxy(SocketRuntimeApi.of("tcp://localhost:" + hostPorts.get(HaproxyContainer.ADMIN_PORT),
                java.time.Duration.ofSeconds(5)));
    }

    /**
     * A frontend's status in {@code show stat} (OPEN, or STOP/PAUSED when disabled), read with a line
     * the configurator's command grammar never builds.
     */
    public static String frontendStatus(String frontend) {
        String csv = SocketRuntimeApi.of("tcp://localhost:" + hostPorts.get(HaproxyContainer.ADMIN_PORT),
                java.time.Duration.ofSeconds(5)).send("show stat -1 1 -1");
        return StatRow.parse(csv).stream().filter(r -> r.backend().equals(frontend) && r.name().equals("FRONTEND"))
                .map(StatRow::status).findFirst().orElse("absent");
    }

    /** Restarts the HAProxy container: every server added at runtime is lost. */
    public static void restartHaproxy() {
        haproxy.getDockerClient().restartContainerCmd(haproxy.getContainerId()).withTimeout(2).exec();
    }

    /** The configurator's settings for an HAProxy in generated-configuration mode. */
    static Map<String, String> generatedConfig(HaproxyContainer haproxy) {
        return Map.of("autoscaler.lb.base-config", haproxy.baseConfig().toString(),
                "autoscaler.lb.generated-dir", haproxy.generatedDir().toString(),
                "autoscaler.lb.master-socket", haproxy.masterSocket(),
                "autoscaler.lb.haproxy-binary", haproxy.haproxyBinary().toString());
    }

    static java.nio.file.Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a directory the test made, and what is in it. */
    static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
