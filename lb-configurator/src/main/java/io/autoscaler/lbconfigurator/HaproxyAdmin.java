package io.autoscaler.lbconfigurator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Command;
import io.autoscaler.lbconfigurator.haproxy.Haproxy;
import io.autoscaler.lbconfigurator.haproxy.HaproxyInfo;
import io.autoscaler.lbconfigurator.haproxy.RuntimeApiException;
import io.autoscaler.lbconfigurator.haproxy.SocketRuntimeApi;
import io.autoscaler.lbconfigurator.haproxy.StatRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The HAProxy admin socket of {@code HAPROXY_ADMIN_SOCKET}, with every command timed and counted
 * by pool, command and outcome ({@code autoscaler_lb_commands_seconds}).
 */
@ApplicationScoped
public class HaproxyAdmin {
    private static final Logger LOG = Logger.getLogger(HaproxyAdmin.class);

    @ConfigProperty(name = "haproxy.admin.socket", defaultValue = "/var/run/haproxy/admin.sock")
    String socket;

    @ConfigProperty(name = "autoscaler.lb.command-timeout", defaultValue = "5s")
    Duration timeout;

    @Inject
    MeterRegistry registry;

    private Haproxy haproxy;
    private String problem;

    @PostConstruct
    void connect() {
        haproxy = new Haproxy(SocketRuntimeApi.of(socket, timeout));
    }

    public HaproxyInfo info() {
        return timed("-", "show info", haproxy::info);
    }

    /** Its process info, or empty when unreachable (logged once per distinct problem). */
    public Optional<HaproxyInfo> infoIfReachable() {
        try {
            HaproxyInfo info = info();
            if (problem != null) {
                LOG.infof("HAProxy at %s answers again (pid %d)", socket, info.pid());
                problem = null;
            }
            return Optional.of(info);
        } catch (RuntimeApiException e) {
            if (!e.reason().equals(problem)) {
                LOG.warnf("HAProxy runtime API unavailable: %s", e.reason());
                problem = e.reason();
            }
            return Optional.empty();
        }
    }

    /** The current servers of each of these backends, by backend. */
    public Map<String, List<Backend.Server>> servers(List<String> backends, List<StatRow> stats) {
        Map<String, List<Backend.Server>> servers = new HashMap<>();
        backends.forEach(b -> servers.put(b, backend("-", b, stats).servers()));
        return servers;
    }

    public List<StatRow> stats() {
        return timed("-", "show stat", haproxy::stats);
    }

    public Backend backend(String pool, String backend, List<StatRow> stats) {
        return timed(pool, "show servers state", () -> haproxy.backend(backend, stats));
    }

    public String serversState() {
        return timed("-", "show servers state", haproxy::serversState);
    }

    /** Runs an action command; {@code command} names it in metrics (add, drain, del, ...). */
    public String run(String pool, String command, Command commandLine) {
        return timed(pool, command, () -> haproxy.run(commandLine));
    }

    private <T> T timed(String pool, String command, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (RuntimeApiException e) {
            outcome = e.refusal() == null ? "unreachable" : e.refusal().kind().name().toLowerCase();
            throw e;
        } finally {
            Timer.builder("autoscaler.lb.commands").description("HAProxy runtime-API commands")
                    .tags("pool", pool, "command", command, "outcome", outcome).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public String socket() {
        return socket;
    }
}
