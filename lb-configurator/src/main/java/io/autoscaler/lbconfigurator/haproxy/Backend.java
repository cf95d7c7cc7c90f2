package io.autoscaler.lbconfigurator.haproxy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;

/** One HAProxy backend as the configurator sees it: its algorithm and its servers, state and traffic joined. */
public record Backend(String name, String algorithm, List<Server> servers) {

    /** Algorithms that refuse servers added at runtime (HAProxy needs a dynamic one). */
    private static final Set<String> STATIC_ALGORITHMS = Set.of("static-rr", "source", "uri", "url_param", "hdr",
            "rdp-cookie", "hash");

    public Backend {
        servers = List.copyOf(servers);
    }

    public boolean acceptsDynamicServers() {
        return algorithm.isEmpty() || STATIC_ALGORITHMS.stream().noneMatch(algorithm::startsWith);
    }

    public Map<String, Server> byName() {
        return servers.stream().collect(Collectors.toMap(Server::name, Function.identity()));
    }

    /** A server: where it points, its admin state, its check status, and what it is still serving. */
    public record Server(String name, String address, int port, Admin admin, String status, int sessions, int queued,
            int usedConnections) {

        /** No session, no queued request, no connection in use: safe to remove. */
        public boolean idle() {
            return sessions == 0 && queued == 0 && usedConnections == 0;
        }

        /** UP or DOWN as HAProxy's checks see it; null while in maintenance (checks stopped). */
        public Health health() {
            if (status.startsWith("DOWN")) {
                return Health.DOWN;
            }
            if (status.startsWith("MAINT") || status.isEmpty()) {
                return null;
            }
            return Health.UP; // UP, UP 1/2 (going down), DRAIN, NOLB, no check
        }
    }

    public enum Health {
        UP, DOWN
    }

    /** Joins the backend's {@code show stat} rows with its {@code show servers state} lines by server name. */
    public static Backend of(String name, List<StatRow> stats, List<ServerState> states) {
        Map<String, StatRow> statByServer = stats.stream().filter(r -> r.backend().equals(name) && !r.isBackend())
                .collect(Collectors.toMap(StatRow::name, Function.identity(), (a, b) -> a));
        String algorithm = stats.stream().filter(r -> r.backend().equals(name) && r.isBackend())
                .map(StatRow::algorithm).findFirst().orElse("");
        List<Server> servers = states.stream().filter(s -> s.backend().equals(name)).map(s -> {
            StatRow stat = statByServer.get(s.name());
            return stat == null
                    ? new Server(s.name(), s.address(), s.port(), s.admin(), "", 0, 0, 0)
                    : new Server(s.name(), s.address(), s.port(), s.admin(), stat.status(), stat.sessions(),
                            stat.queued(), stat.usedConnections());
        }).toList();
        return new Backend(name, algorithm, servers);
    }
}
