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
 * a frontend, the stats page and, for tests only, the admin runtime API on a TCP port (the stack
 * uses a unix socket that no host port reaches). Its {@code defaults} are the stack's
 * ({@code infra/haproxy/haproxy.cfg}; a test keeps them equal), so tests measure what users run.
 */
public class HaproxyContainer extends GenericContainer<HaproxyContainer> {
    public static final int HTTP_PORT = 8080;
    public static final int STATS_PORT = 8404;
    public static final int ADMIN_PORT = 9999;
    public static final String CONFIG_PATH = "/usr/local/etc/haproxy/haproxy.cfg";

    private final List<String> backends = new ArrayList<>();
    private String extraConfig = "";

    public HaproxyContainer() {
        super(TestImages.haproxy());
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

    @Override
    protected void configure() {
        withCopyToContainer(Transferable.of(config()), CONFIG_PATH);
    }

    public String config() {
        StringBuilder cfg = new StringBuilder("""
                global
                    stats socket ipv4@0.0.0.0:%d level admin
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
                    bind *:%d
                    stats enable
                    stats uri /stats
                    stats refresh 5s

                frontend web
                    bind *:%d
                """.formatted(ADMIN_PORT, STATS_PORT, HTTP_PORT));
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
