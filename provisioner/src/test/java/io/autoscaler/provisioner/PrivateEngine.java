package io.autoscaler.provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.autoscaler.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Docker engine of the test's own: a second {@code dockerd} with its own socket, data and state
 * directories, in a network namespace of its own, so that a test can restart a real engine without
 * touching the shared one (which runs Kafka and every other test) or the host's interfaces (a dockerd
 * with {@code --bridge none} in the host's namespace deletes the host's {@code docker0}). A veth pair
 * links the namespace to the host (10.213.6.1 here, 10.213.6.2 there) and a route sends the pool
 * network's subnet (10.213.7.0/24, outside Docker's default pools) through it, so the provisioner can
 * probe the instances as it does on the shared engine. It holds the demo image, copied from the shared
 * engine. Needs root, like dockerd, {@code ip netns} and {@code nsenter} themselves. One at a time per
 * machine: a start removes what a killed test left behind (links and processes named after it).
 */
public class PrivateEngine implements QuarkusTestResourceLifecycleManager {
    static final String NETWORK = "engine-restart-net";
    private static final String SUBNET = "10.213.7.0/24";
    private static final String GATEWAY = "10.213.7.1";
    private static String namespace;
    private static Path dir;
    private static Process dockerd;
    private static DockerClient client;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "ae-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        removeLeftovers();
        namespace = "ae-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        try {
            String hostEnd = namespace + "h";
            String nsEnd = namespace + "n";
            run("ip", "netns", "add", namespace);
            run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
            run("ip", "link", "set", nsEnd, "netns", namespace);
            run("ip", "addr", "add", "10.213.6.1/30", "dev", hostEnd);
            run("ip", "link", "set", hostEnd, "up");
            inNamespace("ip", "addr", "add", "10.213.6.2/30", "dev", nsEnd);
            inNamespace("ip", "link", "set", nsEnd, "up");
            inNamespace("ip", "link", "set", "lo", "up");
            inNamespace("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            run("ip", "route", "replace", SUBNET, "via", "10.213.6.2", "dev", hostEnd);
            startDockerd();
            try (InputStream image = Pools.DOCKER.saveImageCmd(TestImages.demoApp().asCanonicalNameString()).exec()) {
                client.loadImageCmd(image).exec();
            }
            // Not internal: the instances' answers to the host's probes leave through the bridge's gateway.
            client.createNetworkCmd().withName(NETWORK).withIpam(new Network.Ipam()
                    .withConfig(new Network.Ipam.Config().withSubnet(SUBNET).withGateway(GATEWAY))).exec();
            return Map.of("docker.host", host(), "autoscaler.pools.networks", NETWORK);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * What a test JVM killed half-way left behind (its name says it is ours): host ends of our veth pairs
     * (deleting one deletes the pair, its namespace's end and the route through it) and engines' processes
     * still running from a directory of ours.
     */
    private static void removeLeftovers() {
        try {
            Process links = new ProcessBuilder("ip", "-o", "link", "show").redirectErrorStream(true).start();
            String all = new String(links.getInputStream().readAllBytes());
            links.waitFor();
            Matcher m = Pattern.compile(": (ae-[0-9a-f]+h)@").matcher(all);
            while (m.find()) {
                runQuietly("ip", "link", "del", m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a host reboot or a Docker upgrade does: the engine stops (its containers with it) and starts again. */
    static void restart() throws InterruptedException {
        stopDockerd();
        startDockerd();
    }

    static DockerClient client() {
        return client;
    }

    @Override
    public void stop() {
        try {
            if (client != null) {
                client.listContainersCmd().withShowAll(true).exec()
                        .forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).exec());
            }
            if (dockerd != null) {
                stopDockerd();
            }
        } catch (RuntimeException | InterruptedException e) {
            dockerd.destroyForcibly();
        } finally {
            // containerd and its shims outlive a killed dockerd: nothing of this engine may stay behind
            runQuietly("pkill", "-9", "-f", dir.toString());
            if (namespace != null) {
                runQuietly("ip", "link", "del", namespace + "h");
                runQuietly("ip", "netns", "del", namespace);
            }
            deleteQuietly(dir);
        }
    }

    private static void inNamespace(String... command) {
        String[] all = new String[command.length + 3];
        System.arraycopy(new String[] { "nsenter", "--net=/var/run/netns/" + namespace, "--" }, 0, all, 0, 3);
        System.arraycopy(command, 0, all, 3, command.length);
        run(all);
    }

    private static void run(String... command) {
        if (runQuietly(command) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command) + " (see " + dir + "/setup.log)");
        }
    }

    private static int runQuietly(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("setup.log").toFile()))
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    private static void startDockerd() {
        try {
            // nsenter enters only the network namespace (ip netns exec would also remount /sys, hiding the
            // cgroups dockerd needs) and replaces itself with dockerd: destroy() stops the daemon
            dockerd = new ProcessBuilder(List.of("nsenter", "--net=/var/run/netns/" + namespace, "--", "dockerd",
                    "--host", host(),
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("dockerd.pid").toString(), "--bridge", "none",
                    "--iptables=false", "--ip6tables=false"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a private dockerd (is it installed, and are we root?)", e);
        }
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host())
                .build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(120)).build());
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    client.pingCmd().exec();
                    return true;
                });
    }

    private static void stopDockerd() throws InterruptedException {
        dockerd.destroy();
        if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
            dockerd.destroyForcibly().waitFor();
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover directory in /tmp is harmless
        }
    }
}
