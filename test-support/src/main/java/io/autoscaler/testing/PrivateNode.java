package io.autoscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * A {@code dockerd} of the test's own, in a network namespace of its own, with its own socket, data and
 * state under a fresh directory: nothing of it touches the shared engine or the host's interfaces. Needs
 * root, {@code ip netns} and {@code nsenter}. Processes are ended by id: the engine, then any of its
 * containerd shims (found by this node's directory on their command line).
 */
public final class PrivateNode implements AutoCloseable {
    /** Every node's directory starts so: what a killed test left is recognised by it. */
    private static final String PREFIX = "asw-";
    private static final String OWNER = "owner";

    private final String namespace;
    private final Path dir;
    private Process dockerd;
    private DockerClient client;

    /**
     * An empty namespace named {@code namespace} (at most 12 characters: link names derive from it). First
     * removes what test JVMs that were killed left behind; a node of a test still running is left alone.
     */
    public PrivateNode(String namespace) {
        removeLeftovers();
        this.namespace = namespace;
        try {
            this.dir = Files.createTempDirectory(Path.of("/tmp"), PREFIX);
            Files.writeString(dir.resolve(OWNER), ProcessHandle.current().pid() + " " + namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("ip", "netns", "add", namespace);
        inNamespace("ip", "link", "set", "lo", "up");
    }

    /**
     * Nodes whose test JVM is gone (its pid and the namespace are in the node's directory): their processes
     * (dockerd, containerd and shims, found by the directory on their command line), namespace (with it its
     * links and routes through them) and directory.
     */
    private static void removeLeftovers() {
        try (Stream<Path> dirs = Files.list(Path.of("/tmp"))) {
            for (Path left : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                String[] owner = Files.exists(left.resolve(OWNER)) ? Files.readString(left.resolve(OWNER)).split(" ")
                        : new String[0];
                if (owner.length == 2 && ProcessHandle.of(Long.parseLong(owner[0])).isEmpty()) {
                    endProcessesOf(left);
                    quietly("ip", "link", "del", owner[1] + "v");
                    quietly("rm", "-f", "/var/run/netns/" + owner[1] + "o");
                    quietly("ip", "netns", "del", owner[1]);
                    deleteQuietly(left);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void endProcessesOf(Path dir) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    String namespace() {
        return namespace;
    }

    /**
     * Links this namespace to the host's with a veth pair ({@code namespace + "h"} on the host) and routes
     * {@code subnet} through it, so that the host reaches the engine's containers on a bridge of that subnet.
     */
    public void linkToHost(String hostAddress, String address, String subnet) {
        linkToHost(hostAddress, address);
        run("ip", "route", "replace", subnet, "via", address, "dev", namespace + "h");
    }

    /**
     * Links this namespace to the host's with a veth pair ({@code namespace + "h"} on the host, a /30 of the two
     * addresses), so that the host reaches what the engine publishes on {@code address}.
     */
    public void linkToHost(String hostAddress, String address) {
        String hostEnd = namespace + "h";
        String here = namespace + "n";
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", here);
        run("ip", "link", "set", here, "netns", namespace);
        run("ip", "addr", "add", hostAddress + "/30", "dev", hostEnd);
        run("ip", "link", "set", hostEnd, "up");
        inNamespace("ip", "addr", "add", address + "/30", "dev", here);
        inNamespace("ip", "link", "set", here, "up");
        inNamespace("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }

    /** Links this namespace to {@code other}'s with a veth pair, each end with its address (CIDR). */
    void link(PrivateNode other, String address, String otherAddress) {
        String here = namespace + "x";
        String there = other.namespace + "x";
        run("ip", "link", "add", here, "type", "veth", "peer", "name", there);
        run("ip", "link", "set", here, "netns", namespace);
        run("ip", "link", "set", there, "netns", other.namespace);
        inNamespace("ip", "addr", "add", address, "dev", here);
        inNamespace("ip", "link", "set", here, "up");
        other.inNamespace("ip", "addr", "add", otherAddress, "dev", there);
        other.inNamespace("ip", "link", "set", there, "up");
    }

    /**
     * Makes a network namespace of this engine's (e.g. an overlay's sandbox, under its exec root) reachable
     * from the host: a veth pair with one end in that namespace, put on its bridge, and the other on the
     * host with {@code hostAddress} (CIDR), whose subnet the host then routes through it. Returns the MAC
     * address of the host's end.
     */
    String bridgeToHost(String sandbox, String bridge, String hostAddress) {
        String alias = sandboxAlias(sandbox);
        String hostEnd = namespace + "v";
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespace + "p");
        run("ip", "link", "set", namespace + "p", "netns", alias);
        run("ip", "netns", "exec", alias, "ip", "link", "set", namespace + "p", "master", bridge);
        run("ip", "netns", "exec", alias, "ip", "link", "set", namespace + "p", "up");
        run("ip", "addr", "add", hostAddress, "dev", hostEnd);
        run("ip", "link", "set", hostEnd, "up");
        try {
            return Files.readString(Path.of("/sys/class/net", hostEnd, "address")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * In an overlay's sandbox of this engine: {@code address} has MAC {@code mac} and lives behind the VXLAN
     * tunnel end {@code tunnelEnd} (a static ARP entry and a static forwarding entry on the VXLAN device).
     */
    void pointAtTunnelEnd(String sandbox, String address, String mac, String tunnelEnd) {
        String alias = sandboxAlias(sandbox);
        String vxlan = run("ip", "netns", "exec", alias, "ip", "-o", "link", "show", "type", "vxlan")
                .lines().map(line -> line.split(":")[1].strip().replaceFirst("@.*", "")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no VXLAN device in sandbox " + sandbox));
        run("ip", "netns", "exec", alias, "ip", "neigh", "replace", address, "lladdr", mac, "dev", vxlan, "nud",
                "permanent");
        run("ip", "netns", "exec", alias, "bridge", "fdb", "replace", mac, "dev", vxlan, "dst", tunnelEnd, "self",
                "permanent");
    }

    /** A name under /var/run/netns for a namespace of this engine's, so that {@code ip netns exec} enters it. */
    private String sandboxAlias(String sandbox) {
        String alias = namespace + "o";
        run("ln", "-sfn", dir.resolve("exec").resolve("netns").resolve(sandbox).toString(), "/var/run/netns/" + alias);
        return alias;
    }

    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    public DockerClient client() {
        return client;
    }

    /** Starts the engine (no default bridge, no iptables: nothing outside the namespace changes) and waits for it. */
    public void start() {
        try {
            // nsenter enters only the network namespace (ip netns exec would also remount /sys, hiding the
            // cgroups dockerd needs) and replaces itself with dockerd: destroy() stops the daemon
            dockerd = new ProcessBuilder(List.of("nsenter", "--net=/var/run/netns/" + namespace, "--", "dockerd",
                    "--host", host(), "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
                    "--bridge", "none", "--iptables=false", "--ip6tables=false"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile())).start();
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

    /** Copies an image from the shared engine. */
    public void load(String image) {
        load(List.of(image));
    }

    /** Copies images from the shared engine in one archive, so that the layers they share travel once. */
    public void load(List<String> images) {
        var save = DockerClientFactory.instance().client().saveImagesCmd();
        for (String image : images) {
            int colon = image.lastIndexOf(':');
            boolean tagged = colon > image.lastIndexOf('/');
            save.withImage(tagged ? image.substring(0, colon) : image, tagged ? image.substring(colon + 1) : "latest");
        }
        try (InputStream saved = save.exec()) {
            client.loadImageCmd(saved).exec();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a host that goes down, reboots or upgrades Docker does to its engine: it stops, its containers with it. */
    public void stopEngine() throws InterruptedException {
        if (dockerd != null && dockerd.isAlive()) {
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() {
        try {
            stopEngine();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dockerd.destroyForcibly();
        } finally {
            // containerd shims outlive a stopped dockerd when a container would not stop
            endProcessesOf(dir);
            quietly("ip", "link", "del", namespace + "h");
            quietly("ip", "link", "del", namespace + "v");
            quietly("rm", "-f", "/var/run/netns/" + namespace + "o");
            quietly("ip", "netns", "del", namespace);
            deleteQuietly(dir);
        }
    }

    void inNamespace(String... command) {
        String[] all = new String[command.length + 3];
        System.arraycopy(new String[] { "nsenter", "--net=/var/run/netns/" + namespace, "--" }, 0, all, 0, 3);
        System.arraycopy(command, 0, all, 3, command.length);
        run(all);
    }

    /** Runs a command to its end; its output, or an exception with it when it fails. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", command) + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static int quietly(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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
