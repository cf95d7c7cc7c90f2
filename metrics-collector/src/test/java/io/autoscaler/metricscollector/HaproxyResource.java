package io.autoscaler.metricscollector;

import java.util.Map;
import java.util.UUID;

import org.testcontainers.containers.Network;

import io.autoscaler.testing.HaproxyContainer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HAProxy on a network of the test's own, with one empty backend; the collector under test reads
 * its stats CSV. Tests reach the HAProxy, its backend and the network through the static accessors.
 */
public class HaproxyResource implements QuarkusTestResourceLifecycleManager {
    private static Network network;
    private static HaproxyContainer haproxy;
    private static String backend;

    @Override
    public Map<String, String> start() {
        backend = "be-" + UUID.randomUUID().toString().substring(0, 8);
        network = Network.newNetwork();
        haproxy = new HaproxyContainer().withBackend(backend).onNetwork(network, "haproxy");
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

    static Network network() {
        return network;
    }
}
