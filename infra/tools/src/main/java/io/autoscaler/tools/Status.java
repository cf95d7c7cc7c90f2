package io.autoscaler.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;

/**
 * What the stack is doing now: per pool, its bounds, the last decision, and each instance with its
 * container state (membership) next to its HAProxy server state.
 *
 * <pre>java io.autoscaler.tools.Status [--bootstrap 127.0.0.1:9094] [--stats http://127.0.0.1:8404/stats;csv]</pre>
 */
public final class Status {
    private Status() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = Options.parse(args,
                Map.of("bootstrap", "127.0.0.1:9094", "stats", "http://127.0.0.1:8404/stats;csv"));
        String bootstrap = options.get("bootstrap");
        Map<String, PoolSpec> pools = latest(Topics.POOLS, bootstrap, PoolSpec.class);
        Map<String, ScaleDecision> decisions = latest(Topics.SCALE_EVENTS, bootstrap, ScaleDecision.class);
        Map<String, PoolMembership> memberships = latest(Topics.MEMBERSHIP, bootstrap, PoolMembership.class);
        List<ServerRow> servers;
        try {
            servers = ServerRow.parse(fetch(options.get("stats")));
        } catch (IOException e) {
            System.err.println("HAProxy stats unavailable at " + options.get("stats") + ": " + e.getMessage());
            servers = List.of();
        }
        System.out.print(render(pools, decisions, memberships, servers));
    }

    static String render(Map<String, PoolSpec> pools, Map<String, ScaleDecision> decisions,
            Map<String, PoolMembership> memberships, List<ServerRow> servers) {
        if (pools.isEmpty()) {
            return "No pools. Create one with PUT /pools/{name} on the decision-engine API.\n";
        }
        StringBuilder out = new StringBuilder();
        pools.values().stream().sorted(Comparator.comparing(PoolSpec::name)).forEach(spec -> {
            PoolMembership membership = memberships.get(spec.name());
            List<PoolMembership.Instance> instances = membership == null ? List.of() : membership.instances();
            ScaleDecision decision = decisions.get(spec.name());
            out.append(String.format("pool %s  image %s  min %d  max %d  instances %d  desired %s%s%n",
                    spec.name(), spec.image(), spec.minReplicas(), spec.maxReplicas(), instances.size(),
                    decision == null ? "-" : decision.desiredReplicas(), spec.dryRun() ? "  (dry run)" : ""));
            if (decision != null) {
                out.append(String.format("  last decision %s %s: %s%n", decision.timestamp(), decision.type(),
                        decision.reason()));
            }
            Map<String, ServerRow> byServer = new HashMap<>();
            servers.stream().filter(s -> s.backend().equals(spec.haproxyBackend()))
                    .forEach(s -> byServer.put(s.server(), s));
            List<String> listed = new ArrayList<>();
            for (PoolMembership.Instance instance : instances) {
                String server = Naming.serverName(spec.name(), instance.instanceId());
                ServerRow row = byServer.get(server);
                listed.add(server);
                out.append(String.format("  %-24s %-9s %-21s haproxy %s%n", server, instance.state(),
                        instance.host() + ":" + instance.port(),
                        row == null ? "-" : row.status() + ", " + row.sessions() + " sessions"));
            }
            byServer.values().stream().filter(r -> !listed.contains(r.server()))
                    .sorted(Comparator.comparing(ServerRow::server))
                    .forEach(r -> out.append(String.format("  %-24s %-9s %-21s haproxy %s, %d sessions%n",
                            r.server(), "-", "(not in membership)", r.status(), r.sessions())));
        });
        return out.toString();
    }

    private static <T> Map<String, T> latest(String topicName, String bootstrap, Class<T> type) {
        Map<String, T> values = new HashMap<>();
        try (Topic topic = new Topic(topicName, bootstrap)) {
            topic.latestByKey().forEach((key, value) -> {
                try {
                    values.put(key, EventJson.decode(value, type));
                } catch (RuntimeException e) {
                    System.err.println("skipping an unreadable record on " + topicName + " for " + key);
                }
            });
        }
        return values;
    }

    private static String fetch(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** A server row of HAProxy's stats CSV: only what status shows, found by header name. */
    public record ServerRow(String backend, String server, String status, int sessions) {
        public static List<ServerRow> parse(String csv) {
            String[] lines = csv.split("\n");
            if (lines.length == 0 || !lines[0].startsWith("# ")) {
                return List.of();
            }
            List<String> header = List.of(lines[0].substring(2).split(",", -1));
            int px = header.indexOf("pxname");
            int sv = header.indexOf("svname");
            int st = header.indexOf("status");
            int cur = header.indexOf("scur");
            List<ServerRow> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",", -1);
                if (f.length < header.size() || f[sv].equals("FRONTEND") || f[sv].equals("BACKEND")) {
                    continue;
                }
                rows.add(new ServerRow(f[px], f[sv], f[st], f[cur].isEmpty() ? 0 : Integer.parseInt(f[cur])));
            }
            return rows;
        }
    }
}
