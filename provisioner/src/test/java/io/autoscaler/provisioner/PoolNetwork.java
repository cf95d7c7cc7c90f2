package io.autoscaler.provisioner;

import java.util.Map;

import org.testcontainers.containers.Network;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A network of the test's own, created before the provisioner starts and configured as its only
 * pool network ({@code autoscaler.pools.networks}): specs naming any other are refused.
 */
public class PoolNetwork implements QuarkusTestResourceLifecycleManager {
    static String name;
    private Network network;

    @Override
    public Map<String, String> start() {
        network = Pools.network();
        name = Pools.networkName(network);
        return Map.of("autoscaler.pools.networks", name);
    }

    @Override
    public void stop() {
        Pools.closeQuietly(network);
    }
}
