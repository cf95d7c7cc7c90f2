package io.autoscaler.lbconfigurator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;

import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaTestResource;
import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.TestImages;

/**
 * A private two-node Swarm cluster ({@link PrivateSwarm}) and HAProxy as the stack runs it in swarm mode, on the
 * manager: a container on a control network of its own (a bridge, 10.213.21.0/24, HAProxy at
 * {@link #CONTROL_ADDRESS}) and on the data overlay {@code swarm-data}. Its stats page, admin port and master CLI
 * bind the control address only; the frontend binds every address. The host reaches the control network through
 * a veth pair into the manager's namespace (10.213.20.1 ↔ .2), as the in-process lb-configurator reaches HAProxy's
 * control address in the stack. The real broker comes from {@link KafkaTestResource}.
 */
public class HaproxyOnSwarm extends KafkaTestResource {
    public static final String CONTROL_ADDRESS = "10.213.21.2";
    /** The host's end of its link into the manager's namespace (where the test's Kafka port is published too). */
    public static final String HOST_END = "10.213.20.1";
    private static final String CONTROL_NETWORK = "lb-control";
    private static final String CONTROL_SUBNET = "10.213.21.0/24";

    private static PrivateSwarm swarm;
    private static Path hostDir;
    private static String haproxyId;

    @Override
    public Map<String, String> start() {
        swarm = new PrivateSwarm(List.of(TestImages.demoApp().asCanonicalNameString()));
        try {
            swarm.manager().load(TestImages.haproxy().asCanonicalNameString());
            swarm.manager().linkToHost(HOST_END, "10.213.20.2", CONTROL_SUBNET);
            hostDir = Files.createTempDirectory("haproxy-swarm").toAbsolutePath();
            startHaproxy();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        Map<String, String> config = new HashMap<>(super.start());
        config.put("haproxy.admin.socket", "tcp://" + CONTROL_ADDRESS + ":" + HaproxyContainer.ADMIN_PORT);
        config.put("autoscaler.lb.base-config", baseConfig().toString());
        config.put("autoscaler.lb.generated-dir", generatedDir().toString());
        config.put("autoscaler.lb.master-socket", "tcp://" + CONTROL_ADDRESS + ":" + HaproxyContainer.MASTER_PORT);
        config.put("autoscaler.lb.haproxy-binary", haproxyBinary().toString());
        config.put("autoscaler.pools.networks", PrivateSwarm.DATA_NETWORK);
        return config;
    }

    /**
     * The stack's base file (defaults, stats and admin on the control address) and HAProxy's command line of
     * generated-configuration mode, in a container of the manager's engine.
     */
    private static void startHaproxy() throws IOException {
        DockerClient docker = swarm.manager().client();
        docker.createNetworkCmd().withName(CONTROL_NETWORK).withDriver("bridge").withIpam(new Network.Ipam()
                .withConfig(new Network.Ipam.Config().withSubnet(CONTROL_SUBNET).withGateway("10.213.21.1"))).exec();
        Files.createDirectories(generatedDir());
        // only its text: the container class runs on the shared engine, this HAProxy on the manager's
        Files.writeString(baseConfig(), new HaproxyContainer().bindingControlTo(CONTROL_ADDRESS).config());
        String dir = hostDir.toString();
        haproxyId = docker.createContainerCmd(TestImages.haproxy().asCanonicalNameString()).withName("haproxy")
                .withUser("root").withIpv4Address(CONTROL_ADDRESS)
                .withCmd("haproxy", "-W", "-db", "-S", "ipv4@" + CONTROL_ADDRESS + ":" + HaproxyContainer.MASTER_PORT,
                        "-f", baseConfig().toString(), "-f", generatedDir() + "/")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(CONTROL_NETWORK)
                        .withBinds(new Bind(dir, new Volume(dir), AccessMode.rw)))
                .exec().getId();
        docker.connectToNetworkCmd().withContainerId(haproxyId).withNetworkId(PrivateSwarm.DATA_NETWORK).exec();
        docker.startContainerCmd(haproxyId).exec();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create(statsUrl())).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
    }

    /** {@code docker exec} into HAProxy's container on the manager, for the configurator's {@code haproxy -c}. */
    private static Path haproxyBinary() {
        Path script = hostDir.resolve("haproxy-on-manager");
        try {
            Files.writeString(script, "#!/bin/sh\nexec docker -H " + swarm.manager().host() + " exec " + haproxyId
                    + " haproxy \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    @Override
    public void stop() {
        if (swarm != null) {
            swarm.close(); // HAProxy's container, the services and the networks go with the engines
        }
        if (hostDir != null) {
            try (Stream<Path> paths = Files.walk(hostDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static PrivateSwarm swarm() {
        return swarm;
    }

    /** HAProxy's address on the data overlay, where the pool's instances see it. */
    public static String haproxyOnData() {
        return swarm.manager().client().inspectContainerCmd(haproxyId).exec().getNetworkSettings().getNetworks()
                .get(PrivateSwarm.DATA_NETWORK).getIpAddress();
    }

    public static String frontendUrl() {
        return "http://" + CONTROL_ADDRESS + ":" + HaproxyContainer.HTTP_PORT;
    }

    public static String statsUrl() {
        return "http://" + CONTROL_ADDRESS + ":" + HaproxyContainer.STATS_PORT + "/stats";
    }

    public static Path generatedDir() {
        return hostDir.resolve("generated");
    }

    /** A file the configurator writes for HAProxy (pools.cfg, server-state), empty until written. */
    public static String generated(String file) {
        Path path = generatedDir().resolve(file);
        try {
            return Files.exists(path) ? Files.readString(path) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path baseConfig() {
        return hostDir.resolve("haproxy.cfg");
    }
}
