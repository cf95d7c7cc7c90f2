package io.autoscaler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real HAProxy (the official image, or the local Debian one offline) with empty dynamic backends,
 * a frontend, the stats page and the admin runtime API on a unix socket only the lb-configurator's uid
 * may open, as in the stack, plus, for tests only, on a TCP port. Its {@code defaults} are the stack's
 * ({@code infra/haproxy/haproxy.cfg}; a test keeps them equal), so tests measure what users run.
 * {@link #onNetworks} gives it the stack's two networks: the stats page and the admin port then bind the
 * control address only, and the app containers on the data network reach the frontend alone.
 * {@link #withGeneratedConfig} runs it as the stack does since the lb-configurator generates part of the
 * configuration: a master CLI, the base file plus a directory of generated files, both on the host.
 */
public class HaproxyContainer extends GenericContainer<HaproxyContainer> {
    public static final int HTTP_PORT = 8080;
    public static final int STATS_PORT = 8404;
    public static final int ADMIN_PORT = 9999;
    public static final String CONFIG_PATH = "/usr/local/etc/haproxy/haproxy.cfg";
    public static final String ADMIN_SOCKET = "/tmp/admin.sock";
    /** The lb-configurator's uid and gid in the stack (docker-compose.yml): the admin socket's only user. */
    public static final int ADMIN_UID = 1185;
    /** The alias of its control-network address, where stats and admin listen when on two networks. */
    public static final String CONTROL_ALIAS = "haproxy-control";
    /** The master CLI's port, in generated-configuration mode. */
    public static final int MASTER_PORT = 9997;
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-f0-9]{12,64}");

    private final List<String> backends = new ArrayList<>();
    private String extraConfig = "";
    private String controlAddress = "0.0.0.0";
    private Network dataNetwork;
    private String dataAlias;
    private Path hostDir;

    public HaproxyContainer() {
        super(TestImages.haproxy());
        // root, as in the stack, so that it can hand the admin socket to the lb-configurator's uid
        withCreateContainerCmdModifier(cmd -> cmd.withUser("root"));
        withExposedPorts(HTTP_PORT, STATS_PORT, ADMIN_PORT);
        waitingFor(Wait.forHttp("/stats").forPort(STATS_PORT).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /**
     * An empty backend (leastconn, HTTP health check on /health) that frontend {@code web} routes to; the
     * first is the default. Without any, the base file has no frontend {@code web}.
     */
    public HaproxyContainer withBackend(String name) {
        backends.add(name);
        return this;
    }

    /** Config appended verbatim, e.g. a static backend or a backend with a non-dynamic algorithm. */
    public HaproxyContainer withExtraConfig(String config) {
        extraConfig = extraConfig + config + "\n";
        return this;
    }

    public HaproxyContainer onNetwork(Network network, String alias) {
        withNetwork(network);
        withNetworkAliases(alias);
        return this;
    }

    /**
     * The stack's topology: on {@code control} (as {@code alias} and {@link #CONTROL_ALIAS}) and on
     * {@code data} (as {@code alias}); ports published to the host map to the control address as long as
     * {@code data} is internal (Docker never takes an internal network as a container's gateway).
     */
    public HaproxyContainer onNetworks(Network control, Network data, String alias) {
        withNetwork(control);
        withNetworkAliases(alias, CONTROL_ALIAS);
        controlAddress = CONTROL_ALIAS;
        dataNetwork = data;
        dataAlias = alias;
        return this;
    }

    /**
     * Stats and the admin port bind {@code address} only, e.g. HAProxy's fixed address on a control network
     * the test made on another engine (a {@code PrivateSwarm}'s manager), where no alias resolves.
     */
    public HaproxyContainer bindingControlTo(String address) {
        controlAddress = address;
        return this;
    }

    /**
     * Master-worker mode with the master CLI on {@link #MASTER_PORT}, loading {@link #baseConfig()} and then
     * every {@code *.cfg} of {@link #generatedDir()}. Both live in {@code hostDir}, bind-mounted at the same
     * path, so a path the lb-configurator writes on the host is valid inside the container, and files
     * written there survive a container restart.
     */
    public HaproxyContainer withGeneratedConfig(Path hostDir) {
        this.hostDir = hostDir.toAbsolutePath();
        addExposedPorts(MASTER_PORT);
        return this;
    }

    @Override
    protected void configure() {
        if (hostDir == null) {
            withCopyToContainer(Transferable.of(config()), CONFIG_PATH);
            return;
        }
        try {
            Files.createDirectories(generatedDir());
            Files.writeString(baseConfig(), config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // in the create command: withFileSystemBind first probes file mounting with alpine:3.17, which
        // cannot be pulled offline
        String dir = hostDir.toString();
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withBinds(new Bind(dir, new Volume(dir), AccessMode.rw)));
        withCommand("haproxy", "-W", "-db", "-S", "ipv4@0.0.0.0:" + MASTER_PORT, "-f", baseConfig().toString(),
                "-f", generatedDir() + "/");
    }

    /** The base (user's) file, in generated-configuration mode. */
    public Path baseConfig() {
        return hostDir.resolve("haproxy.cfg");
    }

    /** The directory the lb-configurator writes pools.cfg and the server-state file to. */
    public Path generatedDir() {
        return hostDir.resolve("generated");
    }

    /** The master CLI as the lb-configurator takes it, e.g. {@code tcp://localhost:49160}. */
    public String masterSocket() {
        return "tcp://" + getHost() + ":" + getMappedPort(MASTER_PORT);
    }

    /**
     * An executable for {@code autoscaler.lb.haproxy-binary}: the host has no haproxy, so it runs this
     * container's, {@code docker exec <id> haproxy "$@"}, its arguments passed through untouched.
     */
    public Path haproxyBinary() {
        String id = getContainerId();
        if (id == null || !CONTAINER_ID.matcher(id).matches()) {
            throw new IllegalStateException("no container id to exec into: " + id);
        }
        Path script = hostDir.resolve("haproxy-in-container");
        try {
            Files.writeString(script, "#!/bin/sh\nexec docker exec " + id + " haproxy \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    @Override
    protected void containerIsCreated(String containerId) {
        if (dataNetwork != null) {
            getDockerClient().connectToNetworkCmd().withContainerId(containerId).withNetworkId(dataNetwork.getId())
                    .withContainerNetwork(new com.github.dockerjava.api.model.ContainerNetwork()
                            .withAliases(dataAlias))
                    .exec();
        }
    }

    public String config() {
        StringBuilder cfg = new StringBuilder("""
                global
                    stats socket %s mode 600 uid %d gid %d level admin
                    stats socket ipv4@%s:%d level admin
                    stats timeout 2m

                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                    timeout http-keep-alive 5s
                    timeout queue 10s
                    timeout check 5s
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response
                    option idle-close-on-response

                listen stats
                    bind %s:%d
                    stats enable
                    stats uri /stats
                    stats refresh 5s
                """.formatted(ADMIN_SOCKET, ADMIN_UID, ADMIN_UID, controlAddress, ADMIN_PORT, controlAddress,
                STATS_PORT));
        // without backends of its own, the frontend is the lb-configurator's to generate
        if (!backends.isEmpty()) {
            cfg.append("\nfrontend web\n    bind *:").append(HTTP_PORT).append('\n');
            cfg.append("    default_backend ").append(backends.get(0)).append('\n');
        }
        for (String backend : backends) {
            cfg.append("""

                    backend %s
                        balance leastconn
                        option httpchk GET /health
                        http-check expect status 200
                    """.formatted(backend));
        }
        cfg.append('\n').append(extraConfig);
        return cfg.toString();
    }

    /** The frontend, e.g. {@code http://127.0.0.1:49153}. */
    public String frontendUrl() {
        return "http://" + getHost() + ":" + getMappedPort(HTTP_PORT);
    }

    /** The stats CSV, as the metrics-collector reads it. */
    public String statsCsvUrl() {
        return "http://" + getHost() + ":" + getMappedPort(STATS_PORT) + "/stats;csv";
    }

    public String adminHost() {
        return getHost();
    }

    public int adminPort() {
        return getMappedPort(ADMIN_PORT);
    }
}
