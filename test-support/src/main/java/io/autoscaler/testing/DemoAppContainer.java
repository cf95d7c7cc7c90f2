package io.autoscaler.testing;

import java.time.Duration;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** One container of the demo web app, reachable on a test network by its alias. */
public class DemoAppContainer extends GenericContainer<DemoAppContainer> {
    public static final int PORT = 8080;

    public DemoAppContainer() {
        super(TestImages.demoApp());
        withExposedPorts(PORT);
        withEnv("PORT", Integer.toString(PORT));
        waitingFor(Wait.forHttp("/health").forPort(PORT).withStartupTimeout(Duration.ofSeconds(60)));
    }

    public DemoAppContainer onNetwork(Network network, String alias) {
        withNetwork(network);
        withNetworkAliases(alias);
        return this;
    }

    /**
     * The container's address on its network: HAProxy 2.6 does not resolve host names of servers added at
     * runtime, so the autoscaler and its tests hand it addresses.
     */
    public String ipAddress() {
        return getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    public String url() {
        return "http://" + getHost() + ":" + getMappedPort(PORT);
    }
}
