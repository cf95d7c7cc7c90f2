package io.autoscaler.provisioner;

import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;

import io.autoscaler.testing.PrivateNode;
import io.autoscaler.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Docker engine of the test's own: a {@link PrivateNode} (its own dockerd, socket, data and network
 * namespace), so that a test can restart a real engine without touching the shared one (which runs Kafka
 * and every other test) or the host's interfaces (a dockerd with {@code --bridge none} in the host's
 * namespace deletes the host's {@code docker0}). A veth pair links the namespace to the host (10.213.6.1
 * here, 10.213.6.2 there) and a route sends the pool network's subnet (10.213.7.0/24, outside Docker's
 * default pools) through it, so the provisioner can probe the instances as it does on the shared engine.
 * It holds the demo image, copied from the shared engine. One at a time per machine (the addresses).
 */
public class PrivateEngine implements QuarkusTestResourceLifecycleManager {
    static final String NETWORK = "engine-restart-net";
    private static final String SUBNET = "10.213.7.0/24";
    private static final String GATEWAY = "10.213.7.1";
    private static PrivateNode node;

    @Override
    public Map<String, String> start() {
        node = new PrivateNode("ae-" + Long.toHexString(System.nanoTime() & 0xffffffL));
        try {
            node.linkToHost("10.213.6.1", "10.213.6.2", SUBNET);
            node.start();
            node.load(TestImages.demoApp().asCanonicalNameString());
            // Not internal: the instances' answers to the host's probes leave through the bridge's gateway.
            node.client().createNetworkCmd().withName(NETWORK).withIpam(new Network.Ipam()
                    .withConfig(new Network.Ipam.Config().withSubnet(SUBNET).withGateway(GATEWAY))).exec();
            return Map.of("docker.host", node.host(), "autoscaler.pools.networks", NETWORK);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** What a host reboot or a Docker upgrade does: the engine stops (its containers with it) and starts again. */
    static void restart() throws InterruptedException {
        node.stopEngine();
        node.start();
    }

    static DockerClient client() {
        return node.client();
    }

    @Override
    public void stop() {
        if (node != null) {
            try {
                node.client().listContainersCmd().withShowAll(true).exec()
                        .forEach(c -> node.client().removeContainerCmd(c.getId()).withForce(true).exec());
            } catch (RuntimeException e) {
                // the node's close ends whatever is left
            } finally {
                node.close();
            }
        }
    }
}
