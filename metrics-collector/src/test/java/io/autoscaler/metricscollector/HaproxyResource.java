package io.autoscaler.metricscollector;

import java.util.Map;
import java.util.UUID;

import org.testcontainers.containers.Network;

import io.autoscaler.testing.HaproxyContainer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HAProxy on a network of the test's own, with one empty backend, and one that stays without
 * servers behind a frontend of its own (HAProxy answers its requests 503 itself); the collector under test
 * reads its stats CSV. Tests reach the HAProxy, its backends and the network through the static accessors.
 */
public class HaproxyResource implements QuarkusTestResourceLifecycleManager {
    private static Network network;
    private static HaproxyContainer haproxy;
    private static String backend;
    private static final int NO_SERVERS_PORT = 8081;

    @Override
    public Map<String, String> start() {
        backend = "be-" + UUID.randomUUID().toString().substring(0, 8);
        network = Network.newNetwork();
        haproxy = new HaproxyContainer().withBackend(backend).onNetwork(network, "haproxy").withExtraConfig("""
                frontend no-servers
                    bind *:%d
                    default_backend %s

                backend %2$s
                    balance leastconn
                """.formatted(NO_SERVERS_PORT, noServersBackend()));
        haproxy.addExposedPorts(NO_SERVERS_PORT);
        haproxy.start();
        return Map.of("autoscaler.haproxy.stats-url", haproxy.statsCsvUrl());
    }

    @Override
    public void stop() {
        if (haproxy != null) {
            haproxy.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    static HaproxyContainer haproxy() {
        return haproxy;
    }

    static String backend() {
        return backend;
    }

    /** The backend that never has a server. */
    static String noServersBackend() {
        return backend + "-none";
    }

    static String noServersUrl() {
        return "http://" + haproxy.getHost() + ":" + haproxy.getMappedPort(NO_SERVERS_PORT) + "/";
    }

    static Network network() {
        return network;
    }
}
