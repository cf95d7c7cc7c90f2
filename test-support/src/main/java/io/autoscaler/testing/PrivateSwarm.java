package io.autoscaler.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmDispatcherConfig;
import com.github.dockerjava.api.model.SwarmSpec;

/**
 * A two-node Swarm cluster of the test's own, on this one machine: two {@link PrivateNode}s linked by a veth
 * pair between their namespaces (10.213.9.1 and .2: only these two see those addresses), the first
 * initialised as manager, the second joined as worker, both holding the given images. The shared engine is
 * never part of it. The data network is an attachable overlay spanning both nodes, internal as the stack's
 * data network is: its containers get no gateway, so they reach nothing but the overlay (with the engines'
 * iptables off, a gateway would let them through the manager's namespace to the test's control network). The
 * manager declares a node down after 3 missed heartbeats of 1 s (5 s by default), so that a test sees a node
 * loss quickly.
 */
public final class PrivateSwarm implements AutoCloseable {
    public static final String DATA_NETWORK = "swarm-data";
    private static final String NAMESPACES = "asw-";
    private static final String MANAGER_ADDRESS = "10.213.9.1";
    private static final String WORKER_ADDRESS = "10.213.9.2";
    private static final String DATA_SUBNET = "10.213.10.0/24";
    private static final String DATA_TASKS = "10.213.10.0/25";
    private static final String HOST_ON_DATA = "10.213.10.254/24";

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
            manager.load(images);
            second.load(images);
            // tasks get addresses of the lower half only: the upper half is free for the host's end (reachFromHost)
            manager.client().createNetworkCmd().withName(DATA_NETWORK).withDriver("overlay").withAttachable(true)
                    .withInternal(true).withIpam(new Network.Ipam().withConfig(
                            new Network.Ipam.Config().withSubnet(DATA_SUBNET).withIpRange(DATA_TASKS))).exec();
        } catch (RuntimeException e) {
            if (second != null) {
                second.close();
            }
            manager.close();
            throw e;
        }
        worker = second;
    }

    /**
     * Lets the host reach the instances on both nodes by their overlay address, as the provisioner does from
     * inside the overlay in production. On the manager, a container of the test's own keeps the overlay's
     * sandbox, and a veth pair joins that sandbox's bridge to the host (10.213.10.254). The worker knows only
     * the overlay's own endpoints, so it is told where that host address lives, as Docker tells each node of
     * the others' containers: an ARP entry for it on the worker's VXLAN device, and a forwarding entry that
     * sends its MAC address to the manager's tunnel end. A container on the worker keeps that sandbox too.
     */
    public void reachFromHost(String image) {
        String networkId = manager.client().inspectNetworkCmd().withNetworkId(DATA_NETWORK).exec().getId();
        String sandbox = "1-" + networkId.substring(0, 10);
        anchor(manager.client(), image);
        String hostMac = manager.bridgeToHost(sandbox, "br0", HOST_ON_DATA);
        anchor(worker.client(), image);
        worker.pointAtTunnelEnd(sandbox, HOST_ON_DATA.substring(0, HOST_ON_DATA.indexOf('/')), hostMac,
                MANAGER_ADDRESS);
    }

    private static void anchor(DockerClient docker, String image) {
        String anchor = docker.createContainerCmd(image).withName("overlay-anchor")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(DATA_NETWORK))
                .exec().getId();
        docker.startContainerCmd(anchor).exec();
    }

    public PrivateNode manager() {
        return manager;
    }

    public PrivateNode worker() {
        return worker;
    }

    /**
     * Runs a bash script in a throwaway container of {@code image} on the data overlay, on {@code node}; its
     * output. How a test looks from inside the overlay (the demo image has bash's /dev/tcp, no HTTP client).
     */
    public static String inOverlay(PrivateNode node, String image, String script) throws InterruptedException {
        DockerClient docker = node.client();
        String id = docker.createContainerCmd(image).withEntrypoint("bash", "-c", script)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(DATA_NETWORK)).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion();
            return out.toString().trim();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
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
