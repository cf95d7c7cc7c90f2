package io.autoscaler.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private final List<String> backends = new ArrayList<>();
    private String extraConfig = "";
    private String controlAddress = "0.0.0.0";
    private Network dataNetwork;
    private String dataAlias;

    public HaproxyContainer() {
        super(TestImages.haproxy());
        // root, as in the stack, so that it can hand the admin socket to the lb-configurator's uid
        withCreateContainerCmdModifier(cmd -> cmd.withUser("root"));
        withExposedPorts(HTTP_PORT, STATS_PORT, ADMIN_PORT);
        waitingFor(Wait.forHttp("/stats").forPort(STATS_PORT).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /** An empty backend (leastconn, HTTP health check on /health) the frontend routes to; the first is the default. */
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

    @Override
    protected void configure() {
        withCopyToContainer(Transferable.of(config()), CONFIG_PATH);
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

                listen stats
                    bind %s:%d
                    stats enable
                    stats uri /stats
                    stats refresh 5s

                frontend web
                    bind *:%d
                """.formatted(ADMIN_SOCKET, ADMIN_UID, ADMIN_UID, controlAddress, ADMIN_PORT, controlAddress,
                STATS_PORT, HTTP_PORT));
        if (!backends.isEmpty()) {
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
