package io.autoscaler.provisioner;

import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmDispatcherConfig;
import com.github.dockerjava.api.model.SwarmSpec;

/**
 * A two-node Swarm cluster of the test's own, on this one machine: two {@link PrivateNode}s linked by a veth
 * pair between their namespaces (10.213.9.1 and .2: only these two see those addresses), the first
 * initialised as manager, the second joined as worker, both holding the given images. The shared engine is
 * never part of it. The data network is an attachable overlay spanning both nodes. The manager declares a
 * node down after 3 missed heartbeats of 1 s (5 s by default), so that a test sees a node loss quickly.
 */
public final class PrivateSwarm implements AutoCloseable {
    public static final String DATA_NETWORK = "swarm-data";
    private static final String NAMESPACES = "asw-";
    private static final String MANAGER_ADDRESS = "10.213.9.1";
    private static final String WORKER_ADDRESS = "10.213.9.2";
    private static final String DATA_SUBNET = "10.213.10.0/24";

    private final PrivateNode manager;
    private final PrivateNode worker;

    public PrivateSwarm(List<String> images) {
        String id = Long.toHexString(System.nanoTime() & 0xfffffL);
        manager = new PrivateNode(NAMESPACES + id + "m");
        PrivateNode second = null;
        try {
            second = new PrivateNode(NAMESPACES + id + "w");
            manager.link(second, MANAGER_ADDRESS + "/30", WORKER_ADDRESS + "/30");
            manager.start();
            second.start();
            manager.client().initializeSwarmCmd(new SwarmSpec().withDispatcher(
                    new SwarmDispatcherConfig().withHeartbeatPeriod(Duration.ofSeconds(1).toNanos())))
                    .withListenAddr(MANAGER_ADDRESS + ":2377").withAdvertiseAddr(MANAGER_ADDRESS).exec();
            String token = manager.client().inspectSwarmCmd().exec().getJoinTokens().getWorker();
            second.client().joinSwarmCmd().withRemoteAddrs(List.of(MANAGER_ADDRESS + ":2377")).withJoinToken(token)
                    .withListenAddr(WORKER_ADDRESS + ":2377").withAdvertiseAddr(WORKER_ADDRESS).exec();
            for (String image : images) {
                manager.load(image);
                second.load(image);
            }
            manager.client().createNetworkCmd().withName(DATA_NETWORK).withDriver("overlay").withAttachable(true)
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(DATA_SUBNET))).exec();
        } catch (RuntimeException e) {
            if (second != null) {
                second.close();
            }
            manager.close();
            throw e;
        }
        worker = second;
    }

    public PrivateNode manager() {
        return manager;
    }

    public PrivateNode worker() {
        return worker;
    }

    @Override
    public void close() {
        try {
            worker.close();
        } finally {
            manager.close();
        }
    }
}
