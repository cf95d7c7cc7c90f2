package io.autoscaler.lbconfigurator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.autoscaler.lbconfigurator.haproxy.Backend.Health;
import io.autoscaler.lbconfigurator.haproxy.Backend.Server;

/**
 * Turns successive readings of server check status into UP and DOWN transitions. A server first
 * seen is reported as it is, except one we have just added, whose first reading (UP, as it joins UP) is
 * reported as a change.
 */
public final class StatusWatch {
    private final Map<String, Health> last = new HashMap<>();

    public record Change(String server, Health health) {
    }

    /** A server we added: counted DOWN until read, so that its UP is reported once it is seen serving. */
    public void added(String server) {
        last.put(server, Health.DOWN);
    }

    /** The transitions since the last reading; servers no longer present are forgotten. */
    public List<Change> observe(List<Server> servers) {
        Set<String> present = servers.stream().map(Server::name).collect(Collectors.toSet());
        last.keySet().retainAll(present);
        List<Change> changes = new ArrayList<>();
        for (Server server : servers) {
            Health now = server.health();
            if (now == null) {
                continue; // in maintenance: checks stopped, nothing to report
            }
            if (last.put(server.name(), now) != now) {
                changes.add(new Change(server.name(), now));
            }
        }
        return changes;
    }
}
